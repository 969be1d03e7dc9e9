import { canonicalHeaderKey, TOKEN } from './headers.js';
import { readFile } from 'node:fs/promises';
import { request, type Dispatcher } from 'undici';
import type { WebHookConfig } from '../../config/types.js';
import type { JsonnetEvaluator } from './jsonnet.js';

/** What a web hook's body template sees as its top-level argument `ctx` (flows.md §9). */
export interface WebHookContext {
  /** The flow as the API shows it (wire JSON). */
  flow: Record<string, unknown>;
  /** Header names in Go's canonical form (`User-Agent`), one entry per received line: see `requestHeadersOf`. */
  requestHeaders: Record<string, string[]>;
  requestMethod: string;
  /** The request URI as received: path and query. */
  requestUrl: string;
  /** Wire JSON of the identity; `null` in before-hooks. */
  identity: Record<string, unknown> | null;
}

export interface WebHookDeps {
  jsonnet: JsonnetEvaluator;
  /**
   * Bound on each HTTP exchange (the template download, the call). Upstream uses Go's default
   * client, which has no timeout; here a target that never answers must not hold a login open
   * forever, so the default is 10 s.
   */
  timeoutMs?: number;
  /** Receives the deprecation warning for a template path without a scheme. */
  logger?: { warn(msg: string): void };
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TEMPLATE_BYTES = 1 << 20;
const MAX_REDIRECTS = 10;

/**
 * Runs one `web_hook` (flows.md §9): renders the body template, calls the target once and fails
 * on a transport error or a status ≥ 400. The response body is ignored. Errors are plain `Error`s
 * with upstream's texts, e.g. `failed to call web hook web hook failed with status code 500`.
 *
 * Not done, like upstream at this version: retries, reading the response. Redirects are
 * followed the way Go's default client follows them.
 */
export async function runWebHook(config: WebHookConfig, ctx: WebHookContext, deps: WebHookDeps): Promise<void> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  try {
    applyAuth(headers, config.auth);
  } catch (e) {
    throw new Error(`failed to parse web hook config: failed to create web hook auth strategy: ${messageOf(e)}`);
  }

  let body: string | undefined;
  // Any method but TRACE may carry a body (upstream's reading of the HTTP spec), even GET.
  if (config.method !== 'TRACE' && config.body) {
    try {
      body = await renderBody(config.body, ctx, deps, timeoutMs);
    } catch (e) {
      throw new Error(`failed to create web hook body: ${messageOf(e)}`, { cause: e });
    }
  }

  let status: number;
  try {
    const method = config.method === '' ? 'GET' : config.method;
    if (!TOKEN.test(method)) throw new Error(`net/http: invalid method ${JSON.stringify(method)}`);
    // Like Go, the answer counts once its status line is in; the body is discarded meanwhile.
    status = await exchange({ method, url: config.url, headers, body }, timeoutMs);
  } catch (e) {
    throw new Error(`failed to call web hook ${messageOf(e)}`, { cause: e });
  }
  if (status >= 400) throw new Error(`failed to call web hook web hook failed with status code ${status}`);
}

function applyAuth(headers: Record<string, string>, auth: WebHookConfig['auth']): void {
  if (!auth) return;
  switch (auth.type) {
    case 'api_key': {
      const { name = '', value = '', in: where } = auth.config;
      if (where === 'cookie') {
        // http.Request.AddCookie: the Cookie header holds only this one cookie here.
        headers['Cookie'] = `${name.replace(/[\r\n]/g, '-')}=${cookieValue(value)}`;
      } else {
        headers[canonicalHeaderKey(name)] = value;
      }
      return;
    }
    case 'basic_auth':
      headers['Authorization'] = basic(auth.config.user ?? '', auth.config.password ?? '');
      return;
    default:
      throw new Error(`unsupported auth type: ${(auth as { type: unknown }).type}`);
  }
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Go's `sanitizeCookieValue`: drop bytes a cookie value cannot hold; quote when it has a space or comma. */
function cookieValue(v: string): string {
  const kept = [...Buffer.from(v)].filter((b) => b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x3b && b !== 0x5c);
  const s = Buffer.from(kept).toString('latin1');
  return /[ ,]/.test(s) ? `"${s}"` : s;
}

async function renderBody(uri: string, ctx: WebHookContext, deps: WebHookDeps, timeoutMs: number): Promise<string> {
  let source = uri;
  let scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(source)?.[1]?.toLowerCase() ?? '';
  if (!['http', 'https', 'file', 'base64'].includes(scheme)) {
    source = `file://${uri}`;
    scheme = 'file';
    const warn = `support for filepaths without a 'file://' scheme will be dropped in the next release, please use ${source} instead in your config`;
    if (deps.logger) deps.logger.warn(warn);
    else process.emitWarning(warn, 'DeprecationWarning');
  }
  const template = await fetchTemplate(source, scheme, timeoutMs);
  const tla = JSON.stringify({
    flow: ctx.flow,
    request_headers: ctx.requestHeaders,
    request_method: ctx.requestMethod,
    request_url: ctx.requestUrl,
    identity: ctx.identity,
  });
  return deps.jsonnet.evaluate(template, { ctx: tla }, source);
}

/** ory/x `fetcher.Fetch`, the loader upstream uses for templates. */
async function fetchTemplate(source: string, scheme: string, timeoutMs: number): Promise<string> {
  if (scheme === 'file') {
    const path = source.replace('file://', '');
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      throw new Error(`unable to fetch from source: ${path}: ${messageOf(e)}`);
    }
  }
  if (scheme === 'base64') {
    const data = source.replace('base64://', '').replace(/[\r\n]/g, '');
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(data)) {
      throw new Error(`rule: ${source}: illegal base64 data`);
    }
    return Buffer.from(data, 'base64').toString('utf8');
  }
  let text = '';
  let code = 0;
  try {
    code = await exchange({ method: 'GET', url: source, headers: {}, body: undefined }, timeoutMs, async (res) => {
      if (res.statusCode === 200) text = await readLimited(res, MAX_TEMPLATE_BYTES);
      else await res.body.dump();
    });
  } catch (e) {
    throw new Error(`rule: ${source}: ${messageOf(e)}`, { cause: e });
  }
  if (code !== 200) throw new Error(`expected http response status code 200 but got ${code} when fetching: ${source}`);
  return text;
}

