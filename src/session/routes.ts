import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { badRequest, forbidden, notFound, unauthorized } from '../http/errors.js';
import { sendRawJson } from '../http/reply.js';
import { sendError } from '../http/server.js';
import type { Clock } from '../x/time.js';
import { joinUrl } from '../x/url.js';
import { checkAal, type RequiredAal } from './aal.js';
import type { CachedSession, SessionCache } from './cache.js';
import type { SessionManager } from './manager.js';
import type { SessionPersister } from './persister.js';
import { hashToken } from './tokens.js';
import { sessionToWire } from './wire.js';

export interface WhoamiDeps {
  sessionManager: SessionManager;
  cache: SessionCache;
  clock: Clock;
  requiredAal: () => RequiredAal;
  publicBaseUrl: () => URL;
}

const noSession = () => unauthorized('No valid session cookie found.');

export const aal2Required = (publicBaseUrl: URL) => {
  const to = joinUrl(publicBaseUrl, '/self-service/login/browser?aal=aal2').href;
  return forbidden(
    'An active session was found but it does not fulfill the requested Authenticator Assurance Level. Please verify yourself with a second factor to resolve this issue.',
    {
      id: 'session_aal2_required',
      message: 'Session does not fulfill the requested Authenticator Assurance Level',
      details: { redirect_browser_to: to },
      extra: { redirect_browser_to: to },
      noRequestId: true,
    },
  );
};

const WHOAMI_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];

/** `/sessions/whoami` — the hottest path: served from the session cache when possible. */
export function registerWhoami(app: FastifyInstance, deps: WhoamiDeps): void {
  const answer = (req: FastifyRequest, reply: FastifyReply, e: CachedSession) => {
    if (e.aal === 'ok' && e.body !== null) {
      reply.header('x-kratos-authenticated-identity-id', e.identityId);
      return sendRawJson(reply, 200, e.body);
    }
    const err = e.aal === 'aal2_required' ? aal2Required(deps.publicBaseUrl()) : unauthorized('Unable to determine AAL.');
    return sendError(req, reply, err);
  };

  // Concurrent misses of one token share a single database lookup (no thundering herd when a
  // popular entry goes stale).
  const inflight = new Map<string, Promise<CachedSession | null>>();
  const load = async (token: string, tokenHash: string, nowMs: number): Promise<CachedSession | null> => {
    const generation = deps.cache.generation;
    const found = await deps.sessionManager.fetchByToken(token);
    if (!found) return null;
    const aal = checkAal(deps.requiredAal(), found.session.aal, found.credentialTypes);
    const entry: CachedSession = {
      sessionId: found.session.id,
      identityId: found.identity.id,
      expiresAtMs: found.session.expiresAt.getTime(),
      body: aal === 'ok' ? JSON.stringify(sessionToWire(found.session, found.identity, deps.publicBaseUrl())) + '\n' : null,
      aal,
      fetchedAtMs: nowMs,
    };
    deps.cache.set(tokenHash, entry, generation);
    return entry;
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = deps.sessionManager.tokenFromHeaders(req.headers);
    if (!token) return sendError(req, reply, noSession());
    const tokenHash = hashToken(token);
    const nowMs = deps.clock.now().getTime();
    const hit = deps.cache.get(tokenHash, nowMs);
    if (hit) return answer(req, reply, hit);

    let pending = inflight.get(tokenHash);
    if (!pending) {
      pending = load(token, tokenHash, nowMs).finally(() => inflight.delete(tokenHash));
      inflight.set(tokenHash, pending);
    }
    const entry = await pending;
    if (!entry) return sendError(req, reply, noSession());
    return answer(req, reply, entry);
  };

  app.route({ method: WHOAMI_METHODS, url: '/sessions/whoami', handler });
}

/**
 * gofrs/uuid's text forms (canonical, 32 hex digits, braced, `urn:uuid:`) and its error
 * messages, which Kratos returns verbatim for bad ids on this route.
 */
export function parseGoUuid(s: string): { id: string } | { error: string } {
  const HEX32 = /^[0-9a-f]{32}$/i;
  const CANON = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  let body: string;
  if (s.length === 36) body = s;
  else if (s.length === 32) body = s;
  else if (s.length === 38 && s.startsWith('{') && s.endsWith('}')) body = s.slice(1, -1);
  else if ((s.length === 45 || s.length === 41) && s.toLowerCase().startsWith('urn:uuid:')) body = s.slice(9);
  else return { error: `uuid: incorrect UUID length ${s.length} in string ${JSON.stringify(s)}` };
  const hex = CANON.test(body) ? body.replace(/-/g, '') : HEX32.test(body) ? body : null;
  if (!hex) return { error: `uuid: incorrect UUID format in string ${JSON.stringify(s)}` };
  const h = hex.toLowerCase();
  return { id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
}

export interface AdminSessionDeps {
  sessions: SessionPersister;
}

/** `DELETE /identities/{id}/sessions` (api.md §8.2). */
export function registerAdminSessionRoutes(app: FastifyInstance, deps: AdminSessionDeps): void {
  app.delete('/identities/:id/sessions', async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const parsed = parseGoUuid(id);
    if ('error' in parsed) throw badRequest(undefined, { message: parsed.error, debug: 'could not parse UUID' });
    const deleted = await deps.sessions.deleteSessionsOfIdentity(parsed.id);
    if (deleted === 0) throw notFound();
    return reply.code(204).send();
  });
}
