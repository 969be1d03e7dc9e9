/** Typed, computed access to a validated configuration document. */
import { randomUUID } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { mustParseDuration, parseDuration } from '../x/duration.js';
import { ConfigError } from './errors.js';
import type { Aal, CorsConfig, FlowName, KratosConfig, ListenerConfig, LogLevel, SameSite } from './types.js';
import { resolveDocument } from './validate.js';
import type { PipelineOptions } from './validate.js';

export type UiFlowName = FlowName | 'error';
export type StrategyName = keyof KratosConfig['selfservice']['methods'];

export interface ConfigOptions {
  /** Host name used when a base URL must be guessed; defaults to the OS host name. */
  hostname?: string;
}

export interface ListenAddress { host: string; port: number }

export interface CookieDefaults { domain?: string; path: string; sameSite: SameSite }

export interface SessionCookieConfig extends CookieDefaults { name: string; persistent: boolean }

/** Below this bcrypt cost hashes are too cheap to brute-force-protect; only dev mode may go lower. */
export const MIN_BCRYPT_COST = 12;

/**
 * When no secret is configured a random one is used. It is made once per *process* (not per
 * Config) so that every Config built in this process — both listeners, a hot reload — signs and
 * verifies cookies and link tokens with the same key; they then die with the process, as upstream.
 */
let processSecret: string | undefined;
const fallbackSecret = (): string => (processSecret ??= randomUUID());

function safeHostname(): string {
  try {
    return osHostname() || '127.0.0.1';
  } catch {
    return '127.0.0.1';
  }
}

/** Base URLs always end with `/` so that relative joins stay under their path prefix. */
function withTrailingSlash(u: URL): URL {
  const out = new URL(u.href);
  out.search = '';
  out.hash = '';
  if (!out.pathname.endsWith('/')) out.pathname += '/';
  return out;
}

/**
 * Wraps a validated document. Dev mode (`dev: true`, `--dev`) relaxes production safeguards:
 * cookies are issued without `Secure` (plain-http local setups), a bcrypt cost below 12 is
 * honoured (fast tests), guessed base URLs use `http`, and DEV_DISABLE_API_FLOW_ENFORCEMENT is
 * honoured (upstream's e2e tests drive API flows from a browser). Callers read `dev` for those.
 */
export class Config {
  readonly raw: KratosConfig;
  private readonly hostname: string;

  constructor(raw: KratosConfig, opts: ConfigOptions = {}) {
    this.raw = raw;
    this.hostname = opts.hostname ?? safeHostname();
  }

  get dev(): boolean {
    return this.raw.dev;
  }

  get dsn(): string {
    return this.raw.dsn;
  }

  get publicBaseUrl(): URL {
    return this.baseUrl(this.raw.serve.public);
  }

  get adminBaseUrl(): URL {
    return this.baseUrl(this.raw.serve.admin);
  }

  /** True when serve.public.base_url is unset and the URL was guessed (the caller logs a warning). */
  get publicBaseUrlGuessed(): boolean {
    return this.raw.serve.public.base_url === undefined;
  }

  get adminBaseUrlGuessed(): boolean {
    return this.raw.serve.admin.base_url === undefined;
  }

  get publicListen(): ListenAddress {
    return { host: this.raw.serve.public.host, port: this.raw.serve.public.port };
  }

  get adminListen(): ListenAddress {
    return { host: this.raw.serve.admin.host, port: this.raw.serve.admin.port };
  }

  get cors(): CorsConfig {
    return this.raw.serve.public.cors;
  }

  /** Configured schemas in order, then the one with id `default`. */
  get identitySchemas(): { id: string; url: string }[] {
    const listed = (this.raw.identity.schemas ?? []).map(({ id, url }) => ({ id, url }));
    return [...listed, { id: 'default', url: this.raw.identity.default_schema_url }];
  }

  get sessionLifespanMs(): number {
    return durationMs(this.raw.session.lifespan, 'session.lifespan');
  }

  get cookieDefaults(): CookieDefaults {
    const c = this.raw.cookies;
    return { ...optionalDomain(c.domain), path: c.path, sameSite: c.same_site };
  }

  /** session.cookie.{domain,path,same_site} fall back to cookies.* one by one. */
  get sessionCookie(): SessionCookieConfig {
    const s = this.raw.session.cookie;
    const d = this.cookieDefaults;
    return {
      name: s.name,
      ...optionalDomain(s.domain ?? d.domain),
      path: s.path ?? d.path,
      sameSite: s.same_site ?? d.sameSite,
      persistent: s.persistent,
    };
  }

  /** Gatehouse extension `session.whoami.cache` (bounded staleness of cached whoami answers). */
  get whoamiCache(): { maxEntries: number; maxStaleMs: number } {
    const c = this.raw.session.whoami.cache;
    return { maxEntries: c.enabled ? c.max_entries : 0, maxStaleMs: mustParseDuration(c.max_stale) };
  }

  get whoamiRequiredAal(): Aal {
    return this.raw.session.whoami.required_aal;
  }

