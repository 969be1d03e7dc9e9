/**
 * Sessions and logout (spec api.md §7, §8.1). Sent to the public listener.
 *
 * @module
 */
import type { IdentityTraits, SelfServiceLogoutUrl, Session, SubmitSelfServiceLogoutFlowWithoutBrowserBody } from '../../wire/index.js';
import type { ClientContext } from '../config.js';
import { send, type ApiResponse, type RequestOptions } from '../transport.js';

/** `GET /sessions/whoami` → the session of the token or cookie; 401 when there is none. */
export function toSession<TTraits = IdentityTraits>(
  ctx: ClientContext,
  xSessionToken?: string,
  cookie?: string,
  options?: RequestOptions,
): Promise<ApiResponse<Session<TTraits>>> {
  return send(
    ctx,
    { operation: 'toSession', listener: 'public', method: 'GET', path: '/sessions/whoami', headers: { 'x-session-token': xSessionToken, cookie } },
    options,
  );
}

/** `GET /self-service/logout/browser` → the logout URL for the cookie session. */
export function createSelfServiceLogoutFlowUrlForBrowsers(ctx: ClientContext, cookie?: string, options?: RequestOptions): Promise<ApiResponse<SelfServiceLogoutUrl>> {
  return send(
    ctx,
    { operation: 'createSelfServiceLogoutFlowUrlForBrowsers', listener: 'public', method: 'GET', path: '/self-service/logout/browser', headers: { cookie } },
    options,
  );
}

/** `GET /self-service/logout?token=` → 204: ends the cookie session (send the cookie in `options.headers`). */
export function submitSelfServiceLogoutFlow(ctx: ClientContext, token?: string, returnTo?: string, options?: RequestOptions): Promise<ApiResponse<void>> {
  return send(
    ctx,
    {
      operation: 'submitSelfServiceLogoutFlow',
      listener: 'public',
      method: 'GET',
      path: '/self-service/logout',
      query: { token, return_to: returnTo },
      redirect: 'manual',
    },
    options,
  );
}

/** `DELETE /self-service/logout/api` → 204: revokes a session token. */
export function submitSelfServiceLogoutFlowWithoutBrowser(
  ctx: ClientContext,
  submitSelfServiceLogoutFlowWithoutBrowserBody: SubmitSelfServiceLogoutFlowWithoutBrowserBody,
  options?: RequestOptions,
): Promise<ApiResponse<void>> {
  return send(
    ctx,
    {
      operation: 'submitSelfServiceLogoutFlowWithoutBrowser',
      listener: 'public',
      method: 'DELETE',
      path: '/self-service/logout/api',
      body: submitSelfServiceLogoutFlowWithoutBrowserBody,
    },
    options,
  );
}
