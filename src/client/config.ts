/**
 * Client configuration: where the two listeners are, which `fetch` to use, default headers and
 * the browser credentials mode.
 *
 * @module
 */
import type { CredentialsMode, FetchLike } from './fetch.js';

/** Options of {@link GatehouseClient}. Every field is optional. */
export interface GatehouseClientConfig {
  /**
   * Base URL for both listeners, e.g. `https://auth.example.org` (no trailing slash needed).
   * Default `''`: requests go to the page's own origin (browsers only).
   */
  basePath?: string;
  /** Base URL of the public listener (self-service, sessions, schemas, health); overrides `basePath`. */
  publicBasePath?: string;
  /** Base URL of the admin listener (identities, recovery links, version); overrides `basePath`. */
  adminBasePath?: string;
  /** The `fetch` to use; default the global one, looked up at call time. */
  fetch?: FetchLike;
  /** Headers sent with every request (per-call headers win). */
  headers?: Record<string, string>;
  /** Browser credentials mode; `include` lets a single-page app on another origin send its cookies. */
  credentials?: CredentialsMode;
}

/** The SDK's configuration fields that have a meaning here (`new Configuration({ basePath })`). */
export interface ConfigurationParameters extends GatehouseClientConfig {
  /** Axios options of the SDK; `headers` and `withCredentials` are honoured. */
  baseOptions?: { headers?: Record<string, string>; withCredentials?: boolean };
}

/**
 * Drop-in for the SDK's `Configuration`, so that `new V0alpha2Api(new Configuration({ basePath }))`
 * keeps working after changing the import. Prefer passing a {@link GatehouseClientConfig}.
 */
export class Configuration {
  constructor(params: ConfigurationParameters = {}) {
    const { baseOptions, ...rest } = params;
    Object.assign(this, rest);
    if (baseOptions?.headers) this.headers = { ...baseOptions.headers, ...rest.headers };
    if (baseOptions?.withCredentials && !rest.credentials) this.credentials = 'include';
  }
}

/** The fields of a {@link Configuration} are those of {@link GatehouseClientConfig}. */
export interface Configuration extends GatehouseClientConfig {}

/** A configuration with every default applied; shared by the client and the standalone operations. */
export interface ClientContext {
  /** Base URL of the public listener, without a trailing slash. */
  readonly publicBasePath: string;
  /** Base URL of the admin listener, without a trailing slash. */
  readonly adminBasePath: string;
  /** The `fetch` to call. */
  readonly fetch: FetchLike;
  /** Default headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Browser credentials mode, when configured. */
  readonly credentials?: CredentialsMode;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** Lower-cases header names (HTTP header names are case-insensitive; later entries win). */
export function lowerCaseHeaders(...sets: (Record<string, string | undefined> | undefined)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of sets) {
    for (const [k, v] of Object.entries(set ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
  }
  return out;
}

/** Applies the defaults of {@link GatehouseClientConfig}. */
export function createClientContext(config: GatehouseClientConfig = {}): ClientContext {
  const base = config.basePath ?? '';
  const custom = config.fetch;
  return {
    publicBasePath: trimSlash(config.publicBasePath ?? base),
    adminBasePath: trimSlash(config.adminBasePath ?? base),
    // Looked up per call: polyfills and test doubles installed after construction still apply.
    fetch: custom ?? ((url, init) => (globalThis as unknown as { fetch: FetchLike }).fetch(url, init)),
    headers: lowerCaseHeaders(config.headers),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  };
}
