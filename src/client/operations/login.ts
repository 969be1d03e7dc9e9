/**
 * Login and registration flows (spec api.md §2, §3). Sent to the public listener.
 *
 * @module
 */
import type {
  IdentityTraits,
  SelfServiceLoginFlow,
  SelfServiceRegistrationFlow,
  SubmitSelfServiceLoginFlowBody,
  SubmitSelfServiceRegistrationFlowBody,
  SuccessfulSelfServiceLoginWithoutBrowser,
  SuccessfulSelfServiceRegistrationWithoutBrowser,
} from '../../wire/index.js';
import type { ClientContext } from '../config.js';
import { send, type ApiResponse, type RequestOptions } from '../transport.js';

/** `GET /self-service/login/browser` → a browser login flow (JSON; its CSRF cookie is set). */
export function initializeSelfServiceLoginFlowForBrowsers(
  ctx: ClientContext,
  refresh?: boolean,
  aal?: string,
  returnTo?: string,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceLoginFlow>> {
  const query = { refresh, aal, return_to: returnTo };
  return send(
    ctx,
    { operation: 'initializeSelfServiceLoginFlowForBrowsers', listener: 'public', method: 'GET', path: '/self-service/login/browser', query, redirect: 'manual' },
    options,
  );
}

/** `GET /self-service/login/api` → a login flow for a native app; pass the session token to refresh or upgrade. */
export function initializeSelfServiceLoginFlowWithoutBrowser(
  ctx: ClientContext,
  refresh?: boolean,
  aal?: string,
  xSessionToken?: string,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceLoginFlow>> {
  return send(
    ctx,
    {
      operation: 'initializeSelfServiceLoginFlowWithoutBrowser',
      listener: 'public',
      method: 'GET',
      path: '/self-service/login/api',
      query: { refresh, aal },
      headers: { 'x-session-token': xSessionToken },
    },
    options,
  );
}

/** `GET /self-service/login/flows?id=` → the flow; browser flows need the CSRF cookie. */
export function getSelfServiceLoginFlow(ctx: ClientContext, id: string, cookie?: string, options?: RequestOptions): Promise<ApiResponse<SelfServiceLoginFlow>> {
  return send(
    ctx,
    { operation: 'getSelfServiceLoginFlow', listener: 'public', method: 'GET', path: '/self-service/login/flows', query: { id }, headers: { cookie } },
    options,
  );
}

/** `POST /self-service/login?flow=` → the session (and, for API flows, its token). */
export function submitSelfServiceLoginFlow<TTraits = IdentityTraits>(
  ctx: ClientContext,
  flow: string,
  xSessionToken?: string,
  submitSelfServiceLoginFlowBody?: SubmitSelfServiceLoginFlowBody,
  options?: RequestOptions,
): Promise<ApiResponse<SuccessfulSelfServiceLoginWithoutBrowser<TTraits>>> {
  return send(
    ctx,
    {
      operation: 'submitSelfServiceLoginFlow',
      listener: 'public',
      method: 'POST',
      path: '/self-service/login',
      query: { flow },
      headers: { 'x-session-token': xSessionToken },
      body: submitSelfServiceLoginFlowBody,
      redirect: 'manual',
    },
    options,
  );
}

/** `GET /self-service/registration/browser` → a browser registration flow. */
export function initializeSelfServiceRegistrationFlowForBrowsers(
  ctx: ClientContext,
  returnTo?: string,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceRegistrationFlow>> {
  return send(
    ctx,
    {
      operation: 'initializeSelfServiceRegistrationFlowForBrowsers',
      listener: 'public',
      method: 'GET',
      path: '/self-service/registration/browser',
      query: { return_to: returnTo },
      redirect: 'manual',
    },
    options,
  );
}

/** `GET /self-service/registration/api` → a registration flow for a native app. */
export function initializeSelfServiceRegistrationFlowWithoutBrowser(ctx: ClientContext, options?: RequestOptions): Promise<ApiResponse<SelfServiceRegistrationFlow>> {
  return send(ctx, { operation: 'initializeSelfServiceRegistrationFlowWithoutBrowser', listener: 'public', method: 'GET', path: '/self-service/registration/api' }, options);
}

/** `GET /self-service/registration/flows?id=` → the flow; browser flows need the CSRF cookie. */
export function getSelfServiceRegistrationFlow(
  ctx: ClientContext,
  id: string,
  cookie?: string,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceRegistrationFlow>> {
  return send(
    ctx,
    { operation: 'getSelfServiceRegistrationFlow', listener: 'public', method: 'GET', path: '/self-service/registration/flows', query: { id }, headers: { cookie } },
    options,
  );
}

/** `POST /self-service/registration?flow=` → the new identity (and session, with the `session` hook). */
export function submitSelfServiceRegistrationFlow<TTraits = IdentityTraits>(
  ctx: ClientContext,
  flow: string,
  submitSelfServiceRegistrationFlowBody?: SubmitSelfServiceRegistrationFlowBody<TTraits>,
  options?: RequestOptions,
): Promise<ApiResponse<SuccessfulSelfServiceRegistrationWithoutBrowser<TTraits>>> {
  return send(
    ctx,
    {
      operation: 'submitSelfServiceRegistrationFlow',
      listener: 'public',
      method: 'POST',
      path: '/self-service/registration',
      query: { flow },
      body: submitSelfServiceRegistrationFlowBody,
      redirect: 'manual',
    },
    options,
  );
}
