import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldError, FieldValidationError } from '../../../ui/index.js';
import type { ChallengeContext, ChallengeStrategy } from '../../strategy/strategy.js';
import { decodeFlowBody } from '../decode.js';
import { registerFlowFetch, registerFlowSubmit } from '../fetch.js';
import type { ChallengeFlow, FlowType } from '../flow.js';
import { acceptsJson, isJsonRequest } from '../negotiation.js';
import { queryParam, requestUrl } from '../request.js';
import { forward, respondFlowError, sendFlow } from '../respond.js';
import { redirectToUi, type FlowRuntime } from '../runtime.js';
import { secureRedirectTo, selfServiceRedirectOr } from '../return-to.js';
import { CHALLENGE_RULES, recoverySessionPresent } from './kinds.js';
import type { ChallengeFlows } from './service.js';

/** Just enough of a submit to pick the method; the method decodes the rest. */
const PEEK = {
  schema: { fields: { method: { type: 'string' as const }, token: { type: 'string' as const } }, required: [] },
  methods: ['POST', 'PUT', 'PATCH', 'GET'],
  queryOnGet: true,
};

/**
 * Init, fetch and submit of the recovery or the verification flow (api.md §5, §6): the two
 * differ only in the rules of `CHALLENGE_RULES` and in what their methods do.
 */
export function registerChallengeRoutes(
  app: FastifyInstance,
  rt: FlowRuntime,
  flows: ChallengeFlows,
  strategies: readonly ChallengeStrategy[],
): void {
  const kind = flows.kind;
  const rules = CHALLENGE_RULES[kind];
  const guard = () => {
    if (!rt.config.flowEnabled(kind)) throw rules.disabled();
  };
  /** Recovery is for people who cannot sign in: a session sends them back where they came from. */
  const signedIn = async (req: FastifyRequest) => rules.refusesSession && (await rt.sessionManager.fromHeaders(req.headers)) !== null;
  const backToApp = (req: FastifyRequest, reply: FastifyReply) =>
    reply
      .code(302)
      .header('location', selfServiceRedirectOr(new URL(requestUrl(req)), rt.config.defaultBrowserReturnUrl, rt.config.publicBaseUrl))
      .send();

  const init = async (req: FastifyRequest, reply: FastifyReply, type: FlowType) => {
    guard();
    if (await signedIn(req)) {
      if (type === 'api' || isJsonRequest(req.headers)) throw recoverySessionPresent();
      return backToApp(req, reply);
    }
    // Validated now, used when the flow completes (verification) or ignored (recovery).
    secureRedirectTo(new URL(requestUrl(req)), rt.config.defaultBrowserReturnUrl, rt.redirectCheck);
    const flow = await flows.create(req, type);
    if (type === 'api' || acceptsJson(req.headers)) return sendFlow(reply, 200, flow);
    return redirectToUi(rt, reply, kind, flow.id, 303);
  };

  app.get(`/self-service/${kind}/browser`, async (req, reply) => {
    try {
      return await init(req, reply, 'browser');
    } catch (err) {
      return forward(rt, req, reply, err);
    }
  });
  app.get(`/self-service/${kind}/api`, (req, reply) => init(req, reply, 'api'));

  registerFlowFetch(app, rt, kind, { guard });

  registerFlowSubmit(
    app,
    rt,
    kind,
    async (req, reply, flow: ChallengeFlow) => {
      if (await signedIn(req)) return backToApp(req, reply);
      const json = flow.type === 'api' || isJsonRequest(req.headers);
      const now = rt.clock.now();
      if (flow.expiresAt.getTime() <= now.getTime()) {
        const message = rules.expired(now.getTime() - flow.expiresAt.getTime(), now);
        return flows.retry(req, reply, flow.type, message, { requestUrl: flow.requestUrl, json });
      }
      const ctx: ChallengeContext = { req, reply, flow, flows, token: queryParam(req, 'token'), method: '', json };
      let responsible: ChallengeStrategy | undefined;
      try {
        // A link click carries everything in the query; only a form submission has a body.
        if (!ctx.token) {
          const peek = await decodeFlowBody(req, PEEK);
          ctx.method = typeof peek.method === 'string' ? peek.method : '';
          ctx.token = typeof peek.token === 'string' ? peek.token : '';
        }
        for (const s of strategies) {
          if (s.id === ctx.method) responsible = s;
          const r = await s.submit(ctx);
          if (r.kind === 'not-responsible') continue;
          return r.reply;
        }
        throw new FieldValidationError(fieldError('#/', rules.noStrategy()));
      } catch (err) {
        // `active` names the node group of the error: the method's, or `default` (flows.md §3).
        flow.active = responsible ? responsible.id : 'default';
        return respondFlowError(rt, req, reply, flow, err, { prepare: (ui) => responsible?.prepareRetry?.(ui, ctx) });
      }
    },
    { guard, notFound: rules.notFound },
  );
}
