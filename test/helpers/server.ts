/**
 * Black-box harness: starts a real `gatehouse serve` child process on a fresh database of the
 * requested dialect, on free ports of 127.0.0.1, and hands out clients plus the in-process
 * handles (database, session service) that tests need while HTTP flows cannot yet create
 * sessions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, afterEach, before } from 'node:test';
import { Configuration, MetadataApi, V0alpha2Api } from '@ory/kratos-client';
import { stringify as toYaml } from 'yaml';
import { SessionManager, type SessionSettings } from '../../src/session/manager.js';
import type { AuthenticationMethodName, Session } from '../../src/session/session.js';
import { hashToken } from '../../src/session/tokens.js';
import { systemClock } from '../../src/x/time.js';
import { dialects, freshDatabase, type TestDialect } from './databases.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(REPO_ROOT, 'bin/gatehouse.js');
const FIXTURES = join(REPO_ROOT, 'test/helpers/fixtures');

/** Every suite runs once per dialect (both unless GATEHOUSE_TEST_DIALECTS narrows a local run). */
export const DIALECTS: readonly TestDialect[] = dialects;
export type Dialect = TestDialect;

export const SESSION_COOKIE = 'ory_kratos_session';
export const COOKIE_SECRET = 'gatehouse-conformance-cookie-secret-0001';
export const DEFAULT_SCHEMA_PATH = join(FIXTURES, 'identity.default.schema.json');
export const OTHER_SCHEMA_PATH = join(FIXTURES, 'identity.other.schema.json');
const DAY_MS = 24 * 60 * 60 * 1000;

type Doc = Record<string, unknown>;
type Db = Awaited<ReturnType<typeof freshDatabase>>['db'];

export interface StartOptions {
  dialect: Dialect;
  /**
   * Merged key by key over the base configuration (arrays replace). A function is called when
   * the server starts (in the suite's `before`), for values only known then (e.g. the port of a
   * loopback SMTP server or web-hook target started by an earlier `before`).
   */
  config?: Doc | (() => Doc);
  /** Extra environment variables of the child (the child gets no other inherited variables but PATH/HOME/TMPDIR). */
  env?: Record<string, string>;
  dev?: boolean;
  readyTimeoutMs?: number;
}

export interface IssuedSession {
  session: Session;
  token: string;
  /** Value of a valid `ory_kratos_session` cookie for this session. */
  cookie: string;
}

export interface Gatehouse {
  dialect: Dialect;
  /** Base URLs with a trailing slash, as configured in `serve.*.base_url`. */
  publicUrl: string;
  adminUrl: string;
  /** The effective configuration document written to the config file. */
  config: Doc;
  /** The migrated database the server runs on (test-side connection). */
  db: Db;
  /** Session service against the same database and cookie secrets as the server. */
  sessionManager: SessionManager;
  /** Clients that return every response (no throw on 4xx/5xx) and never follow redirects. */
  publicApi: V0alpha2Api;
  adminApi: V0alpha2Api;
  publicMetadata: MetadataApi;
  adminMetadata: MetadataApi;
  /** A V0alpha2Api on `basePath` that follows redirects the way the stock client does. */
  followingApi(basePath: string): V0alpha2Api;
  /** Issues a session for an identity in-process (HTTP flows cannot create sessions yet). */
  issueSession(identityId: string, opts?: { methods?: AuthenticationMethodName[]; lifespanMs?: number }): Promise<IssuedSession>;
  /** Marks a session revoked (`active = false`) in-process. */
  revokeSession(token: string): Promise<void>;
  /** Everything the child wrote to stderr (its log) so far. */
  stderr(): string;
  stdout(): string;
  /** Fails when the server log contains a stack trace or the process died. */
  assertHealthyLog(context?: string): void;
  stop(): Promise<void>;
}

const isPlainObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepMerge(base: Doc, over: Doc): Doc {
  const out: Doc = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const cur = out[k];
    out[k] = isPlainObject(cur) && isPlainObject(v) ? deepMerge(cur, v) : v;
  }
  return out;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** Matches V8 stack frames, also when JSON-escaped inside a log line, and pino's `stack` key. */
export const STACK_TRACE_RE = /(?:\\n|\n)\s*at \S[^\n]*?:\d+:\d+|"stack"\s*:/;

