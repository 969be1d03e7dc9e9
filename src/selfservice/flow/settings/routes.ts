import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, GatehouseError, notFound, unauthorized } from '../../../http/errors.js';
import { identityToWire } from '../../../identity/wire.js';
import type { Identity } from '../../../identity/identity.js';
import { checkAal } from '../../../session/aal.js';
import { aal2Required } from '../../../session/routes.js';
import type { SessionWithIdentity } from '../../../session/session.js';
import { isUuid } from '../../../x/random.js';
import { joinUrl } from '../../../x/url.js';
import type { SettingsStrategy } from '../../strategy/strategy.js';
import { abort, type ContinuityDeps } from '../continuity.js';
import { flowExpiredOnFetch, sessionInactive } from '../errors.js';
import type { FlowType, SettingsFlow } from '../flow.js';
import { acceptsJson, isJsonRequest } from '../negotiation.js';
import { queryParam, requestUrl } from '../request.js';
import { forward, sendFlow } from '../respond.js';
import { redirectToUi, type FlowRuntime } from '../runtime.js';
import { secureRedirectTo } from '../return-to.js';
import type { VerificationHook } from '../../hook/verification.js';
import { createSettingsFlow } from './create.js';
import { containerName, submitSettings } from './submit.js';

export const settingsSessionMissing = () => unauthorized('A valid Ory Session Cookie or Ory Session Token is missing.');

export const identityMismatch = () =>
  forbidden('The request was made for another identity and has been blocked for security reasons.', { id: 'security_identity_mismatch' });

export interface SettingsSession {
  session: SessionWithIdentity;
  /** The identity with credentials. */
  identity: Identity;
}

/** The session of a settings request and its AAL check (session.md §5.3), or an error. */
export async function settingsSession(rt: FlowRuntime, req: FastifyRequest): Promise<SettingsSession | null> {
  const session = await rt.sessionManager.fromHeaders(req.headers);
  if (!session) return null;
  const identity = await rt.identities.getIdentity(session.identity.id, { withCredentials: true });
  const aal = checkAal(rt.config.settingsRequiredAal, session.session.aal, Object.keys(identity.credentials ?? {}));
  if (aal === 'aal2_required') throw aal2Required(rt.config.publicBaseUrl);
  if (aal !== 'ok') throw unauthorized('Unable to determine AAL.');
  return { session, identity };
}

/** Browsers without a session go to the login UI; JSON clients get a 401. */
function redirectToLogin(rt: FlowRuntime, reply: FastifyReply): FastifyReply {
  return reply.code(302).header('location', rt.config.flowUiUrl('login').href).send();
}

const settingsWire = (rt: FlowRuntime, identity: Identity) => ({
  identity: identityToWire(identity, { publicBaseUrl: rt.config.publicBaseUrl }),
});

/** Settings: init, fetch, submit (api.md §4). */
export function registerSettingsRoutes(
  app: FastifyInstance,
  rt: FlowRuntime,
  strategies: readonly SettingsStrategy[],
  continuity: ContinuityDeps,
  verification: VerificationHook,
): void {
  const aalRedirect = (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
    if (err instanceof GatehouseError && err.fields.id === 'session_aal2_required' && !isJsonRequest(req.headers)) {
      return reply.code(303).header('location', joinUrl(rt.config.publicBaseUrl, '/self-service/login/browser?aal=aal2').href).send();
    }
    return forward(rt, req, reply, err);
  };

  const init = async (req: FastifyRequest, reply: FastifyReply, type: FlowType, s: SettingsSession) => {
    secureRedirectTo(new URL(requestUrl(req)), rt.config.defaultBrowserReturnUrl, rt.redirectCheck);
    // A new settings flow abandons updates paused for re-authentication (flows.md §4.3).
    await abort(req, reply, continuity, strategies.map((st) => containerName(st.id)));
    const flow = await createSettingsFlow(rt, strategies, req, type, s.identity);
    if (type === 'api' || acceptsJson(req.headers)) return sendFlow(reply, 200, flow, settingsWire(rt, s.identity));
    return redirectToUi(rt, reply, 'settings', flow.id, 303);
  };

  app.get('/self-service/settings/browser', async (req, reply) => {
    try {
      const s = await settingsSession(rt, req);
      if (!s) {
        if (isJsonRequest(req.headers)) throw sessionInactive();
        return redirectToLogin(rt, reply);
      }
      return await init(req, reply, 'browser', s);
    } catch (err) {
      return aalRedirect(req, reply, err);
    }
  });

  app.get('/self-service/settings/api', async (req, reply) => {
    const s = await settingsSession(rt, req);
    if (!s) throw sessionInactive('This endpoint can only be accessed with a valid session. Please log in and try again.');
    return init(req, reply, 'api', s);
  });

  app.get('/self-service/settings/flows', async (req, reply) => {
    const s = await settingsSession(rt, req);
    if (!s) {
      if (isJsonRequest(req.headers) || req.headers['x-session-token']) throw settingsSessionMissing();
      return redirectToLogin(rt, reply);
    }
    const id = queryParam(req, 'id');
    const flow = isUuid(id) ? await rt.flows.getFlow('settings', id) : null;
    if (!flow) throw notFound();
    if (flow.identityId !== s.identity.id) throw identityMismatch();
    if (flow.expiresAt.getTime() <= rt.clock.now().getTime()) throw flowExpiredOnFetch('settings', flow.type, rt.config.publicBaseUrl);
    return sendFlow(reply, 200, flow, settingsWire(rt, s.identity));
  });

  const submit = async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const s = await settingsSession(rt, req);
      if (!s) {
        if (isJsonRequest(req.headers) || req.headers['x-session-token']) throw settingsSessionMissing();
        return redirectToLogin(rt, reply);
      }
      const id = queryParam(req, 'flow');
      const flow: SettingsFlow | null = isUuid(id) ? await rt.flows.getFlow('settings', id) : null;
      if (!isUuid(id)) throw new GatehouseError(400, { reason: 'The flow query parameter is missing or malformed.' });
      if (!flow) throw notFound('The settings request could not be found. Please restart the flow.');
      return await submitSettings(rt, strategies, continuity, verification, req, reply, flow, s);
    } catch (err) {
      return aalRedirect(req, reply, err);
    }
  };
  app.post('/self-service/settings', submit);
  app.get('/self-service/settings', submit);
}
