import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendJson } from '../../../http/reply.js';
import { checkAal } from '../../../session/aal.js';
import type { AuthenticationMethodName } from '../../../session/session.js';
import { sessionToWire } from '../../../session/wire.js';
import * as text from '../../../text/index.js';
import { fieldError, FieldValidationError, loginOrder, sortContainer } from '../../../ui/index.js';
import { joinUrl } from '../../../x/url.js';
import { afterHookConfigs, afterHooks, afterReturnUrl, runWebHooks } from '../../hook/run.js';
import { identityToWire } from '../../../identity/wire.js';
import { flowToWire } from '../wire.js';
import { issueSession } from '../../hook/session.js';
import { internal } from '../../../http/errors.js';
import type { LoginContext, LoginStrategy } from '../../strategy/strategy.js';
import { decodeFlowBody } from '../decode.js';
import { aal1Required, sessionAlreadyAvailable } from '../errors.js';
import type { LoginFlow } from '../flow.js';
import { acceptsJson, isJsonRequest } from '../negotiation.js';
import { answerExpired, forward, respondFlowError } from '../respond.js';
import { type FlowRuntime } from '../runtime.js';
import { secureRedirectTo } from '../return-to.js';
import { createLoginFlow } from './create.js';

const PEEK = {
  schema: { fields: { method: { type: 'string' as const }, provider: { type: 'string' as const } }, required: [] },
  methods: ['POST', 'PUT', 'PATCH', 'GET'],
  queryOnGet: true,
};

const sortLogin = (ui: Parameters<typeof sortContainer>[0]) => sortContainer(ui, loginOrder);

/** `POST|GET /self-service/login?flow=` after the flow was found (api.md §2.4). */
export async function submitLogin(
  rt: FlowRuntime,
  strategies: readonly LoginStrategy[],
  req: FastifyRequest,
  reply: FastifyReply,
  flow: LoginFlow,
): Promise<FastifyReply> {
  const json = flow.type === 'api' || isJsonRequest(req.headers);
  const session = await rt.sessionManager.fromHeaders(req.headers);
  const continuing = session !== null && (flow.refresh || flow.requestedAal > session.session.aal);
  if (session && !continuing) {
    if (json) return respondFlowError(rt, req, reply, flow, sessionAlreadyAvailable('login'), { sort: sortLogin });
    return reply.code(303).header('location', rt.config.defaultBrowserReturnUrl).send();
  }
  if (!session && flow.requestedAal === 'aal2') return forward(rt, req, reply, aal1Required());

  const now = rt.clock.now();
  if (flow.expiresAt.getTime() <= now.getTime()) {
    // The replacement is built without the session checks of an init: upstream rebuilt it as
    // an init and, for a still-logged-in submitter, recursed forever without answering.
    const fresh = await createLoginFlow(rt, strategies, req, flow.type, {
      refresh: false,
      requestedAal: 'aal1',
      session: null,
      requestUrl: flow.requestUrl,
    });
    return answerExpired(rt, req, reply, flow, fresh, text.loginFlowExpired(now.getTime() - flow.expiresAt.getTime(), now), json);
  }

  const ctx: LoginContext = {
    req,
    flow,
    session: session ? { ...session, identity: await rt.identities.getIdentity(session.identity.id, { withCredentials: true }) } : null,
  };
  let responsible: LoginStrategy | undefined;
  try {
    const peek = await decodeFlowBody(req, PEEK);
    const method = typeof peek.method === 'string' ? peek.method : typeof peek.provider === 'string' ? 'oidc' : '';
    for (const s of strategies) {
      if (s.id === method) responsible = s;
      const r = await s.login(Object.assign(ctx, { method }));
      if (r.kind === 'not-responsible') continue;
      responsible = s;
      return await finishLogin(rt, req, reply, flow, ctx, r.identity, s.id);
    }
    throw new FieldValidationError(fieldError('#/', text.loginNoStrategy()));
  } catch (err) {
    return respondFlowError(rt, req, reply, flow, err, {
      prepare: (ui) => {
        for (const s of strategies) if (s === responsible || !responsible) s.prepareRetry?.(ui, ctx);
      },
      sort: sortLogin,
    });
  }
}

/** Post-login hooks, the session, and the answer for each client kind (api.md §2.4). */
async function finishLogin(
  rt: FlowRuntime,
  req: FastifyRequest,
  reply: FastifyReply,
  flow: LoginFlow,
  ctx: LoginContext,
  identity: NonNullable<LoginContext['session']>['identity'],
  method: AuthenticationMethodName,
): Promise<FastifyReply> {
  const after = rt.config.raw.selfservice.flows.login.after;
  const hooks = afterHooks(after, method);
  if (method === 'password' && hooks.includes('require_verified_address')) {
    if (identity.verifiableAddresses.length === 0) {
      throw internal('A misconfiguration prevents login. Expected to find a verification address but this identity does not have one assigned.');
    }
    if (!identity.verifiableAddresses.some((a) => a.verified)) {
      throw new FieldValidationError(fieldError('#/', text.validationAddressNotVerified()));
    }
  }
  const browser = flow.type === 'browser';
  flow.active = method;
  await runWebHooks(rt.hooks, req, afterHookConfigs(after, method), {
    flow: flowToWire(flow),
    identity: identityToWire(identity, { publicBaseUrl: rt.config.publicBaseUrl }),
  });
  const session = await issueSession(rt, req, reply, {
    identity,
    method,
    current: ctx.session,
    revokeOthers: hooks.includes('revoke_active_sessions'),
    browser,
  });
  flow.active = method;
  flow.updatedAt = rt.clock.now();
  await rt.flows.updateFlow(flow);

  const credentialTypes = Object.keys(identity.credentials ?? {});
  const aalOk = checkAal(rt.config.whoamiRequiredAal, session.aal, credentialTypes) === 'ok';
  const wire = sessionToWire(session, aalOk ? identity : null, rt.config.publicBaseUrl);
  if (!browser) return sendJson(reply, 200, { session_token: session.token, session: wire });
  if (acceptsJson(req.headers) || isJsonRequest(req.headers)) return sendJson(reply, 200, { session: wire });
  if (!aalOk) {
    return reply.code(303).header('location', joinUrl(rt.config.publicBaseUrl, '/self-service/login/browser?aal=aal2').href).send();
  }
  const fallback = afterReturnUrl(after, method, rt.config.defaultBrowserReturnUrl);
  return reply.code(303).header('location', secureRedirectTo(new URL(flow.requestUrl), fallback, rt.redirectCheck)).send();
}

