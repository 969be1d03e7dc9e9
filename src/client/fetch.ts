/**
 * The little of the Fetch API the client uses, typed structurally so that the global `fetch` of
 * Node 20, browsers, Deno, Bun and edge runtimes (and wrappers such as undici's) all fit. The only
 * global type named is `AbortSignal`, which the DOM library, `@types/node` and Deno all declare.
 *
 * @module
 */

/** Response headers: what the client and its callers read from them. */
export interface HeadersLike {
  /** A header's value (several values joined by `, `), or `null`. */
  get(name: string): string | null;
  /** Whether the header is present. */
  has(name: string): boolean;
  /** Every `Set-Cookie` value (Node 18.14+, Deno, Bun; not readable in browsers). */
  getSetCookie?(): string[];
  /** Calls `fn` per header. */
  forEach(fn: (value: string, name: string) => void): void;
}

/** The response fields the client reads. */
export interface ResponseLike {
  /** HTTP status; `0` for an opaque redirect in browsers. */
  readonly status: number;
  /** `opaqueredirect` when a browser hid a redirect requested with `redirect: 'manual'`. */
  readonly type?: string;
  /** Response headers. */
  readonly headers: HeadersLike;
  /** The body as text. */
  text(): Promise<string>;
}

/** Credentials mode of browser fetches: `include` sends cookies to another origin (CORS). */
export type CredentialsMode = 'omit' | 'same-origin' | 'include';

/** The request options the client passes to `fetch`. */
export interface FetchInit {
  /** HTTP method. */
  method: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** JSON text, for requests with a body. */
  body?: string;
  /** `manual` on browser endpoints (redirects are surfaced), `follow` elsewhere. */
  redirect: 'manual' | 'follow';
  /** Browser credentials mode, when configured. */
  credentials?: CredentialsMode;
  /** Cancels the request (the runtime's global `AbortSignal`). */
  signal?: AbortSignal;
}

/** A `fetch` function: the global one, or any compatible implementation. */
export type FetchLike = (url: string, init: FetchInit) => Promise<ResponseLike>;
