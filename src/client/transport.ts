/**
 * One HTTP exchange: builds the URL and headers of an operation, calls `fetch`, reads the answer
 * and turns anything but a 2xx into a {@link GatehouseApiError}.
 *
 * Redirects: operations whose endpoints send browsers on (the `…ForBrowsers` inits, the submits,
 * the browser logout) are sent with `redirect: 'manual'`, and a 3xx rejects with
 * `GatehouseApiError.redirectTo` set — the caller decides whether a browser should go there.
 * Every other operation lets `fetch` follow redirects, which only ever are the 307 hop from one
 * listener to the other. Every request sends `Accept: application/json`, so browser endpoints
 * answer JSON wherever the API allows it.
 *
 * @module
 */
import { lowerCaseHeaders, type ClientContext } from './config.js';
import { GatehouseApiError } from './errors.js';
import type { FetchInit, HeadersLike } from './fetch.js';
import type { OperationId } from './operation.js';

/** Per-call options, the last parameter of every method (the SDK's `options`). */
export interface RequestOptions {
  /** Extra request headers, e.g. `{ cookie }` for a server-side app forwarding a browser's cookies. */
  headers?: Record<string, string>;
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** A successful answer. `data` has the same name as in the SDK's (axios) responses. */
export interface ApiResponse<T> {
  /** The parsed body (`undefined` for 204 and other empty answers). */
  data: T;
  /** HTTP status. */
  status: number;
  /** Response headers (`X-Total-Count`, `Link`, `Set-Cookie` where readable, …). */
  headers: HeadersLike;
}

/** A query parameter value; arrays repeat the key, `undefined` leaves it out. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** The description of one call. */
export interface Call {
  /** Operation id, for errors. */
  operation: OperationId;
  /** Which listener serves it. */
  listener: 'public' | 'admin';
  /** HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with its parameters already encoded. */
  path: string;
  /** Query parameters. */
  query?: Record<string, QueryValue>;
  /** Operation headers (`X-Session-Token`, `Cookie`); `undefined` values are left out. */
  headers?: Record<string, string | undefined>;
  /** JSON body. */
  body?: unknown;
  /** `manual` for browser endpoints (see the module documentation). */
  redirect?: 'manual' | 'follow';
  /** How a 2xx body is read: JSON (default) or text. */
  read?: 'json' | 'text';
}

/** Encodes one path segment. */
export const segment = (value: string): string => encodeURIComponent(value);

function urlOf(ctx: ClientContext, call: Call): string {
  const base = call.listener === 'admin' ? ctx.adminBasePath : ctx.publicBasePath;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(call.query ?? {})) {
    if (value === undefined) continue;
    if (typeof value === 'object') for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const query = params.toString();
  return `${base}${call.path}${query ? `?${query}` : ''}`;
}

function parse(text: string, read: 'json' | 'text'): { ok: true; value: unknown } | { ok: false } {
  if (read === 'text') return { ok: true, value: text };
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Performs `call`; resolves with the parsed 2xx answer, rejects with {@link GatehouseApiError}. */
export async function send<T>(ctx: ClientContext, call: Call, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const hasBody = call.body !== undefined;
  const init: FetchInit = {
    method: call.method,
    headers: lowerCaseHeaders(
      { accept: 'application/json' },
      ctx.headers,
      hasBody ? { 'content-type': 'application/json' } : undefined,
      call.headers,
      options.headers,
    ),
    redirect: call.redirect ?? 'follow',
    ...(hasBody ? { body: JSON.stringify(call.body) } : {}),
    ...(ctx.credentials ? { credentials: ctx.credentials } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const res = await ctx.fetch(urlOf(ctx, call), init);
  const text = await res.text();
  const ok = res.status >= 200 && res.status < 300 && res.type !== 'opaqueredirect';
  const parsed = parse(text, ok ? (call.read ?? 'json') : 'json');
  const body = parsed.ok ? parsed.value : text;
  if (!ok || !parsed.ok) {
    throw new GatehouseApiError({ operation: call.operation, status: res.type === 'opaqueredirect' ? 0 : res.status, headers: res.headers, body });
  }
  return { data: body as T, status: res.status, headers: res.headers };
}
