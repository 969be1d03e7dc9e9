/**
 * {@link GatehouseClient}: every operation of the API as a method named by its operation id, with
 * the parameters in the order of the generated SDK (`@ory/kratos-client@0.8.2-alpha.1`), so code
 * written for `V0alpha2Api`/`MetadataApi` ports by changing the import. Methods resolve with
 * `{ data, status, headers }` and reject with {@link GatehouseApiError}.
 *
 * @module
 */
import type * as W from '../wire/index.js';
import { createClientContext, type ClientContext, type GatehouseClientConfig } from './config.js';
import * as identities from './operations/identities.js';
import * as login from './operations/login.js';
import * as meta from './operations/meta.js';
import * as recovery from './operations/recovery.js';
import * as sessions from './operations/sessions.js';
import * as settings from './operations/settings.js';
import type { ApiResponse, RequestOptions } from './transport.js';

/**
 * The Gatehouse (Kratos v0.8 API) client. `TTraits` types `identity.traits` everywhere.
 *
 * ```ts
 * const client = new GatehouseClient({ publicBasePath: 'https://auth.example.org' });
 * const { data: session } = await client.toSession(token);
 * ```
 */
export class GatehouseClient<TTraits = W.IdentityTraits> {
  /** The resolved configuration; also what the standalone operation functions take. */
  readonly context: ClientContext;

  /** @param config Base paths, `fetch`, default headers, credentials mode; an SDK `Configuration` works too. */
  constructor(config: GatehouseClientConfig = {}) {
    this.context = createClientContext(config);
  }

  // ---- identities (admin) ----

  /** Creates an identity (`POST /identities`, 201). Credentials cannot be imported. */
  adminCreateIdentity(adminCreateIdentityBody?: W.AdminCreateIdentityBody<TTraits>, options?: RequestOptions): Promise<ApiResponse<W.Identity<TTraits>>> {
    return identities.adminCreateIdentity(this.context, adminCreateIdentityBody, options);
  }

