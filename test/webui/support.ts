/**
 * A Gatehouse serving the built-in UI with the demo configuration (contrib/demo/kratos.yml) on
 * free ports: the UI, its development mailbox (the built-in SMTP sink), recovery, verification
 * and the courier inside `serve`, exactly as `npm run demo` runs them. Shared by the HTTP
 * (test/webui) and the browser (test/browser) suites.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { Browser, type BrowserResponse } from '../helpers/browser.js';
import { freePort, REPO_ROOT, type Dialect, type Gatehouse } from '../helpers/server.js';
import { useFlowServer } from '../flows/support.js';

type Doc = Record<string, unknown>;

/** The demo configuration with its ports replaced, minus what the harness sets itself. */
export function demoConfig(ports: { public: number; smtp: number }): Doc {
  const text = readFileSync(join(REPO_ROOT, 'contrib/demo/kratos.yml'), 'utf8')
    .replaceAll('127.0.0.1:4433', `127.0.0.1:${ports.public}`)
    .replaceAll('127.0.0.1:4436', `127.0.0.1:${ports.smtp}`);
  const doc = parseYaml(text) as Doc;
  // The harness picks the database, the admin listener, secrets, logging and a fast hasher.
  for (const key of ['dsn', 'version', 'log', 'secrets', 'hashers']) delete doc[key];
  const serve = doc.serve as { admin?: unknown; public: Doc };
  delete serve.admin;
  serve.public.port = ports.public;
  return doc;
}

/** A running UI server and its URLs. */
export interface UiServer {
  gh: Gatehouse;
  /** `<public>/ui` without a trailing slash. */
  readonly ui: string;
  /** `<public>` with a trailing slash. */
  readonly publicUrl: string;
}

/**
 * For the enclosing suite: a `--dev` Gatehouse on the demo configuration (its child refuses any
 * connection leaving the machine), plus `extra` configuration merged on top.
 */
export function useUiServer(dialect: Dialect, ...extra: (Doc | (() => Doc))[]): UiServer {
  const ports = { public: 0, smtp: 0 };
  // Registered before the server's own `before`, so the ports are known when it starts.
  before(async () => {
    ports.public = await freePort();
    ports.smtp = await freePort();
  });
  const gh = useFlowServer(dialect, () => demoConfig(ports), ...extra);
  return {
    gh,
    get ui() {
      return `http://127.0.0.1:${ports.public}/ui`;
    },
    get publicUrl() {
      return `http://127.0.0.1:${ports.public}/`;
    },
  };
}

/** Follows redirects like a browser (GET after 302/303), returning the final response and the URLs visited. */
export async function follow(browser: Browser, first: BrowserResponse, from: string, max = 10): Promise<{ res: BrowserResponse; url: string; hops: string[] }> {
  let res = first;
  let url = from;
  const hops: string[] = [];
  for (let i = 0; i < max && res.status >= 300 && res.status < 400 && res.location; i++) {
    url = new URL(res.location, url).href;
    hops.push(url);
    res = await browser.get(url);
  }
  return { res, url, hops };
}

/** GETs `url` and follows redirects. */
export async function open(browser: Browser, url: string): Promise<{ res: BrowserResponse; url: string; hops: string[] }> {
  return follow(browser, await browser.get(url), url);
}
