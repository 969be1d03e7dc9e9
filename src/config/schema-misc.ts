/** Secrets, ciphers, hashers, cookies, session, courier, log, tracing (config.md §2.6–§2.9). */
import { availableParallelism } from 'node:os';
import { AAL_VALUES, SAME_SITE, bool, byteSize, duration, enumOf, obj, str } from './schema-defs.js';
import type { SchemaNode } from './schema-defs.js';

const secretList = (minLength: number): SchemaNode => ({ type: 'array', items: { type: 'string', minLength } });

export const secretsSchema: SchemaNode = obj(
  { default: secretList(16), cookie: secretList(16), cipher: secretList(32) },
  {},
  true,
);

export const CIPHER_ALGORITHMS = ['noop', 'aes', 'xchacha20-poly1305'] as const;
export const ciphersSchema: SchemaNode = obj({ algorithm: enumOf(CIPHER_ALGORITHMS, 'noop') }, {}, true);

export const hashersSchema: SchemaNode = obj(
  {
    algorithm: enumOf(['bcrypt', 'argon2'], 'bcrypt'),
    bcrypt: obj({ cost: { type: 'integer', minimum: 4, maximum: 31, default: 12 } }, {}, true),
    argon2: obj(
      {
        memory: byteSize('128MB'),
        iterations: { type: 'integer', minimum: 1, default: 1 },
        // Upstream computes this in code; putting it in the schema makes it visible in `raw`.
        parallelism: { type: 'integer', minimum: 1, default: 2 * availableParallelism() },
        salt_length: { type: 'integer', minimum: 16, default: 16 },
        key_length: { type: 'integer', minimum: 16, default: 32 },
        expected_duration: duration('500ms'),
        expected_deviation: duration('500ms'),
        dedicated_memory: byteSize('1GB'),
      },
      {},
      true,
    ),
  },
  {},
  true,
);

export const cookiesSchema: SchemaNode = obj(
  { domain: str(), path: str('/'), same_site: enumOf(SAME_SITE, 'Lax') },
  {},
  true,
);

export const sessionSchema: SchemaNode = obj(
  {
    lifespan: duration('24h'),
    cookie: obj(
      {
        name: str('ory_kratos_session'),
        // No defaults for these three: absence means "inherit from cookies.*" (Config.sessionCookie).
        domain: str(),
        path: str(),
        same_site: enumOf(SAME_SITE),
        persistent: bool(true),
      },
      {},
      true,
    ),
    whoami: obj(
      {
        required_aal: enumOf(AAL_VALUES, 'highest_available'),
        // Gatehouse extension: the in-process whoami cache. `max_stale` bounds how long a
        // revocation made where no notification reaches this process can go unnoticed.
        cache: obj(
          {
            enabled: bool(true),
            max_stale: duration('5s'),
            max_entries: { type: 'integer', minimum: 1, default: 100000 },
          },
          {},
          true,
        ),
      },
      {},
      true,
    ),
  },
  {},
  true,
);

// No `default: {}` on courier/smtp: connection_uri is required whenever the block exists.
export const courierSchema: SchemaNode = obj(
  {
    template_override_path: str('courier/builtin/templates'),
    smtp: obj(
      {
        connection_uri: { type: 'string', pattern: '^smtps?://' },
        from_address: { type: 'string', format: 'email', default: 'no-reply@ory.kratos.sh' },
        from_name: str(),
        headers: { type: 'object', additionalProperties: { type: 'string' } },
      },
      { required: ['connection_uri'] },
    ),
  },
  { required: ['smtp'] },
);

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'fatal', 'panic'] as const;
export const logSchema: SchemaNode = obj(
  {
    level: enumOf(LOG_LEVELS, 'info'),
    format: enumOf(['json', 'text']),
    leak_sensitive_values: bool(false),
  },
  {},
  true,
);

export const tracingSchema: SchemaNode = obj(
  {
    provider: enumOf(['jaeger', 'zipkin', 'datadog', 'elastic-apm', 'instana']),
    service_name: str('Ory Kratos'),
    providers: obj(
      {
        jaeger: obj(
          {
            local_agent_address: str(),
            propagation: str(),
            sampling: obj(
              {
                type: enumOf(['const', 'probabilistic', 'ratelimiting'], 'const'),
                value: { type: 'number', minimum: 0, default: 1 },
                server_url: str(),
              },
              {},
              true,
            ),
          },
          {},
          true,
        ),
        zipkin: obj({ server_url: str() }),
      },
      {},
      true,
    ),
  },
  {},
  true,
);
