/**
 * The validated configuration document with schema defaults filled (schema*.ts). Keys that have
 * no default are optional. Key names are the wire names of the configuration format.
 */

export type Duration = string;
export type SameSite = 'Strict' | 'Lax' | 'None';
export type Aal = 'aal1' | 'highest_available';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'fatal' | 'panic';
export type FlowName = 'login' | 'registration' | 'settings' | 'recovery' | 'verification';

export interface PemSource { path?: string; base64?: string }

export interface ListenerConfig {
  host: string;
  port: number;
  base_url?: string;
  request_log: { disable_for_health: boolean };
  socket: { owner: string; group: string; mode: number };
  tls?: { cert?: PemSource; key?: PemSource };
}

export interface CorsConfig {
  enabled: boolean;
  allowed_origins: string[];
  allowed_methods: string[];
  allowed_headers: string[];
  exposed_headers: string[];
  allow_credentials: boolean;
  options_passthrough: boolean;
  max_age: number;
  debug: boolean;
}

export interface DomainAlias { match_domain: string; scheme: 'http' | 'https'; base_path: string }

/** Gatehouse extension `serve.public.ui` (the built-in self-service UI). */
export interface WebUiConfig {
  enabled: boolean;
  /** Path prefix of the UI pages on the public listener, e.g. `/ui`. */
  base_path: string;
  /** Dev only: a loopback SMTP sink at `courier.smtp.connection_uri` and a page showing its mails. */
  mailbox: boolean;
}

export interface PublicListenerConfig extends ListenerConfig {
  cors: CorsConfig;
  ui: WebUiConfig;
  domain_aliases?: DomainAlias[];
}

export type WebHookAuth =
  | { type: 'api_key'; config: { name: string; value: string; in: 'header' | 'cookie' } }
  | { type: 'basic_auth'; config: { user: string; password: string } };

export interface WebHookConfig { url: string; method: string; body?: string; auth?: WebHookAuth }

export type HookConfig =
  | { hook: 'session' | 'revoke_active_sessions' | 'require_verified_address' }
  | { hook: 'web_hook'; config: WebHookConfig };

export interface AfterBlock { default_browser_return_url?: string; hooks?: HookConfig[] }
export interface BeforeBlock { hooks?: HookConfig[] }

interface FlowBase { ui_url: string; lifespan: Duration }

export interface FlowsConfig {
  login: FlowBase & { before?: BeforeBlock; after?: AfterBlock & { password?: AfterBlock; oidc?: AfterBlock } };
  registration: FlowBase & { before?: BeforeBlock; after?: AfterBlock & { password?: AfterBlock; oidc?: AfterBlock } };
  settings: FlowBase & {
    privileged_session_max_age: Duration;
    required_aal: Aal;
    after?: AfterBlock & { password?: AfterBlock; profile?: AfterBlock };
  };
  recovery: FlowBase & { enabled: boolean; after?: AfterBlock };
  verification: FlowBase & { enabled: boolean; after?: AfterBlock };
  logout: { after?: { default_browser_return_url?: string } };
  error: { ui_url: string };
}

export type OidcProviderKind =
  | 'generic' | 'google' | 'github' | 'github-app' | 'gitlab' | 'microsoft' | 'discord'
  | 'slack' | 'facebook' | 'auth0' | 'vk' | 'yandex' | 'apple' | 'spotify';

export interface OidcProviderConfig {
  id: string;
  provider: OidcProviderKind;
  label?: string;
  client_id: string;
  client_secret?: string;
  issuer_url?: string;
  auth_url?: string;
  token_url?: string;
  mapper_url: string;
  scope?: string[];
  tenant?: string;
  team_id?: string;
  private_key_id?: string;
  private_key?: string;
  requested_claims?: { id_token?: Record<string, unknown>; userinfo?: Record<string, unknown> };
}

export interface MethodsConfig {
  profile: { enabled: boolean };
  password: {
    enabled: boolean;
    config: {
      haveibeenpwned_enabled: boolean;
      haveibeenpwned_host: string;
      max_breaches: number;
      ignore_network_errors: boolean;
    };
  };
  link: { enabled: boolean; config: { lifespan: Duration } };
  totp: { enabled: boolean; config?: { issuer?: string } };
  lookup_secret: { enabled: boolean; config?: Record<string, never> };
  webauthn: {
    enabled: boolean;
    config?: { rp: { id: string; display_name: string; origin?: string; icon?: string } };
  };
  oidc: { enabled: boolean; config?: { providers?: OidcProviderConfig[] } };
}

export interface SelfserviceConfig {
  default_browser_return_url: string;
  whitelisted_return_urls?: string[];
  flows: FlowsConfig;
  methods: MethodsConfig;
}

export interface CourierConfig {
  template_override_path: string;
  smtp: { connection_uri: string; from_address: string; from_name?: string; headers?: Record<string, string> };
}

export interface KratosConfig {
  version?: string;
  dsn: string;
  dev: boolean;
  'sqa-opt-out': boolean;
  'watch-courier': boolean;
  'expose-metrics-port': number;
  config?: string[];
  help?: boolean;
  profiling?: 'cpu' | 'mem';
  serve: { public: PublicListenerConfig; admin: ListenerConfig };
  selfservice: SelfserviceConfig;
  identity: { default_schema_url: string; schemas?: { id: string; url: string }[] };
  secrets: { default?: string[]; cookie?: string[]; cipher?: string[] };
  ciphers: { algorithm: 'noop' | 'aes' | 'xchacha20-poly1305' };
  hashers: {
    algorithm: 'bcrypt' | 'argon2';
    bcrypt: { cost: number };
    argon2: {
      memory: string;
      iterations: number;
      parallelism: number;
      salt_length: number;
      key_length: number;
      expected_duration: Duration;
      expected_deviation: Duration;
      dedicated_memory: string;
    };
  };
  cookies: { domain?: string; path: string; same_site: SameSite };
  session: {
    lifespan: Duration;
    cookie: { name: string; domain?: string; path?: string; same_site?: SameSite; persistent: boolean };
    whoami: { required_aal: Aal; cache: { enabled: boolean; max_stale: string; max_entries: number } };
  };
  /** Absent unless configured: the block requires `smtp.connection_uri`, so it has no default. */
  courier?: CourierConfig;
  log: { level: LogLevel; format?: 'json' | 'text'; leak_sensitive_values: boolean };
  tracing: {
    provider?: 'jaeger' | 'zipkin' | 'datadog' | 'elastic-apm' | 'instana';
    service_name: string;
    providers: {
      jaeger: {
        local_agent_address?: string;
        propagation?: string;
        sampling: { type: 'const' | 'probabilistic' | 'ratelimiting'; value: number; server_url?: string };
      };
      zipkin?: { server_url?: string };
    };
  };
}
