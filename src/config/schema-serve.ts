/** `serve.public` and `serve.admin` (config.md §2.2). */
import { absoluteUrl, bool, obj, str } from './schema-defs.js';
import type { SchemaNode } from './schema-defs.js';

const port = (def: number): SchemaNode => ({ type: 'integer', minimum: 1, maximum: 65535, default: def });

const socket: SchemaNode = obj(
  {
    owner: str(''),
    group: str(''),
    mode: { type: 'integer', minimum: 0, maximum: 511, default: 493 },
  },
  {},
  true,
);

const pemSource: SchemaNode = obj({ path: str(), base64: str() }, { minProperties: 1 });
const tls: SchemaNode = obj({ cert: pemSource, key: pemSource });

const requestLog: SchemaNode = obj({ disable_for_health: bool(false) }, {}, true);

const cors: SchemaNode = obj(
  {
    enabled: bool(false),
    allowed_origins: { type: 'array', items: { type: 'string' }, default: ['*'] },
    allowed_methods: {
      type: 'array',
      items: { type: 'string', enum: ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'HEAD', 'OPTIONS', 'TRACE'] },
      default: ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'],
    },
    allowed_headers: {
      type: 'array',
      items: { type: 'string' },
      default: ['Authorization', 'Content-Type', 'X-Session-Token'],
    },
    exposed_headers: { type: 'array', items: { type: 'string' }, default: ['Content-Type'] },
    allow_credentials: bool(true),
    options_passthrough: bool(false),
    max_age: { type: 'integer', minimum: 0, default: 0 },
    debug: bool(false),
  },
  {},
  true,
);

const domainAlias: SchemaNode = obj(
  {
    match_domain: { type: 'string', minLength: 1 },
    scheme: { type: 'string', enum: ['http', 'https'] },
    base_path: { type: 'string', pattern: '^/', default: '/' },
  },
  { required: ['match_domain', 'scheme'] },
);

/**
 * Gatehouse extension `serve.public.ui`: the built-in self-service UI (src/webui). `mailbox` (dev
 * only) runs a loopback SMTP sink at `courier.smtp.connection_uri` and shows what it received.
 */
const ui: SchemaNode = obj(
  {
    enabled: bool(false),
    // Path segments without `.`/`..`, no trailing slash.
    base_path: { type: 'string', pattern: '^(/(?!\\.{1,2}(/|$))[A-Za-z0-9._~-]+)+$', default: '/ui' },
    mailbox: bool(false),
  },
  {},
  true,
);

function listener(defaultPort: number, publicOnly: Record<string, SchemaNode>): SchemaNode {
  return obj(
    {
      host: str('0.0.0.0'),
      port: port(defaultPort),
      base_url: absoluteUrl(),
      request_log: requestLog,
      socket,
      tls,
      ...publicOnly,
    },
    {},
    true,
  );
}

export const serveSchema: SchemaNode = obj(
  {
    public: listener(4433, {
      cors,
      ui,
      domain_aliases: { type: 'array', items: domainAlias },
    }),
    // The admin listener has no CORS support and no domain aliases.
    admin: listener(4434, {}),
  },
  {},
  true,
);