async function readLimited(res: Dispatcher.ResponseData, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`the response is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface Outgoing { method: string; url: string; headers: Record<string, string>; body: string | undefined }

/**
 * One exchange the way Go's default client does it, redirects included, under one deadline.
 * `consume` reads the final body within that deadline; without it the body is discarded in the
 * background (still cut at the deadline) and the status returns at once. Errors read like Go's
 * `url.Error`: `Post "http://host/path": <cause>`. Returns the final status.
 */
async function exchange(
  first: Outgoing,
  timeoutMs: number,
  consume?: (res: Dispatcher.ResponseData) => Promise<void>,
): Promise<number> {
  const op = first.method.slice(0, 1) + first.method.slice(1).toLowerCase();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  timer.unref();
  let current = first;
  try {
    for (let hops = 0; ; hops++) {
      let res: Dispatcher.ResponseData;
      try {
        const target = parseTarget(current.url);
        const headers = { ...current.headers };
        if ((target.username || target.password) && headers['Authorization'] === undefined) {
          headers['Authorization'] = basic(decodeURIComponent(target.username), decodeURIComponent(target.password));
        }
        target.username = target.password = '';
        res = await request(target, { method: current.method as Dispatcher.HttpMethod, headers, body: current.body, signal: abort.signal });
      } catch (e) {
        throw urlError(op, current.url, abort.signal.aborted ? `request timed out after ${timeoutMs} ms` : messageOf(e), e);
      }
      const next = redirectOf(first, current, res);
      if (next === null) {
        // The deadline stays armed until the body is dealt with, so a body that never ends is cut.
        const done = (consume ? consume(res) : res.body.dump()).finally(() => clearTimeout(timer));
        if (!consume) {
          done.catch(() => undefined);
          return res.statusCode;
        }
        await done.catch((e: unknown) => {
          throw urlError(op, current.url, abort.signal.aborted ? `request timed out after ${timeoutMs} ms` : messageOf(e), e);
        });
        return res.statusCode;
      }
      void res.body.dump().catch(() => undefined);
      if (next instanceof Error) throw urlError(op, current.url, next.message, next);
      if (hops + 1 >= MAX_REDIRECTS) throw urlError(op, next.url, `stopped after ${MAX_REDIRECTS} redirects`);
      current = next;
    }
  } catch (e) {
    clearTimeout(timer);
    abort.abort();
    throw e;
  }
}

function parseTarget(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('invalid URL');
  }
  const scheme = u.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') throw new Error(`unsupported protocol scheme ${JSON.stringify(scheme)}`);
  return u;
}

/**
 * Go's redirect rules (net/http `redirectBehavior`): 301/302/303 continue as GET (HEAD stays
 * HEAD) without a body, 307/308 repeat method and body. Headers are the first request's;
 * credentials (Authorization, Cookie) only go to the same host or its subdomains.
 */
function redirectOf(first: Outgoing, current: Outgoing, res: Dispatcher.ResponseData): Outgoing | Error | null {
  const { statusCode } = res;
  if (![301, 302, 303, 307, 308].includes(statusCode)) return null;
  const raw = res.headers['location'];
  const location = Array.isArray(raw) ? raw[0] : raw;
  if (!location) {
    // Upstream stops at a 307/308 without Location (seen in the wild) but fails on the others.
    return statusCode >= 307 ? null : new Error(`${statusCode} response missing Location header`);
  }
  let next: URL;
  try {
    next = new URL(location, current.url);
  } catch {
    return new Error(`failed to parse Location header ${JSON.stringify(location)}: invalid URL`);
  }
  const keepBody = statusCode >= 307;
  const method = keepBody || current.method === 'GET' || current.method === 'HEAD' ? current.method : 'GET';
  const headers = { ...first.headers };
  if (!sameOrSubdomain(next, new URL(first.url))) {
    for (const h of ['Authorization', 'Www-Authenticate', 'Cookie', 'Cookie2']) delete headers[h];
  }
  const previous = new URL(current.url);
  if (!(previous.protocol === 'https:' && next.protocol === 'http:')) {
    previous.username = previous.password = '';
    headers['Referer'] = previous.href;
  }
  return { method, url: next.href, headers, body: keepBody ? current.body : undefined };
}

function sameOrSubdomain(dest: URL, initial: URL): boolean {
  const addr = (u: URL) => `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  const d = addr(dest);
  const i = addr(initial);
  return d === i || d.endsWith(`.${i}`);
}

function urlError(op: string, url: string, detail: string, cause?: unknown): Error {
  let shown = url;
  try {
    const u = new URL(url);
    if (u.password) {
      u.password = '***';
      shown = u.href;
    }
  } catch {
    // not a URL: shown as configured
  }
  return new Error(`${op} ${JSON.stringify(shown)}: ${detail}`, { cause });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
