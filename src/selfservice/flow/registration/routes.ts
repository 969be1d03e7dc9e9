import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { conflict, GatehouseError } from '../../../http/errors.js';
import { sendJson } from '../../../http/reply.js';
import { identityToWire } from '../../../identity/wire.js';
import { sessionToWire } from '../../../session/wire.js';
import * as text from '../../../text/index.js';
import { fieldError, FieldValidationError, fromWire, registrationOrder, schemaLeafPaths, sortContainer, toWire, type UiContainer } from '../../../ui/index.js';
import { afterHookConfigs, afterReturnUrl, beforeHookConfigs, runWebHooks } from '../../hook/run.js';
import { flowToWire } from '../wire.js';
import { issueSession } from '../../hook/session.js';
import type { VerificationHook } from '../../hook/verification.js';
import type { RegistrationContext, RegistrationStrategy } from '../../strategy/strategy.js';
import { decodeFlowBody } from '../decode.js';
import { sessionAlreadyAvailable } from '../errors.js';
import { registerFlowFetch, registerFlowSubmit } from '../fetch.js';
import type { FlowType, RegistrationFlow } from '../flow.js';
import { acceptsJson, isJsonRequest } from '../negotiation.js';
import { requestUrl } from '../request.js';
import { answerExpired, forward, respondFlowError, sendFlow } from '../respond.js';
import { newFlowBase, redirectToUi, type FlowRuntime } from '../runtime.js';
import { secureRedirectTo, selfServiceRedirectOr } from '../return-to.js';

const PEEK = {
  schema: { fields: { method: { type: 'string' as const }, provider: { type: 'string' as const } }, required: [] },
  methods: ['POST', 'PUT', 'PATCH', 'GET'],
  queryOnGet: true,
};

