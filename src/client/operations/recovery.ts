/**
 * Recovery and verification flows, the two flows of the `link` method (spec api.md §5, §6).
 * Sent to the public listener.
 *
 * @module
 */
import type {
  SelfServiceRecoveryFlow,
  SelfServiceVerificationFlow,
  SubmitSelfServiceRecoveryFlowBody,
  SubmitSelfServiceVerificationFlowBody,
} from '../../wire/index.js';
import type { ClientContext } from '../config.js';
import type { OperationId } from '../operation.js';
import { send, type ApiResponse, type Call, type RequestOptions } from '../transport.js';

type Kind = 'recovery' | 'verification';

const initBrowser = (kind: Kind, operation: OperationId, returnTo: string | undefined): Call => ({
  operation,
  listener: 'public',
  method: 'GET',
  path: `/self-service/${kind}/browser`,
  query: { return_to: returnTo },
  redirect: 'manual',
});

const initApi = (kind: Kind, operation: OperationId): Call => ({ operation, listener: 'public', method: 'GET', path: `/self-service/${kind}/api` });

const getFlow = (kind: Kind, operation: OperationId, id: string, cookie: string | undefined): Call => ({
  operation,
  listener: 'public',
  method: 'GET',
  path: `/self-service/${kind}/flows`,
  query: { id },
  headers: { cookie },
});

/**
 * The email link is a GET with `token` (what a browser does when the link is clicked); a body
 * makes it the POST of the form.
 */
const submit = (kind: Kind, operation: OperationId, flow: string, token: string | undefined, body: unknown): Call => ({
  operation,
  listener: 'public',
  method: token !== undefined && body === undefined ? 'GET' : 'POST',
  path: `/self-service/${kind}`,
  query: { flow, token },
  body,
  redirect: 'manual',
});

/** `GET /self-service/recovery/browser` → a browser recovery flow (not while signed in). */
export function initializeSelfServiceRecoveryFlowForBrowsers(ctx: ClientContext, returnTo?: string, options?: RequestOptions): Promise<ApiResponse<SelfServiceRecoveryFlow>> {
  return send(ctx, initBrowser('recovery', 'initializeSelfServiceRecoveryFlowForBrowsers', returnTo), options);
}

/** `GET /self-service/recovery/api` → a recovery flow for a native app. */
export function initializeSelfServiceRecoveryFlowWithoutBrowser(ctx: ClientContext, options?: RequestOptions): Promise<ApiResponse<SelfServiceRecoveryFlow>> {
  return send(ctx, initApi('recovery', 'initializeSelfServiceRecoveryFlowWithoutBrowser'), options);
}

/** `GET /self-service/recovery/flows?id=` → the flow; browser flows need the CSRF cookie. */
export function getSelfServiceRecoveryFlow(ctx: ClientContext, id: string, cookie?: string, options?: RequestOptions): Promise<ApiResponse<SelfServiceRecoveryFlow>> {
  return send(ctx, getFlow('recovery', 'getSelfServiceRecoveryFlow', id, cookie), options);
}

/**
 * `POST /self-service/recovery?flow=` with an email → the flow in state `sent_email`. With
 * `token` and no body it follows the emailed link instead, which redirects (surfaced as an error).
 */
export function submitSelfServiceRecoveryFlow(
  ctx: ClientContext,
  flow: string,
  token?: string,
  submitSelfServiceRecoveryFlowBody?: SubmitSelfServiceRecoveryFlowBody,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceRecoveryFlow>> {
  return send(ctx, submit('recovery', 'submitSelfServiceRecoveryFlow', flow, token, submitSelfServiceRecoveryFlowBody), options);
}

/** `GET /self-service/verification/browser` → a browser verification flow. */
export function initializeSelfServiceVerificationFlowForBrowsers(
  ctx: ClientContext,
  returnTo?: string,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceVerificationFlow>> {
  return send(ctx, initBrowser('verification', 'initializeSelfServiceVerificationFlowForBrowsers', returnTo), options);
}

/** `GET /self-service/verification/api` → a verification flow for a native app. */
export function initializeSelfServiceVerificationFlowWithoutBrowser(ctx: ClientContext, options?: RequestOptions): Promise<ApiResponse<SelfServiceVerificationFlow>> {
  return send(ctx, initApi('verification', 'initializeSelfServiceVerificationFlowWithoutBrowser'), options);
}

/** `GET /self-service/verification/flows?id=` → the flow; browser flows need the CSRF cookie. */
export function getSelfServiceVerificationFlow(
  ctx: ClientContext,
  id: string,
  cookie?: string,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceVerificationFlow>> {
  return send(ctx, getFlow('verification', 'getSelfServiceVerificationFlow', id, cookie), options);
}

/**
 * `POST /self-service/verification?flow=` with an email → the flow in state `sent_email`. With
 * `token` and no body it follows the emailed link instead, which redirects (surfaced as an error).
 */
export function submitSelfServiceVerificationFlow(
  ctx: ClientContext,
  flow: string,
  token?: string,
  submitSelfServiceVerificationFlowBody?: SubmitSelfServiceVerificationFlowBody,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceVerificationFlow>> {
  return send(ctx, submit('verification', 'submitSelfServiceVerificationFlow', flow, token, submitSelfServiceVerificationFlowBody), options);
}
