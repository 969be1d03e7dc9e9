import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfViolation } from '../../http/csrf.js';
import { notFound } from '../../http/errors.js';
import { isUuid } from '../../x/random.js';
import { flowExpiredOnFetch, flowIdMalformed } from './errors.js';
import type { Flow, FlowKind, FlowOfKind } from './flow.js';
import { queryParam } from './request.js';
import { forward, sendFlow } from './respond.js';
import { fetchCsrfOk, type FlowRuntime } from './runtime.js';

/**
 * `GET /self-service/<kind>/flows?id=` (api.md §2.3): 404, then the CSRF check of browser
 * flows, then 410 when expired. `authorize` adds per-kind checks (settings: same identity).
 */
export function registerFlowFetch(
  app: FastifyInstance,
  rt: FlowRuntime,
  kind: FlowKind,
  opts: {
    /** Runs first (e.g. the flow kind is switched off). */
    guard?: () => void;
    authorize?: (flow: Flow, headers: Record<string, unknown>) => Promise<Record<string, unknown> | void>;
  } = {},
): void {
  app.get(`/self-service/${kind}/flows`, async (req, reply) => {
    opts.guard?.();
    const id = queryParam(req, 'id');
    const flow = isUuid(id) ? await rt.flows.getFlow(kind, id) : null;
    if (!flow) throw notFound();
    if (!fetchCsrfOk(req, flow)) throw csrfViolation();
    const extra = (await opts.authorize?.(flow, req.headers)) ?? undefined;
    if (flow.expiresAt.getTime() <= rt.clock.now().getTime()) throw flowExpiredOnFetch(kind, flow.type, rt.config.publicBaseUrl);
    return sendFlow(reply, 200, flow, extra);
  });
}

/**
 * `POST|GET /self-service/<kind>?flow=`: the flow id must be a UUID (400) of an existing flow
 * (404); errors that escape the handler are forwarded (envelope or error UI).
 */
export function registerFlowSubmit<K extends FlowKind>(
  app: FastifyInstance,
  rt: FlowRuntime,
  kind: K,
  handler: (req: FastifyRequest, reply: FastifyReply, flow: FlowOfKind<K>) => Promise<FastifyReply>,
  opts: { guard?: () => void; notFound?: () => Error } = {},
): void {
  const submit = async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      opts.guard?.();
      const id = queryParam(req, 'flow');
      if (!isUuid(id)) throw flowIdMalformed();
      const flow = await rt.flows.getFlow(kind, id);
      if (!flow) throw opts.notFound?.() ?? notFound();
      return await handler(req, reply, flow);
    } catch (err) {
      return forward(rt, req, reply, err);
    }
  };
  app.post(`/self-service/${kind}`, submit);
  app.get(`/self-service/${kind}`, submit);
}
