/**
 * Settings flows (spec api.md §4). Every call needs a session: a token for API flows, the
 * session cookie for browser flows. Sent to the public listener.
 *
 * @module
 */
import type { IdentityTraits, SelfServiceSettingsFlow, SubmitSelfServiceSettingsFlowBody } from '../../wire/index.js';
import type { ClientContext } from '../config.js';
import { send, type ApiResponse, type RequestOptions } from '../transport.js';

/** `GET /self-service/settings/browser` → a browser settings flow (send the session cookie in `options.headers`). */
export function initializeSelfServiceSettingsFlowForBrowsers<TTraits = IdentityTraits>(
  ctx: ClientContext,
  returnTo?: string,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceSettingsFlow<TTraits>>> {
  return send(
    ctx,
    {
      operation: 'initializeSelfServiceSettingsFlowForBrowsers',
      listener: 'public',
      method: 'GET',
      path: '/self-service/settings/browser',
      query: { return_to: returnTo },
      redirect: 'manual',
    },
    options,
  );
}

/** `GET /self-service/settings/api` → a settings flow for the session of `xSessionToken`. */
export function initializeSelfServiceSettingsFlowWithoutBrowser<TTraits = IdentityTraits>(
  ctx: ClientContext,
  xSessionToken?: string,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceSettingsFlow<TTraits>>> {
  return send(
    ctx,
    {
      operation: 'initializeSelfServiceSettingsFlowWithoutBrowser',
      listener: 'public',
      method: 'GET',
      path: '/self-service/settings/api',
      headers: { 'x-session-token': xSessionToken },
    },
    options,
  );
}

/** `GET /self-service/settings/flows?id=` → the flow, for the session that owns it. */
export function getSelfServiceSettingsFlow<TTraits = IdentityTraits>(
  ctx: ClientContext,
  id: string,
  xSessionToken?: string,
  cookie?: string,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceSettingsFlow<TTraits>>> {
  return send(
    ctx,
    {
      operation: 'getSelfServiceSettingsFlow',
      listener: 'public',
      method: 'GET',
      path: '/self-service/settings/flows',
      query: { id },
      headers: { 'x-session-token': xSessionToken, cookie },
    },
    options,
  );
}

/** `POST /self-service/settings?flow=` → the flow, `state: 'success'` when the update was saved. */
export function submitSelfServiceSettingsFlow<TTraits = IdentityTraits>(
  ctx: ClientContext,
  flow: string,
  xSessionToken?: string,
  submitSelfServiceSettingsFlowBody?: SubmitSelfServiceSettingsFlowBody<TTraits>,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceSettingsFlow<TTraits>>> {
  return send(
    ctx,
    {
      operation: 'submitSelfServiceSettingsFlow',
      listener: 'public',
      method: 'POST',
      path: '/self-service/settings',
      query: { flow },
      headers: { 'x-session-token': xSessionToken },
      body: submitSelfServiceSettingsFlowBody,
      redirect: 'manual',
    },
    options,
  );
}
