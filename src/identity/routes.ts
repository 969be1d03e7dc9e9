import type { FastifyInstance } from 'fastify';
import type { Cipher } from '../cipher/cipher.js';
import { decodeStrictJsonObject, optionalString } from '../http/body.js';
import { badRequest, notFound } from '../http/errors.js';
import { linkHeader, parsePage } from '../http/pagination.js';
import { sendJson } from '../http/reply.js';
import { isUuid } from '../x/random.js';
import { joinUrl } from '../x/url.js';
import type { IdentityManager } from './manager.js';
import type { IdentityPool } from './pool.js';
import { identityToWire } from './wire.js';

export interface IdentityRoutesDeps {
  identities: IdentityPool;
  identityManager: IdentityManager;
  publicBaseUrl: () => URL;
  adminBaseUrl: () => URL;
  cipher: () => Cipher;
}

const TOKEN_KEYS = ['initial_id_token', 'initial_access_token', 'initial_refresh_token'] as const;

/** The `oidc` credential config as the admin API shows it: provider tokens decrypted. */
function decryptOidcConfig(config: Record<string, unknown>, cipher: Cipher): Record<string, unknown> {
  const providers = Array.isArray(config.providers) ? (config.providers as Record<string, unknown>[]) : [];
  return {
    providers: providers.map((p) => {
      const out: Record<string, unknown> = { subject: p.subject, provider: p.provider };
      for (const k of TOKEN_KEYS) out[k] = typeof p[k] === 'string' ? cipher.decrypt(p[k] as string) : '';
      return out;
    }),
  };
}

const BODY_FIELDS = ['schema_id', 'traits', 'state'] as const;

function readBody(obj: Record<string, unknown>, struct: string) {
  return {
    schemaId: optionalString(obj, 'schema_id', struct),
    state: optionalString(obj, 'state', struct),
    traits: obj.traits === undefined ? null : obj.traits,
  };
}

/** Unknown and malformed ids are both "not found" on these routes (api.md §9). */
function idParam(params: unknown): string {
  const id = (params as { id?: string }).id;
  if (!isUuid(id)) throw notFound();
  return id.toLowerCase();
}

/** Admin identity management (api.md §9). */
export function registerIdentityRoutes(app: FastifyInstance, deps: IdentityRoutesDeps): void {
  const wire = (i: Parameters<typeof identityToWire>[0], extra: Partial<Parameters<typeof identityToWire>[1]> = {}) =>
    identityToWire(i, { publicBaseUrl: deps.publicBaseUrl(), ...extra });

  app.get('/identities', async (req, reply) => {
    const page = parsePage(req.query as Record<string, unknown>);
    // Pages are zero-based here, so following the `next` Link never repeats the first page
    // (upstream's one-based paginator served page 0 and page 1 identically).
    const [total, items] = await Promise.all([
      deps.identities.countIdentities(),
      deps.identities.listIdentities({ offset: page.page * page.perPage, limit: page.perPage }),
    ]);
    reply.header('x-total-count', String(total));
    reply.header('link', linkHeader(joinUrl(deps.adminBaseUrl(), '/identities'), page, total));
    return sendJson(reply, 200, items.map((i) => wire(i)));
  });

  app.post('/identities', async (req, reply) => {
    const body = readBody(decodeStrictJsonObject(req, BODY_FIELDS), 'AdminCreateIdentityBody');
    const identity = await deps.identityManager.create(body);
    reply.header('location', joinUrl(deps.adminBaseUrl(), `/identities/${identity.id}`).href);
    return sendJson(reply, 201, wire(identity));
  });

  app.get('/identities/:id', async (req, reply) => {
    const raw = (req.query as Record<string, unknown>).include_credential;
    const include = Array.isArray(raw) ? raw[0] : raw;
    const includeConfigOf: string[] = [];
    if (typeof include === 'string' && include !== '') {
      if (include !== 'oidc') throw badRequest(`Invalid value \`${include}\` for parameter \`include_credential\`.`);
      includeConfigOf.push('oidc');
    }
    const identity = await deps.identities.getIdentity(idParam(req.params), { withCredentials: true });
    const oidc = identity.credentials?.oidc;
    if (oidc && includeConfigOf.includes('oidc')) oidc.config = decryptOidcConfig(oidc.config, deps.cipher());
    return sendJson(reply, 200, wire(identity, { credentials: true, includeConfigOf }));
  });

  app.put('/identities/:id', async (req, reply) => {
    const id = idParam(req.params);
    // Upstream answers an unknown field here with a 500; it is a client error, so 400.
    const body = readBody(decodeStrictJsonObject(req, BODY_FIELDS), 'AdminUpdateIdentityBody');
    const identity = await deps.identityManager.update(id, body);
    return sendJson(reply, 200, wire(identity));
  });

  app.delete('/identities/:id', async (req, reply) => {
    await deps.identities.deleteIdentity(idParam(req.params));
    return reply.code(204).send();
  });
}
