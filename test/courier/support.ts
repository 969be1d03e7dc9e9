/**
 * Black-box courier tests: real `gatehouse courier watch` processes on a test database, mail
 * queued through the test's own connection (no HTTP flow sends mail yet).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, type TestContext } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { Courier } from '../../src/courier/courier.js';
import type { CourierMessage } from '../../src/courier/message.js';
import { EmailTemplates } from '../../src/courier/templates.js';
import type { SqlDatabase } from '../../src/persistence/sql/connect.js';
import { systemClock } from '../../src/x/time.js';
import { freshDatabase, type FreshDatabase, type TestDialect } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { DEFAULT_SCHEMA_PATH, REPO_ROOT, STACK_TRACE_RE, deepMerge } from '../helpers/server.js';

type Doc = Record<string, unknown>;

const BIN = join(REPO_ROOT, 'bin/gatehouse.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Short retries so that tests see many of them (worker.ts documents these variables). */
export const FAST_RETRY_ENV = { GATEHOUSE_COURIER_RETRY_MAX_INTERVAL: '300ms' };

/** The smallest valid configuration running a courier on `dsn` and sending to `connectionUri`. */
export function courierConfig(dsn: string, connectionUri: string | null, over: Doc = {}): Doc {
  const base: Doc = {
    dsn,
    identity: { default_schema_url: pathToFileURL(DEFAULT_SCHEMA_PATH).href },
    selfservice: { default_browser_return_url: 'http://127.0.0.1:4455/' },
    log: { format: 'json' },
    ...(connectionUri === null ? {} : { courier: { smtp: { connection_uri: connectionUri } } }),
  };
  return deepMerge(base, over);
}

/** A courier on the test's connection, rendering with the built-in templates. */
export function testCourier(db: SqlDatabase): Courier {
  return new Courier({
    templates: new EmailTemplates({ overridePath: 'courier/builtin/templates' }),
    persister: db.courier,
    clock: systemClock,
    config: { raw: {} },
  });
}

/** Queues `n` stub mails to `<prefix>-<i>@example.org`; returns them oldest first. */
export async function queueStubs(db: SqlDatabase, n: number, prefix: string): Promise<CourierMessage[]> {
  const c = testCourier(db);
  const out: CourierMessage[] = [];
  for (let i = 0; i < n; i++) {
    const to = `${prefix}-${i}@example.org`;
    out.push(await c.enqueue('stub', to, { To: to, Subject: `${prefix} ${i}`, Body: `body ${i}` }));
  }
  return out;
}

export interface CourierProcess {
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly alive: boolean;
  /** Fails when the log holds a stack trace or the process died. */
  assertHealthy(context?: string): void;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (graceful), SIGKILL after 10 s; removes the config. */
  stop(): Promise<void>;
}

/**
 * Runs `gatehouse <args> -c <config>`; with `waitFor`, resolves once stdout matches it. The
 * process is stopped after the test `t`, whatever happens in it.
 */
export async function spawnGatehouse(
  t: TestContext,
  args: string[],
  config: Doc,
  opts: { env?: Record<string, string>; waitFor?: RegExp; timeoutMs?: number } = {},
): Promise<CourierProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-courier-'));
  const configPath = join(dir, 'kratos.yml');
  await writeFile(configPath, toYaml(config));
  const env: NodeJS.ProcessEnv = {};
  // Variables naming config keys would change the configuration: pass only the basics.
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k]) env[k] = process.env[k];
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args, '-c', configPath], {
    cwd: REPO_ROOT,
    env: { ...env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  const cleanup = () => rm(dir, { recursive: true, force: true });
  void exited.then(cleanup);
  let stopping = false;
  const proc: CourierProcess = {
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    get alive() {
      return exit === null;
    },
    assertHealthy(context = '') {
      if (exit && !stopping) throw new Error(`gatehouse ${args.join(' ')} died ${JSON.stringify(exit)} ${context}\nstderr:\n${stderr}`);
      const m = STACK_TRACE_RE.exec(stderr);
      if (m) throw new Error(`gatehouse logged a stack trace ${context}:\n${stderr.slice(Math.max(0, m.index - 2000), m.index + 2000)}`);
    },
    kill(signal) {
      stopping = true;
      child.kill(signal);
    },
    async stop() {
      stopping = true;
      if (exit === null) {
        child.kill('SIGTERM');
        const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
        if (!done) child.kill('SIGKILL');
      }
      await exited;
    },
  };
  t.after(() => proc.stop());
  if (opts.waitFor) {
    // Generous: on a loaded machine loading the sources alone has taken half a minute.
    const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
    while (!opts.waitFor.test(stdout)) {
      if (exit !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`gatehouse ${args.join(' ')} did not start (${JSON.stringify(exit)}).\nstderr:\n${stderr}\nstdout:\n${stdout}`);
      }
      await sleep(50);
    }
  }
  return proc;
}

/** `gatehouse courier watch` on `config`, resolved once it is watching. */
export function startCourierWatch(t: TestContext, config: Doc, env: Record<string, string> = {}, flags: string[] = []): Promise<CourierProcess> {
  return spawnGatehouse(t, ['courier', 'watch', ...flags], config, { env, waitFor: /Courier is watching/ });
}

/** Polls `fn` until it returns true or fails after `timeoutMs`. */
export async function eventually(what: string, fn: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await sleep(50);
  }
}

/** Log lines (JSON) of a process whose `msg` matches. */
export function logLines(stderr: string, msg: RegExp): Doc[] {
  const out: Doc[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const doc = JSON.parse(line) as Doc;
      if (msg.test(String(doc.msg))) out.push(doc);
    } catch {
      // not a log line
    }
  }
  return out;
}

export interface SuiteFixture {
  /** The suite's migrated database (test-side connection). */
  readonly fresh: FreshDatabase;
  /** A plain (no TLS) mailbox, running during the suite when asked for. */
  readonly mailbox: Mailbox;
}

/** A fresh database, and optionally a running mailbox, for the enclosing suite; removed after it. */
export function useSuiteFixture(dialect: TestDialect, opts: { mailbox?: boolean } = {}): SuiteFixture {
  const mailbox = new Mailbox();
  let fresh: FreshDatabase | undefined;
  before(async () => {
    fresh = await freshDatabase(dialect);
    if (opts.mailbox) await mailbox.start();
  });
  after(async () => {
    await mailbox.stop();
    await fresh?.cleanup();
  });
  return {
    get fresh() {
      if (!fresh) throw new Error('database not ready (before hook failed?)');
      return fresh;
    },
    mailbox,
  };
}
