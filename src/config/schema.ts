/**
 * JSON Schema (draft-07) of the configuration document (config.md §2). `default` values are
 * filled by Ajv's useDefaults; `additionalProperties: false` everywhere Kratos is strict.
 * Sections live in schema-*.ts to keep each file readable.
 */
import { absoluteUrl, bool, obj } from './schema-defs.js';
import type { SchemaNode } from './schema-defs.js';
import { serveSchema } from './schema-serve.js';
import { selfserviceSchema } from './schema-selfservice.js';
import {
  ciphersSchema,
  cookiesSchema,
  courierSchema,
  hashersSchema,
  logSchema,
  secretsSchema,
  sessionSchema,
  tracingSchema,
} from './schema-misc.js';

/** `v` + semantic version, e.g. `v0.8.2-alpha.1`. */
const VERSION_PATTERN =
  '^v(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$';

const identitySchema: SchemaNode = obj(
  {
    default_schema_url: absoluteUrl(),
    schemas: {
      type: 'array',
      items: obj(
        {
          // `default` is reserved for default_schema_url.
          id: { type: 'string', minLength: 1, not: { const: 'default' } },
          url: absoluteUrl(),
        },
        { required: ['id', 'url'] },
      ),
    },
  },
  { required: ['default_schema_url'] },
);

const CIPHER_RULE = 'secrets.cipher is required when ciphers.algorithm is aes or xchacha20-poly1305';

const flowEnabled = (flow: string): SchemaNode => ({
  required: ['selfservice'],
  properties: {
    selfservice: {
      required: ['flows'],
      properties: {
        flows: {
          required: [flow],
          properties: { [flow]: { required: ['enabled'], properties: { enabled: { const: true } } } },
        },
      },
    },
  },
});

export const configSchema: SchemaNode = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://gatehouse.invalid/config.schema.json',
  title: 'Gatehouse (Ory Kratos v0.8) configuration',
  type: 'object',
  additionalProperties: false,
  required: ['dsn', 'identity', 'selfservice'],
  properties: {
    version: { type: 'string', pattern: VERSION_PATTERN },
    dsn: { type: 'string', minLength: 1 },
    dev: bool(false),
    'sqa-opt-out': bool(false),
    'watch-courier': bool(false),
    'expose-metrics-port': { type: 'integer', minimum: 0, maximum: 65535, default: 0 },
    config: { type: 'array', items: { type: 'string' } },
    help: bool(),
    profiling: { type: 'string', enum: ['cpu', 'mem'] },
    serve: serveSchema,
    selfservice: selfserviceSchema,
    identity: identitySchema,
    secrets: secretsSchema,
    ciphers: ciphersSchema,
    hashers: hashersSchema,
    cookies: cookiesSchema,
    session: sessionSchema,
    courier: courierSchema,
    log: logSchema,
    tracing: tracingSchema,
  },
  allOf: [
    {
      // Upstream writes this with `oneOf`, which lets "both flows enabled" slip through without a
      // mail server; `anyOf` is the intended rule.
      if: { anyOf: [flowEnabled('recovery'), flowEnabled('verification')] },
      then: {
        required: ['courier'],
        description: 'courier.smtp.connection_uri is required when the recovery or verification flow is enabled',
      },
    },
    {
      if: {
        required: ['ciphers'],
        properties: { ciphers: { required: ['algorithm'], properties: { algorithm: { enum: ['aes', 'xchacha20-poly1305'] } } } },
      },
      // Ajv runs this before `properties` fills defaults, so `secrets` itself may still be absent.
      then: {
        required: ['secrets'],
        description: CIPHER_RULE,
        properties: {
          secrets: {
            required: ['cipher'],
            description: CIPHER_RULE,
            properties: { cipher: { minItems: 1 } },
          },
        },
      },
    },
  ],
};
