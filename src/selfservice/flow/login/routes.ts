import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginStrategy } from '../../strategy/strategy.js';
import { aal1Required, invalidAal, sessionAlreadyAvailable } from '../errors.js';
import { registerFlowFetch, registerFlowSubmit } from '../fetch.js';
import type { FlowType } from '../flow.js';
import { acceptsJson, isJsonRequest } from '../negotiation.js';
import { queryParam, requestUrl } from '../request.js';
import { forward, sendFlow } from '../respond.js';
import { redirectToUi, type FlowRuntime } from '../runtime.js';
import { secureRedirectTo } from '../return-to.js';
import { beforeHookConfigs, runWebHooks } from '../../hook/run.js';
import { flowToWire } from '../wire.js';
import { createLoginFlow } from './create.js';
import { submitLogin } from './submit.js';

function parseAal(req: FastifyRequest): 'aal1' | 'aal2' {
  const raw = queryParam(req, 'aal').toLowerCase();
  if (raw === '' || raw === 'aal1') return 'aal1';
  if (raw === 'aal2') return 'aal2';
  throw invalidAal(raw);
}

/** Login: init for browsers and API clients, fetch, submit (api.md §2). */
export function registerLoginRoutes(app: FastifyInstance, rt: FlowRuntime, strategies: readonly LoginStrategy[]): void {
  /** The init rules of flows.md §4.1: a new flow, or "already logged in". */
  const init = async (req: FastifyRequest, reply: FastifyReply, type: FlowType) => {
    const url = new URL(requestUrl(req));
    const returnTo = secureRedirectTo(url, rt.config.defaultBrowserReturnUrl, rt.redirectCheck);
    const requestedAal = parseAal(req);
    const refresh = queryParam(req, 'refresh') === 'true';
    const session = await rt.sessionManager.fromHeaders(req.headers);
    if (!session && requestedAal === 'aal2') throw aal1Required();
    if (session && !refresh && (requestedAal === 'aal1' || requestedAal <= session.session.aal)) {
      if (type === 'api' || isJsonRequest(req.headers)) throw sessionAlreadyAvailable('login');
      return reply.code(303).header('location', returnTo).send();
    }
    const flow = await createLoginFlow(rt, strategies, req, type, { refresh, requestedAal, session });
    await runWebHooks(rt.hooks, req, beforeHookConfigs(rt.config.raw.selfservice.flows.login.before), {
      flow: flowToWire(flow),
      identity: null,
    });
    if (type === 'api' || acceptsJson(req.headers)) return sendFlow(reply, 200, flow);
    return redirectToUi(rt, reply, 'login', flow.id, 303);
  };

  app.get('/self-service/login/browser', async (req, reply) => {
    try {
      return await init(req, reply, 'browser');
    } catch (err) {
      return forward(rt, req, reply, err);
    }
  });

  app.get('/self-service/login/api', (req, reply) => init(req, reply, 'api'));

  registerFlowFetch(app, rt, 'login');

  registerFlowSubmit(app, rt, 'login', (req, reply, flow) => submitLogin(rt, strategies, req, reply, flow));
}
