import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError, internal } from '../../http/errors.js';
import { sendJson } from '../../http/reply.js';
import type { UiText } from '../../text/index.js';
import { addMessage, applyValidationErrors, fromWire, resetMessages, setCsrf, toWire, type UiContainer } from '../../ui/index.js';
import { flowExpiredOnSubmit } from './errors.js';
import { forwardError } from '../errorx/forward.js';
import type { Flow, FlowKind } from './flow.js';
import { isJsonRequest } from './negotiation.js';
import { formCsrfToken, redirectToUi, type FlowRuntime } from './runtime.js';
import { flowToWire } from './wire.js';

/** Status of the redirect back to the UI after a validation error (api.md §1.4). */
export const ERROR_REDIRECT_STATUS: Record<FlowKind, 302 | 303> = {
  login: 302,
  registration: 302,
  settings: 303,
  recovery: 303,
  verification: 303,
};

export interface FlowErrorOptions {
  /** Adjusts the UI before messages are placed (clear the password, echo submitted traits…). */
  prepare?: (ui: UiContainer) => void;
  /** Re-sorts the nodes (login, registration and settings are sorted after every error). */
  sort?: (ui: UiContainer) => void;
  /** Extra wire fields of the flow (settings: the identity). */
  wireExtra?: { identity?: Record<string, unknown> };
}

export const sendFlow = (reply: FastifyReply, status: number, flow: Flow, extra: FlowErrorOptions['wireExtra'] = {}) =>
  sendJson(reply, status, flowToWire(flow, extra));

/**
 * Answers a failed submit: validation-type errors are stored in the flow and the flow is
 * shown again (400 JSON, or a redirect to the UI); anything else is forwarded as an error.
 */
export async function respondFlowError(
  rt: FlowRuntime,
  req: FastifyRequest,
  reply: FastifyReply,
  flow: Flow,
  err: unknown,
  opts: FlowErrorOptions = {},
): Promise<FastifyReply> {
  const ui = fromWire(flow.ui);
  resetMessages(ui);
  setCsrf(ui, formCsrfToken(req, flow.type));
  opts.prepare?.(ui);
  if (!applyValidationErrors(ui, err)) {
    const ge = err instanceof GatehouseError ? err : internal();
    if (!(err instanceof GatehouseError)) req.log?.error?.({ err }, 'flow submit failed');
    return forwardError(req, reply, ge, rt);
  }
  opts.sort?.(ui);
  flow.ui = toWire(ui) as unknown as Record<string, unknown>;
  flow.updatedAt = rt.clock.now();
  await rt.flows.updateFlow(flow);
  if (flow.type === 'api' || isJsonRequest(req.headers)) return sendFlow(reply, 400, flow, opts.wireExtra);
  return redirectToUi(rt, reply, flow.kind, flow.id, ERROR_REDIRECT_STATUS[flow.kind]);
}

/** Sends an error that does not belong into a flow (api.md §1.4 "forwarded"). */
export function forward(rt: FlowRuntime, req: FastifyRequest, reply: FastifyReply, err: unknown): Promise<FastifyReply> {
  if (err instanceof GatehouseError) return forwardError(req, reply, err, rt);
  throw err;
}

/**
 * Answers the submit of an expired flow with its replacement `fresh` (which gets the expiry
 * message): browsers are sent to the new flow's UI, JSON clients get the 410 envelope.
 */
export async function answerExpired(
  rt: FlowRuntime,
  req: FastifyRequest,
  reply: FastifyReply,
  expired: Flow,
  fresh: Flow,
  message: UiText,
  json: boolean,
): Promise<FastifyReply> {
  const ui = fromWire(fresh.ui);
  addMessage(ui, message);
  fresh.ui = toWire(ui) as unknown as Record<string, unknown>;
  await rt.flows.updateFlow(fresh);
  if (json) return forward(rt, req, reply, flowExpiredOnSubmit(expired.expiresAt, rt.clock.now(), fresh.id));
  return redirectToUi(rt, reply, fresh.kind, fresh.id, 303);
}