  get settingsRequiredAal(): Aal {
    return this.raw.selfservice.flows.settings.required_aal;
  }

  get privilegedSessionMaxAgeMs(): number {
    const key = 'selfservice.flows.settings.privileged_session_max_age';
    return durationMs(this.raw.selfservice.flows.settings.privileged_session_max_age, key);
  }

  get secretsDefault(): string[] {
    const configured = this.raw.secrets.default ?? [];
    return configured.length ? [...configured] : [fallbackSecret()];
  }

  /** First entry signs; all are tried when verifying. */
  get secretsCookie(): string[] {
    const configured = this.raw.secrets.cookie ?? [];
    return configured.length ? [...configured] : this.secretsDefault;
  }

  get secretsCipher(): string[] {
    return [...(this.raw.secrets.cipher ?? [])];
  }

  flowLifespanMs(flow: FlowName): number {
    return durationMs(this.raw.selfservice.flows[flow].lifespan, `selfservice.flows.${flow}.lifespan`);
  }

  get linkLifespanMs(): number {
    return durationMs(this.raw.selfservice.methods.link.config.lifespan, 'selfservice.methods.link.config.lifespan');
  }

  flowUiUrl(flow: UiFlowName): URL {
    const value = flow === 'error' ? this.raw.selfservice.flows.error.ui_url : this.raw.selfservice.flows[flow].ui_url;
    return parseUrl(value, `selfservice.flows.${flow}.ui_url`);
  }

  /** Whether the recovery / verification endpoints are served. */
  flowEnabled(flow: 'recovery' | 'verification'): boolean {
    return this.raw.selfservice.flows[flow].enabled;
  }

  strategyEnabled(method: StrategyName): boolean {
    return this.raw.selfservice.methods[method].enabled;
  }

  /** TOTP issuer label: configured, else the host name of the public base URL. */
  get totpIssuer(): string {
    return this.raw.selfservice.methods.totp.config?.issuer ?? this.publicBaseUrl.hostname;
  }

  /** May be an absolute URL or an absolute path. */
  get defaultBrowserReturnUrl(): string {
    return this.raw.selfservice.default_browser_return_url;
  }

  get whitelistedReturnUrls(): string[] {
    return [...(this.raw.selfservice.whitelisted_return_urls ?? [])];
  }

  get logLevel(): LogLevel {
    return this.raw.log.level;
  }

  get logFormat(): 'json' | 'text' {
    return this.raw.log.format ?? 'text';
  }

  get leakSensitiveValues(): boolean {
    return this.raw.log.leak_sensitive_values;
  }

  /** Configured cost, raised to 12 outside dev mode. */
  get bcryptCost(): number {
    const cost = this.raw.hashers.bcrypt.cost;
    return cost < MIN_BCRYPT_COST && !this.dev ? MIN_BCRYPT_COST : cost;
  }

  /** A line to log at startup when `version` is missing or differs from the binary's; null when they match. */
  versionMismatchWarning(binaryVersion: string): string | null {
    const configured = this.raw.version;
    if (configured === undefined) {
      return (
        `The configuration has no "version" key; set it to "${binaryVersion}" ` +
        'to be warned when the configuration and the binary do not match.'
      );
    }
    const bare = (v: string): string => v.replace(/^v/, '');
    if (bare(configured) === bare(binaryVersion)) return null;
    return (
      `The configuration is for version ${configured} but this binary is ${binaryVersion}; ` +
      'the configuration may be incompatible.'
    );
  }

  /**
   * Configured base URL, else `https://<host>:<port>/` (`http` in dev mode), where host is the
   * bind host unless that is a wildcard/empty or a UNIX socket, in which case the OS host name.
   */
  private baseUrl(listener: ListenerConfig): URL {
    if (listener.base_url !== undefined) return withTrailingSlash(new URL(listener.base_url));
    const bind = listener.host;
    let host = bind && bind !== '0.0.0.0' && !bind.startsWith('unix:') ? bind : this.hostname;
    if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
    return new URL(`${this.dev ? 'http' : 'https'}://${host}:${listener.port}/`);
  }
}

function optionalDomain(domain: string | undefined): { domain?: string } {
  // An empty domain means "no Domain attribute", the same as leaving it out.
  return domain ? { domain } : {};
}

function durationMs(value: string, key: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new ConfigError([`${key}: must be a duration like 1h or 30m`]);
  return ms;
}

function parseUrl(value: string, key: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new ConfigError([`${key}: must be an absolute URL`]);
  }
}

/**
 * Runs the loader's pipeline (flags, then `env`, then validation with defaults) on an in-memory
 * document. Unlike loadConfig, `env` defaults to none so tests are not affected by the process
 * environment.
 */
export function configFromObject(doc: object, opts: PipelineOptions & ConfigOptions = {}): Config {
  const raw = resolveDocument(doc as Record<string, unknown>, opts);
  return new Config(raw, opts.hostname === undefined ? {} : { hostname: opts.hostname });
}
