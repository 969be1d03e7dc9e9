/**
 * A small browser stand-in for black-box flow tests: a cookie jar plus an HTTP client that never
 * follows redirects (every hop is asserted by the test) and never runs JavaScript.
 *
 * The jar keeps one cookie per name, as a browser does for a single host and path `/` (every
 * cookie of these suites is host-only on 127.0.0.1 with `Path=/`); it honours deletion through
 * `Max-Age<=0` or an `Expires` in the past. Ports do not separate cookies, in browsers neither.
 */
import type { RawResponse } from './server.js';

/** A parsed `Set-Cookie` header value. */
export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flags (`HttpOnly`, `Secure`) map to `true`. */
  attributes: Record<string, string | true>;
  raw: string;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...attrs] = header.split(';');
  const eq = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const a of attrs) {
    const i = a.indexOf('=');
    const key = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
    if (key) attributes[key] = i < 0 ? true : a.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes, raw: header };
}

/** Whether a Set-Cookie deletes its cookie (`Max-Age<=0`, or `Expires` in the past). */
export function deletesCookie(c: SetCookie): boolean {
  const maxAge = c.attributes['max-age'];
  if (typeof maxAge === 'string') return Number(maxAge) <= 0;
  const expires = c.attributes.expires;
  return typeof expires === 'string' && Date.parse(expires) <= Date.now();
}

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(c: SetCookie): void {
    if (deletesCookie(c)) this.cookies.delete(c.name);
    else this.cookies.set(c.name, c.value);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  delete(name: string): void {
    this.cookies.delete(name);
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }

  /** The `Cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface BrowserResponse extends RawResponse {
  /** Every `Set-Cookie` of the response, parsed, in order. */
  setCookies: SetCookie[];
  /** The `Location` header, if any. */
  location: string | undefined;
}

export interface BrowserRequest {
  headers?: Record<string, string>;
  /** An `application/x-www-form-urlencoded` body (entries keep repeated keys). */
  form?: Record<string, string> | [string, string][];
  /** A JSON body (`Content-Type: application/json`). */
  json?: unknown;
  /** Any other body; set the content type in `headers`. */
  body?: string | Buffer | FormData;
}

/** What a browser navigation sends (Chrome's `Accept` for documents). */
export const HTML_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

export class Browser {
  readonly jar = new CookieJar();

  /**
   * @param accept default `Accept` header: a document navigation (`HTML_ACCEPT`), or
   *   `application/json` for a single-page app's `fetch`.
   * @param timeoutMs a hung server fails the test instead of stalling the run.
   */
  constructor(private readonly opts: { accept?: string; timeoutMs?: number } = {}) {}

  get(url: string | URL, init: BrowserRequest = {}): Promise<BrowserResponse> {
    return this.request('GET', url, init);
  }

  post(url: string | URL, init: BrowserRequest = {}): Promise<BrowserResponse> {
    return this.request('POST', url, init);
  }

  async request(method: string, url: string | URL, init: BrowserRequest = {}): Promise<BrowserResponse> {
    const headers: Record<string, string> = { accept: this.opts.accept ?? HTML_ACCEPT };
    let body: string | Buffer | FormData | undefined = init.body;
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const cookie = this.jar.header();
    if (cookie) headers.cookie = cookie;
    Object.assign(headers, lowerKeys(init.headers ?? {}));

    const res = await fetch(url, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 20_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const setCookies = res.headers.getSetCookie().map(parseSetCookie);
    for (const c of setCookies) this.jar.store(c);
    return { status: res.status, headers: res.headers, text, json, setCookies, location: res.headers.get('location') ?? undefined };
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
