import type { FastifyReply } from 'fastify';
import { isEmail } from '../../../schema/email.js';
import { goQuote } from '../../../schema/gofmt.js';
import * as text from '../../../text/index.js';
import {
  addMessage,
  fieldError,
  FieldValidationError,
  fromWire,
  inputNode,
  resetMessages,
  setCsrf,
  submitNode,
  toWire,
  upsertNode,
  type UiContainer,
} from '../../../ui/index.js';
import { CHALLENGE_RULES } from '../../flow/challenge/kinds.js';
import { decodeFlowBody } from '../../flow/decode.js';
import { sendFlow } from '../../flow/respond.js';
import { formCsrfToken, redirectToUi, verifySubmitOrigin, type FlowRuntime } from '../../flow/runtime.js';
import type { ChallengeContext } from '../strategy.js';

export const LINK_METHOD = 'link';

const EMAIL_BODY = {
  fields: {
    method: { type: 'string' as const },
    email: { type: 'string' as const },
    csrf_token: { type: 'string' as const },
  },
  required: ['email'],
};

/** A fresh flow asks for the address (ui.md §5.5 `choose_method`). */
export function populateEmailForm(ui: UiContainer): void {
  upsertNode(ui, inputNode('email', 'link', 'email', { required: true, label: text.labelEmail() }));
  ui.nodes.push(submitNode('link', LINK_METHOD, text.labelSubmit()));
}

/** After a submission the address is shown again, without its label (ui.md §5.5 `sent_email`). */
export function showSubmittedEmail(ui: UiContainer, email: string): void {
  upsertNode(ui, inputNode('email', 'link', 'email', { value: email, required: true }));
}

/** The submitted address (for a failed attempt), if the method got that far. */
export const submittedEmail = (ctx: ChallengeContext): string | undefined =>
  typeof ctx.submitted?.email === 'string' ? ctx.submitted.email : undefined;

/**
 * An email submission (api.md §5.4 a, §6.3 a): validate, check CSRF, send, then show the flow in
 * `sent_email` — the same answer whether or not the address is known, so only the mailbox
 * learns which it was.
 */
export async function submitEmail(
  rt: FlowRuntime,
  ctx: ChallengeContext,
  send: (email: string) => Promise<void>,
): Promise<FastifyReply> {
  const { req, reply, flow } = ctx;
  // Upstream validates the payload before it checks CSRF; the order is observable.
  const body = await decodeFlowBody(req, { schema: EMAIL_BODY, methods: ['POST', 'PUT', 'PATCH', 'GET'], queryOnGet: true });
  const email = typeof body.email === 'string' ? body.email : '';
  ctx.submitted = { email };
  if (email === '') throw new FieldValidationError(fieldError('#/email', text.validationRequired('email')));
  // A JSON Schema format failure upstream, so the generic 4000001 (ui.md §5.6), not 4000004.
  if (!isEmail(email)) throw new FieldValidationError(fieldError('#/email', text.validationGeneric(`${goQuote(email)} is not valid "email"`)));
  verifySubmitOrigin(rt, req, flow, body);

  await send(email);

  const ui = fromWire(flow.ui);
  resetMessages(ui);
  setCsrf(ui, formCsrfToken(req, flow.type));
  showSubmittedEmail(ui, email);
  addMessage(ui, CHALLENGE_RULES[flow.kind].sent());
  flow.ui = toWire(ui) as unknown as Record<string, unknown>;
  flow.state = 'sent_email';
  flow.active = LINK_METHOD;
  flow.updatedAt = rt.clock.now();
  await rt.flows.updateFlow(flow);
  if (ctx.json) return sendFlow(reply, 200, flow);
  return redirectToUi(rt, reply, flow.kind, flow.id, CHALLENGE_RULES[flow.kind].sentRedirect);
}
