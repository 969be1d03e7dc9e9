/** `selfservice.methods.*` and OIDC providers (config.md §2.3, §2.4). */
import { absoluteUrl, bool, duration, obj, str } from './schema-defs.js';
import type { SchemaNode } from './schema-defs.js';

export const OIDC_PROVIDERS = [
  'generic', 'google', 'github', 'github-app', 'gitlab', 'microsoft', 'discord',
  'slack', 'facebook', 'auth0', 'vk', 'yandex', 'apple', 'spotify',
] as const;

const APPLE_ONLY = ['team_id', 'private_key_id', 'private_key'];

/** A `false` sub-schema reports the error at the key itself; validate.ts words it "is not allowed". */
const forbid = (keys: string[]): SchemaNode => ({ properties: Object.fromEntries(keys.map((k) => [k, false])) });

const oidcProvider: SchemaNode = obj(
  {
    id: { type: 'string', minLength: 1 },
    provider: { type: 'string', enum: [...OIDC_PROVIDERS] },
    label: str(),
    client_id: { type: 'string', minLength: 1 },
    client_secret: str(),
    issuer_url: absoluteUrl(),
    auth_url: absoluteUrl(),
    token_url: absoluteUrl(),
    mapper_url: absoluteUrl(),
    scope: { type: 'array', items: { type: 'string' } },
    tenant: { type: 'string', pattern: '^(common|organizations|consumers|[a-zA-Z0-9.-]+)$' },
    team_id: str(),
    private_key_id: str(),
    private_key: str(),
    requested_claims: obj({ id_token: { type: 'object' }, userinfo: { type: 'object' } }),
  },
  {
    required: ['id', 'provider', 'client_id', 'mapper_url'],
    allOf: [
      {
        if: { properties: { provider: { const: 'microsoft' } }, required: ['provider'] },
        then: { required: ['tenant'] },
        else: forbid(['tenant']),
      },
      {
        // Apple signs its own client secret from the key material, so a static secret is refused.
        if: { properties: { provider: { const: 'apple' } }, required: ['provider'] },
        then: { required: APPLE_ONLY, ...forbid(['client_secret']) },
        else: { required: ['client_secret'], ...forbid(APPLE_ONLY) },
      },
    ],
  },
);

/** `{enabled, config}` with a default `{}` so `enabled` is filled even if the user omitted the block. */
const method = (enabled: boolean, config?: SchemaNode, extra: SchemaNode = {}): SchemaNode =>
  obj({ enabled: bool(enabled), ...(config ? { config } : {}) }, extra, true);

const webauthnConfig: SchemaNode = obj(
  {
    rp: obj(
      {
        id: { type: 'string', minLength: 1 },
        display_name: { type: 'string', minLength: 1 },
        origin: absoluteUrl(),
        // Accepted but unused: upstream reads the icon from a key that does not exist.
        icon: absoluteUrl(),
      },
      { required: ['id', 'display_name'] },
    ),
  },
  { required: ['rp'] },
);

export const methodsSchema: SchemaNode = obj(
  {
    profile: method(true),
    password: method(
      true,
      obj(
        {
          haveibeenpwned_enabled: bool(true),
          haveibeenpwned_host: str('api.pwnedpasswords.com'),
          max_breaches: { type: 'integer', minimum: 0, maximum: 100, default: 0 },
          ignore_network_errors: bool(true),
        },
        {},
        true,
      ),
    ),
    link: method(true, obj({ lifespan: duration('1h') }, {}, true)),
    totp: method(false, obj({ issuer: str() })),
    lookup_secret: method(false, obj({})),
    webauthn: method(false, webauthnConfig, {
      // Ceremonies cannot run without a relying party, so enabling needs the config block.
      if: { properties: { enabled: { const: true } }, required: ['enabled'] },
      then: { required: ['config'] },
    }),
    oidc: method(false, obj({ providers: { type: 'array', items: oidcProvider } })),
  },
  {},
  true,
);
