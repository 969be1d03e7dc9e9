import { badRequest, GatehouseError, unauthorized } from '../../http/errors.js';
import { joinUrl } from '../../x/url.js';
import type { FlowKind, FlowType } from './flow.js';

/** Errors shared by every flow (api.md §1.3, §2–§6). */

export const flowIdMalformed = () => badRequest('The flow query parameter is missing or malformed.');

/**
 * `GET /self-service/<kind>/flows` of an expired flow (no `use_flow_id`); only login and
 * registration carry the `self_service_flow_expired` id there (api.md §2.3, §4.3, §5.3, §6.2).
 */
export function flowExpiredOnFetch(kind: FlowKind, type: FlowType, publicBaseUrl: URL): GatehouseError {
  const browser = type === 'browser';
  const reason = browser
    ? `The ${kind} flow has expired. Redirect the user to the ${kind} flow init endpoint to initialize a new ${kind} flow.`
    : `The ${kind} flow has expired. Call the ${kind} flow init API endpoint to initialize a new ${kind} flow.`;
  const url = joinUrl(publicBaseUrl, `/self-service/${kind}/${browser ? 'browser' : 'api'}`).href;
  return new GatehouseError(410, {
    id: kind === 'login' || kind === 'registration' ? 'self_service_flow_expired' : undefined,
    reason,
    details: browser ? { redirect_to: url } : { api: url },
  });
}

/** Submit of an expired flow: the envelope names a replacement flow (api.md §1.2). */
export function flowExpiredOnSubmit(expiredAt: Date, now: Date, newFlowId: string): GatehouseError {
  const ms = now.getTime() - expiredAt.getTime();
  return new GatehouseError(410, {
    id: 'self_service_flow_expired',
    reason: `The self-service flow expired ${(ms / 60_000).toFixed(2)} minutes ago, initialize a new one.`,
    message: 'self-service flow expired',
    extra: { since: Math.round(ms * 1e6), use_flow_id: newFlowId },
    noRequestId: true,
  });
}

export const SESSION_ALREADY_AVAILABLE: Record<'login' | 'registration', string> = {
  login: 'A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?',
  registration: 'A valid session was detected and thus registration is not possible.',
};

export const sessionAlreadyAvailable = (kind: 'login' | 'registration') =>
  badRequest(SESSION_ALREADY_AVAILABLE[kind], { id: 'session_already_available', message: 'you are already logged in' });

export const aal1Required = () =>
  unauthorized('You can not requested a higher AAL (AAL2/AAL3) without an active session.', {
    id: 'session_aal1_required',
    message: 'aal2 and aal3 can only be requested if a session exists already',
  });

export const sessionInactive = (reason = 'No active session was found in this request.') =>
  unauthorized(reason, { id: 'session_inactive', message: 'request does not have a valid authentication session' });

export const identityDisabled = () => unauthorized('This account was disabled.', { message: 'identity is disabled' });

export const strategyDisabled = () =>
  new GatehouseError(404, {
    reason: 'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.',
  });

const API_GUARD_SUFFIX =
  'The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.';

export const apiFlowOriginRejected = () =>
  badRequest(
    `The HTTP Request Header included the "Origin" key, indicating that this request was made as part of an AJAX request in a Browser. ${API_GUARD_SUFFIX}`,
  );

export const apiFlowCookieRejected = () =>
  badRequest(
    `The HTTP Request Header included the "Cookie" key, indicating that this request was made by a Browser. ${API_GUARD_SUFFIX}`,
  );

export const invalidAal = (value: string) =>
  badRequest(`Unable to parse AuthenticationMethod Assurance Level (AAL): expected one of [aal1, aal2] but got ${value.toLowerCase()}`);