function baseConfig(dsn: string, publicPort: number, adminPort: number): Doc {
  return {
    version: 'v0.8.2-alpha.1',
    dsn,
    serve: {
      public: { host: '127.0.0.1', port: publicPort, base_url: `http://127.0.0.1:${publicPort}/` },
      admin: { host: '127.0.0.1', port: adminPort, base_url: `http://127.0.0.1:${adminPort}/` },
    },
    selfservice: {
      default_browser_return_url: 'http://127.0.0.1:4455/',
      whitelisted_return_urls: ['http://127.0.0.1:4455'],
      flows: {
        error: { ui_url: 'http://127.0.0.1:4455/error' },
        login: { ui_url: 'http://127.0.0.1:4455/login' },
        registration: { ui_url: 'http://127.0.0.1:4455/registration' },
        settings: { ui_url: 'http://127.0.0.1:4455/settings' },
      },
    },
    log: { level: 'warning', format: 'json' },
    secrets: { cookie: [COOKIE_SECRET], default: ['gatehouse-conformance-default-secret'] },
    identity: {
      default_schema_url: pathToFileURL(DEFAULT_SCHEMA_PATH).href,
      schemas: [{ id: 'other', url: pathToFileURL(OTHER_SCHEMA_PATH).href }],
    },
  };
}

function childEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  // The server maps every environment variable that names a config key onto the config
  // (config.md §1.1), so the child must not inherit whatever the test runner has set.
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) if (process.env[k]) env[k] = process.env[k];
  // Mail-reading tests wait for the courier: poll its queue every 100 ms instead of every second.
  return { ...env, GATEHOUSE_COURIER_POLL_INTERVAL: '100ms', ...extra };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('health/ready', url), { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** Starts `gatehouse serve` and resolves once `/health/ready` answers 200 on both listeners. */
export async function startGatehouse(opts: StartOptions): Promise<Gatehouse> {
  const database = await freshDatabase(opts.dialect);
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-conformance-'));
  let child: ChildProcess | undefined;
  try {
    const over = typeof opts.config === 'function' ? opts.config() : (opts.config ?? {});
    let config: Doc = {};
    let proc: ChildProcess | undefined;
    let stderr = '';
    let stdout = '';
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let exited: Promise<void> = Promise.resolve();
    // A port found free can be taken by a parallel test file before the child binds it: retry then.
    for (let attempt = 1; ; attempt++) {
      const [publicPort, adminPort] = [await freePort(), await freePort()];
      config = deepMerge(baseConfig(database.dsn, publicPort, adminPort), over);
      const configPath = join(dir, 'kratos.yml');
      await writeFile(configPath, toYaml(config));

      const args = [BIN, 'serve', '-c', configPath, ...(opts.dev ? ['--dev'] : [])];
      const p = spawn(process.execPath, args, { cwd: REPO_ROOT, env: childEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
      proc = child = p;
      running.add(p);
      stderr = '';
      stdout = '';
      exit = null;
      p.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      p.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      exited = new Promise<void>((r) =>
        p.once('exit', (code, signal) => {
          exit = { code, signal };
          running.delete(p);
          r();
        }),
      );

      const serve = (config.serve as Doc) ?? {};
      const urls = [String(((serve.public as Doc) ?? {}).base_url), String(((serve.admin as Doc) ?? {}).base_url)];
      const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
      let ready = false;
      while (!exit) {
        // The listening banner proves the ports are this child's, not another test's server.
        if (/listening/i.test(stdout) && (await isReady(urls[0] as string)) && (await isReady(urls[1] as string))) {
          ready = true;
          break;
        }
        if (Date.now() > deadline) {
          p.kill('SIGKILL');
          throw new Error(`gatehouse serve did not become ready in time.\nstderr:\n${stderr}\nstdout:\n${stdout}`);
        }
        await sleep(100);
      }
      if (ready) break;
      await exited;
      if (attempt < 3 && /EADDRINUSE/.test(stderr)) continue;
      throw new Error(`gatehouse serve exited early (${JSON.stringify(exit)}).\nstderr:\n${stderr}\nstdout:\n${stdout}`);
    }
    const serve = (config.serve as Doc) ?? {};
    const publicUrl = String(((serve.public as Doc) ?? {}).base_url);
    const adminUrl = String(((serve.admin as Doc) ?? {}).base_url);
    const server = proc as ChildProcess;

    const secretsDoc = (config.secrets as Doc | undefined) ?? {};
    const cookieSecrets = (secretsDoc.cookie ?? secretsDoc.default ?? [COOKIE_SECRET]) as string[];
    const sessionDoc = (config.session as Doc | undefined) ?? {};
    const cookieName = String(((sessionDoc.cookie as Doc | undefined) ?? {}).name ?? SESSION_COOKIE);
    const settings = (lifespanMs = DAY_MS): SessionSettings => ({ lifespanMs, cookieName, secrets: cookieSecrets });
    const managerFor = (lifespanMs?: number) =>
      new SessionManager({ sessions: database.db.sessions, clock: systemClock, settings: () => settings(lifespanMs) });
    const sessionManager = managerFor();

    const client = (basePath: string, follow: boolean) =>
      new Configuration({
        basePath: basePath.replace(/\/$/, ''),
        baseOptions: follow ? { validateStatus: () => true } : { validateStatus: () => true, maxRedirects: 0 },
      });
    let stopped = false;

    const gh: Gatehouse = {
      dialect: opts.dialect,
      publicUrl,
      adminUrl,
      config,
      db: database.db,
      sessionManager,
      publicApi: new V0alpha2Api(client(publicUrl, false)),
      adminApi: new V0alpha2Api(client(adminUrl, false)),
      publicMetadata: new MetadataApi(client(publicUrl, false)),
      adminMetadata: new MetadataApi(client(adminUrl, false)),
      followingApi: (basePath) => new V0alpha2Api(client(basePath, true)),
      async issueSession(identityId, o = {}) {
        const identity = await database.db.identities.getIdentity(identityId);
        const mgr = o.lifespanMs === undefined ? sessionManager : managerFor(o.lifespanMs);
        const session = await mgr.issue(identity, o.methods ?? ['password']);
        const token = session.token as string;
        return { session, token, cookie: mgr.cookieValue(token) };
      },
      async revokeSession(token) {
        const ok = await database.db.sessions.revokeSessionByTokenHash(hashToken(token));
        if (!ok) throw new Error('revokeSession: no session with that token');
      },
      stderr: () => stderr,
      stdout: () => stdout,
      assertHealthyLog(context = '') {
        if (exit && !stopped) throw new Error(`gatehouse died ${JSON.stringify(exit)} ${context}\nstderr:\n${stderr}`);
        const m = STACK_TRACE_RE.exec(stderr);
        if (m) {
          const at = stderr.lastIndexOf('\n', m.index);
          throw new Error(`gatehouse logged a stack trace ${context}:\n${stderr.slice(Math.max(0, at - 2000), m.index + 2000)}`);
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        if (!exit) {
          server.kill('SIGTERM');
          const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
          if (!killed) {
            server.kill('SIGKILL');
            await exited;
          }
        }
        await database.cleanup();
        await rm(dir, { recursive: true, force: true });
      },
    };
    return gh;
  } catch (err) {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database.cleanup().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Identity traits that satisfy the default fixture schema, unique per call. */
let seq = 0;
export function uniqueEmail(prefix = 'user'): string {
  seq += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq}@example.org`;
}

export function defaultTraits(email = uniqueEmail()): { email: string; name: { first: string; last: string } } {
  return { email, name: { first: 'Jane', last: 'Doe' } };
}

/** Total number of identities as the admin list reports it (`X-Total-Count`). */
export async function identityCount(gh: Gatehouse): Promise<number> {
  const res = await fetch(new URL('identities?per_page=1', gh.adminUrl));
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET /identities answered ${res.status}`);
  return Number(res.headers.get('x-total-count'));
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON, else undefined. */
  json: unknown;
}

/**
 * A plain HTTP request (never follows redirects), for what the generated client cannot send:
 * broken bodies, odd headers, arbitrary methods.
 */
export async function request(
  method: string,
  url: string | URL,
  init: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const res = await fetch(url, {
    method,
    headers: init.headers,
    body: init.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Creates an identity through the admin API; fails unless it answers 201. */
export async function createIdentity(
  gh: Gatehouse,
  body: { schema_id?: string; traits?: unknown; state?: string } = {},
): Promise<Record<string, unknown> & { id: string }> {
  const res = await request('POST', new URL('identities', gh.adminUrl), {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ schema_id: 'default', traits: defaultTraits(), ...body }),
  });
  if (res.status !== 201) throw new Error(`POST /identities answered ${res.status}: ${res.text}`);
  return res.json as Record<string, unknown> & { id: string };
}

/**
 * Starts a Gatehouse before the enclosing suite, checks its log after every test and stops it
 * after the suite. Returns a stand-in that forwards to the running instance.
 */
export function useGatehouse(opts: StartOptions): Gatehouse {
  let current: Gatehouse | undefined;
  before(async () => {
    current = await startGatehouse(opts);
  });
  afterEach(() => current?.assertHealthyLog());
  after(async () => {
    await current?.stop();
  });
  return new Proxy({} as Gatehouse, {
    get(_target, prop) {
      if (!current) throw new Error('Gatehouse is not running (did the before hook fail?)');
      return Reflect.get(current, prop);
    },
  });
}