/** Registration: init, fetch, submit (api.md §3, flows.md §4.2). */
export function registerRegistrationRoutes(
  app: FastifyInstance,
  rt: FlowRuntime,
  strategies: readonly RegistrationStrategy[],
  verification: VerificationHook,
): void {
  const sorter = async () => {
    const paths = schemaLeafPaths(await rt.schemas.getParsed('default'));
    return (ui: UiContainer) => sortContainer(ui, registrationOrder(paths));
  };

  const create = async (req: FastifyRequest, type: FlowType, requestUrlOverride?: string): Promise<RegistrationFlow> => {
    const flow: RegistrationFlow = { ...newFlowBase(rt, req, 'registration', type), kind: 'registration' };
    if (requestUrlOverride) flow.requestUrl = requestUrlOverride;
    const ui = fromWire(flow.ui);
    for (const s of strategies) await s.populateRegistration(ui, { req, flow });
    (await sorter())(ui);
    flow.ui = toWire(ui) as unknown as Record<string, unknown>;
    await rt.flows.createFlow(flow);
    return flow;
  };

  const before = (req: FastifyRequest, flow: RegistrationFlow) =>
    runWebHooks(rt.hooks, req, beforeHookConfigs(rt.config.raw.selfservice.flows.registration.before), {
      flow: flowToWire(flow),
      identity: null,
    });

  app.get('/self-service/registration/browser', async (req, reply) => {
    try {
      secureRedirectTo(new URL(requestUrl(req)), rt.config.defaultBrowserReturnUrl, rt.redirectCheck);
      const flow = await create(req, 'browser');
      await before(req, flow);
      if (await rt.sessionManager.fromHeaders(req.headers)) {
        if (isJsonRequest(req.headers)) throw sessionAlreadyAvailable('registration');
        return reply.code(303).header('location', rt.config.defaultBrowserReturnUrl).send();
      }
      if (acceptsJson(req.headers)) return sendFlow(reply, 200, flow);
      return redirectToUi(rt, reply, 'registration', flow.id, 303);
    } catch (err) {
      return forward(rt, req, reply, err);
    }
  });

  app.get('/self-service/registration/api', async (req, reply) => {
    secureRedirectTo(new URL(requestUrl(req)), rt.config.defaultBrowserReturnUrl, rt.redirectCheck);
    if (await rt.sessionManager.fromHeaders(req.headers)) throw sessionAlreadyAvailable('registration');
    const flow = await create(req, 'api');
    await before(req, flow);
    return sendFlow(reply, 200, flow);
  });

  registerFlowFetch(app, rt, 'registration');

  registerFlowSubmit(app, rt, 'registration', async (req, reply, flow) => {
    const json = flow.type === 'api' || isJsonRequest(req.headers);
    if (await rt.sessionManager.fromHeaders(req.headers)) {
      if (json) throw sessionAlreadyAvailable('registration');
      const to = selfServiceRedirectOr(new URL(flow.requestUrl), rt.config.defaultBrowserReturnUrl, rt.config.publicBaseUrl);
      return reply.code(302).header('location', to).send();
    }
    const now = rt.clock.now();
    if (flow.expiresAt.getTime() <= now.getTime()) {
      const fresh = await create(req, flow.type, flow.requestUrl);
      return answerExpired(rt, req, reply, flow, fresh, text.registrationFlowExpired(now.getTime() - flow.expiresAt.getTime(), now), json);
    }
    const ctx: RegistrationContext = { req, flow };
    let responsible: RegistrationStrategy | undefined;
    try {
      const peek = await decodeFlowBody(req, PEEK);
      const method = typeof peek.method === 'string' ? peek.method : typeof peek.provider === 'string' ? 'oidc' : '';
      for (const s of strategies) {
        if (s.id === method) responsible = s;
        const r = await s.register(Object.assign(ctx, { method }));
        if (r.kind === 'not-responsible') continue;
        responsible = s;
        return await finish(req, reply, flow, r.identity, s.id);
      }
      throw new FieldValidationError(fieldError('#/', text.registrationNoStrategy()));
    } catch (err) {
      const sort = await sorter();
      return respondFlowError(rt, req, reply, flow, err, {
        prepare: (ui) => responsible?.prepareRetry?.(ui, ctx),
        sort,
      });
    }
  });

  /** Insert, session hook, answer (api.md §3.4). */
  async function finish(
    req: FastifyRequest,
    reply: FastifyReply,
    flow: RegistrationFlow,
    identity: Parameters<typeof identityToWire>[0],
    method: 'password' | 'oidc' | string,
  ): Promise<FastifyReply> {
    try {
      await rt.identities.createIdentity(identity);
    } catch (err) {
      if (err instanceof GatehouseError && err.status === conflict().status) {
        throw new FieldValidationError(fieldError('#/', text.validationDuplicateCredentials()));
      }
      throw err;
    }
    const after = rt.config.raw.selfservice.flows.registration.after;
    const browser = flow.type === 'browser';
    flow.updatedAt = rt.clock.now();
    await rt.flows.updateFlow(flow);
    const publicBaseUrl = rt.config.publicBaseUrl;
    // The implicit verification hook runs first (flows.md §9).
    await verification.afterIdentityWrite(req, flow, identity);
    const identityWire = identityToWire(identity, { publicBaseUrl });
    // Post-persist hooks in the configured order; for API flows the session hook ends the chain.
    let session: Awaited<ReturnType<typeof issueSession>> | null = null;
    for (const hook of afterHookConfigs(after, method)) {
      if (hook.hook === 'session') {
        session = await issueSession(rt, req, reply, { identity, method: 'password', current: null, revokeOthers: false, browser });
        if (!browser) break;
      } else if (hook.hook === 'web_hook') {
        await runWebHooks(rt.hooks, req, [hook], { flow: flowToWire(flow), identity: identityWire });
      }
    }
    // Without the `session` hook no session exists; upstream still sent an unusable,
    // unpersisted session object here, so `session` is simply absent.
    const body: Record<string, unknown> = { identity: identityWire };
    if (session) body.session = sessionToWire(session, identity, publicBaseUrl);
    if (!browser) {
      if (session) body.session_token = session.token;
      return sendJson(reply, 200, body);
    }
    if (acceptsJson(req.headers) || isJsonRequest(req.headers)) return sendJson(reply, 200, body);
    const fallback = afterReturnUrl(after, method, rt.config.defaultBrowserReturnUrl);
    return reply.code(303).header('location', secureRedirectTo(new URL(flow.requestUrl), fallback, rt.redirectCheck)).send();
  }
}