  /** Creates a one-time recovery link for an identity (`POST /recovery/link`). */
  adminCreateSelfServiceRecoveryLink(adminCreateSelfServiceRecoveryLinkBody?: W.AdminCreateSelfServiceRecoveryLinkBody, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceRecoveryLink>> {
    return identities.adminCreateSelfServiceRecoveryLink(this.context, adminCreateSelfServiceRecoveryLinkBody, options);
  }

  /** Deletes an identity and everything that belongs to it (`DELETE /identities/{id}`, 204). */
  adminDeleteIdentity(id: string, options?: RequestOptions): Promise<ApiResponse<void>> {
    return identities.adminDeleteIdentity(this.context, id, options);
  }

  /** Deletes every session of an identity (`DELETE /identities/{id}/sessions`, 204). */
  adminDeleteIdentitySessions(id: string, options?: RequestOptions): Promise<ApiResponse<void>> {
    return identities.adminDeleteIdentitySessions(this.context, id, options);
  }

  /** Gets an identity with its credentials; `includeCredential: ['oidc']` adds the OIDC tokens. */
  adminGetIdentity(id: string, includeCredential?: readonly string[], options?: RequestOptions): Promise<ApiResponse<W.Identity<TTraits>>> {
    return identities.adminGetIdentity(this.context, id, includeCredential, options);
  }

  /** Lists identities, one page (`X-Total-Count` and `Link` in `headers`). */
  adminListIdentities(perPage?: number, page?: number, options?: RequestOptions): Promise<ApiResponse<W.Identity<TTraits>[]>> {
    return identities.adminListIdentities(this.context, perPage, page, options);
  }

  /** Replaces an identity's traits (and optionally schema and state). */
  adminUpdateIdentity(id: string, adminUpdateIdentityBody?: W.AdminUpdateIdentityBody<TTraits>, options?: RequestOptions): Promise<ApiResponse<W.Identity<TTraits>>> {
    return identities.adminUpdateIdentity(this.context, id, adminUpdateIdentityBody, options);
  }

  // ---- login ----

  /** Creates a browser login flow (sets the CSRF cookie). */
  initializeSelfServiceLoginFlowForBrowsers(refresh?: boolean, aal?: string, returnTo?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceLoginFlow>> {
    return login.initializeSelfServiceLoginFlowForBrowsers(this.context, refresh, aal, returnTo, options);
  }

  /** Creates a login flow for a native app; pass the session token to refresh or upgrade it. */
  initializeSelfServiceLoginFlowWithoutBrowser(refresh?: boolean, aal?: string, xSessionToken?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceLoginFlow>> {
    return login.initializeSelfServiceLoginFlowWithoutBrowser(this.context, refresh, aal, xSessionToken, options);
  }

  /** Fetches a login flow. */
  getSelfServiceLoginFlow(id: string, cookie?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceLoginFlow>> {
    return login.getSelfServiceLoginFlow(this.context, id, cookie, options);
  }

  /** Submits a login method; a 400 rejects with the flow and its messages. */
  submitSelfServiceLoginFlow(
    flow: string,
    xSessionToken?: string,
    submitSelfServiceLoginFlowBody?: W.SubmitSelfServiceLoginFlowBody,
    options?: RequestOptions,
  ): Promise<ApiResponse<W.SuccessfulSelfServiceLoginWithoutBrowser<TTraits>>> {
    return login.submitSelfServiceLoginFlow(this.context, flow, xSessionToken, submitSelfServiceLoginFlowBody, options);
  }

  // ---- registration ----

  /** Creates a browser registration flow (sets the CSRF cookie). */
  initializeSelfServiceRegistrationFlowForBrowsers(returnTo?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceRegistrationFlow>> {
    return login.initializeSelfServiceRegistrationFlowForBrowsers(this.context, returnTo, options);
  }

  /** Creates a registration flow for a native app. */
  initializeSelfServiceRegistrationFlowWithoutBrowser(options?: RequestOptions): Promise<ApiResponse<W.SelfServiceRegistrationFlow>> {
    return login.initializeSelfServiceRegistrationFlowWithoutBrowser(this.context, options);
  }

  /** Fetches a registration flow. */
  getSelfServiceRegistrationFlow(id: string, cookie?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceRegistrationFlow>> {
    return login.getSelfServiceRegistrationFlow(this.context, id, cookie, options);
  }

  /** Submits a registration; a 400 rejects with the flow and its messages. */
  submitSelfServiceRegistrationFlow(
    flow: string,
    submitSelfServiceRegistrationFlowBody?: W.SubmitSelfServiceRegistrationFlowBody<TTraits>,
    options?: RequestOptions,
  ): Promise<ApiResponse<W.SuccessfulSelfServiceRegistrationWithoutBrowser<TTraits>>> {
    return login.submitSelfServiceRegistrationFlow(this.context, flow, submitSelfServiceRegistrationFlowBody, options);
  }

  // ---- settings ----

  /** Creates a browser settings flow for the cookie session. */
  initializeSelfServiceSettingsFlowForBrowsers(returnTo?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceSettingsFlow<TTraits>>> {
    return settings.initializeSelfServiceSettingsFlowForBrowsers(this.context, returnTo, options);
  }

  /** Creates a settings flow for the session of a token. */
  initializeSelfServiceSettingsFlowWithoutBrowser(xSessionToken?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceSettingsFlow<TTraits>>> {
    return settings.initializeSelfServiceSettingsFlowWithoutBrowser(this.context, xSessionToken, options);
  }

  /** Fetches a settings flow (for the session that owns it). */
  getSelfServiceSettingsFlow(id: string, xSessionToken?: string, cookie?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceSettingsFlow<TTraits>>> {
    return settings.getSelfServiceSettingsFlow(this.context, id, xSessionToken, cookie, options);
  }

  /** Submits a settings method; resolves with the flow (`state: 'success'` when saved). */
  submitSelfServiceSettingsFlow(
    flow: string,
    xSessionToken?: string,
    submitSelfServiceSettingsFlowBody?: W.SubmitSelfServiceSettingsFlowBody<TTraits>,
    options?: RequestOptions,
  ): Promise<ApiResponse<W.SelfServiceSettingsFlow<TTraits>>> {
    return settings.submitSelfServiceSettingsFlow(this.context, flow, xSessionToken, submitSelfServiceSettingsFlowBody, options);
  }

  // ---- recovery ----

  /** Creates a browser recovery flow. */
  initializeSelfServiceRecoveryFlowForBrowsers(returnTo?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceRecoveryFlow>> {
    return recovery.initializeSelfServiceRecoveryFlowForBrowsers(this.context, returnTo, options);
  }

  /** Creates a recovery flow for a native app. */
  initializeSelfServiceRecoveryFlowWithoutBrowser(options?: RequestOptions): Promise<ApiResponse<W.SelfServiceRecoveryFlow>> {
    return recovery.initializeSelfServiceRecoveryFlowWithoutBrowser(this.context, options);
  }

  /** Fetches a recovery flow. */
  getSelfServiceRecoveryFlow(id: string, cookie?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceRecoveryFlow>> {
    return recovery.getSelfServiceRecoveryFlow(this.context, id, cookie, options);
  }

  /** Sends a recovery link (body), or follows one (`token`, no body: a redirect, surfaced as an error). */
  submitSelfServiceRecoveryFlow(flow: string, token?: string, submitSelfServiceRecoveryFlowBody?: W.SubmitSelfServiceRecoveryFlowBody, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceRecoveryFlow>> {
    return recovery.submitSelfServiceRecoveryFlow(this.context, flow, token, submitSelfServiceRecoveryFlowBody, options);
  }

  // ---- verification ----

  /** Creates a browser verification flow. */
  initializeSelfServiceVerificationFlowForBrowsers(returnTo?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceVerificationFlow>> {
    return recovery.initializeSelfServiceVerificationFlowForBrowsers(this.context, returnTo, options);
  }

  /** Creates a verification flow for a native app. */
  initializeSelfServiceVerificationFlowWithoutBrowser(options?: RequestOptions): Promise<ApiResponse<W.SelfServiceVerificationFlow>> {
    return recovery.initializeSelfServiceVerificationFlowWithoutBrowser(this.context, options);
  }

  /** Fetches a verification flow. */
  getSelfServiceVerificationFlow(id: string, cookie?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceVerificationFlow>> {
    return recovery.getSelfServiceVerificationFlow(this.context, id, cookie, options);
  }

  /** Sends a verification link (body), or follows one (`token`, no body: a redirect, surfaced as an error). */
  submitSelfServiceVerificationFlow(
    flow: string,
    token?: string,
    submitSelfServiceVerificationFlowBody?: W.SubmitSelfServiceVerificationFlowBody,
    options?: RequestOptions,
  ): Promise<ApiResponse<W.SelfServiceVerificationFlow>> {
    return recovery.submitSelfServiceVerificationFlow(this.context, flow, token, submitSelfServiceVerificationFlowBody, options);
  }

  // ---- sessions and logout ----

  /** The current session (whoami) of a session token or cookie. */
  toSession(xSessionToken?: string, cookie?: string, options?: RequestOptions): Promise<ApiResponse<W.Session<TTraits>>> {
    return sessions.toSession(this.context, xSessionToken, cookie, options);
  }

  /** The logout URL and token of the cookie session. */
  createSelfServiceLogoutFlowUrlForBrowsers(cookie?: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceLogoutUrl>> {
    return sessions.createSelfServiceLogoutFlowUrlForBrowsers(this.context, cookie, options);
  }

  /** Ends the cookie session with its logout token (204). */
  submitSelfServiceLogoutFlow(token?: string, returnTo?: string, options?: RequestOptions): Promise<ApiResponse<void>> {
    return sessions.submitSelfServiceLogoutFlow(this.context, token, returnTo, options);
  }

  /** Revokes a session token (204). */
  submitSelfServiceLogoutFlowWithoutBrowser(submitSelfServiceLogoutFlowWithoutBrowserBody: W.SubmitSelfServiceLogoutFlowWithoutBrowserBody, options?: RequestOptions): Promise<ApiResponse<void>> {
    return sessions.submitSelfServiceLogoutFlowWithoutBrowser(this.context, submitSelfServiceLogoutFlowWithoutBrowserBody, options);
  }

  // ---- schemas, errors, scripts, metadata ----

  /** Lists identity schemas, one page. */
  listIdentitySchemas(perPage?: number, page?: number, options?: RequestOptions): Promise<ApiResponse<W.IdentitySchema[]>> {
    return meta.listIdentitySchemas(this.context, perPage, page, options);
  }

  /** The raw JSON Schema document of a schema id. */
  getJsonSchema(id: string, options?: RequestOptions): Promise<ApiResponse<W.JsonSchema>> {
    return meta.getJsonSchema(this.context, id, options);
  }

  /** A stored user-facing error (the `id` of the error UI URL). */
  getSelfServiceError(id: string, options?: RequestOptions): Promise<ApiResponse<W.SelfServiceError>> {
    return meta.getSelfServiceError(this.context, id, options);
  }

  /** The WebAuthn helper script, as text. */
  getWebAuthnJavaScript(options?: RequestOptions): Promise<ApiResponse<string>> {
    return meta.getWebAuthnJavaScript(this.context, options);
  }

  /** The API version (admin listener). */
  getVersion(options?: RequestOptions): Promise<ApiResponse<W.Version>> {
    return meta.getVersion(this.context, options);
  }

  /** Liveness: resolves while the server runs. */
  isAlive(options?: RequestOptions): Promise<ApiResponse<W.HealthStatus>> {
    return meta.isAlive(this.context, options);
  }

  /** Readiness: rejects with a 503 while the database is unreachable or migrations are pending. */
  isReady(options?: RequestOptions): Promise<ApiResponse<W.HealthStatus>> {
    return meta.isReady(this.context, options);
  }
}
