/**
 * Sessions and the answers that carry them (spec session.md §1; api.md §2.4, §3.4, §7).
 *
 * @module
 */
import type { Identity, IdentityTraits } from './identity.js';

/** Authenticator assurance level. `aal3` is a name only; it is never produced. */
export type AuthenticatorAssuranceLevel = 'aal0' | 'aal1' | 'aal2' | 'aal3';

/** How a factor of a session was completed. */
export type AuthenticationMethodName =
  | 'password'
  | 'oidc'
  | 'totp'
  | 'lookup_secret'
  | 'webauthn'
  | 'link_recovery'
  | 'v0.6_legacy_session';

/** One completed factor of a session. */
export type SessionAuthenticationMethod = {
  /** The method. */
  method: AuthenticationMethodName;
  /** When it was completed (RFC 3339). */
  completed_at: string;
};

/** A session (session.md §1). */
export type Session<TTraits = IdentityTraits> = {
  /** Session id (UUID); stable across refresh and AAL upgrades. */
  id: string;
  /** `false` after logout or revocation. */
  active: boolean;
  /** When the session ends (RFC 3339). */
  expires_at: string;
  /** Time of the last successful (re-)authentication (RFC 3339). */
  authenticated_at: string;
  /** Derived from `authentication_methods`. */
  authenticator_assurance_level: AuthenticatorAssuranceLevel;
  /** Completed factors, in order; a refresh appends another entry. */
  authentication_methods: SessionAuthenticationMethod[];
  /** Equal to `authenticated_at`. */
  issued_at: string;
  /**
   * The identity, without credentials. `null` only in a login answer when the session does not
   * yet satisfy `session.whoami.required_aal` (a second factor is due).
   */
  identity: Identity<TTraits> | null;
};

/** Answer of a successful login: API flows get a token, browser (JSON) flows a cookie instead. */
export type SuccessfulSelfServiceLoginWithoutBrowser<TTraits = IdentityTraits> = {
  /** The session token (API flows only); send it as `X-Session-Token`. */
  session_token?: string;
  /** The new or refreshed session. */
  session: Session<TTraits>;
};

/** Answer of a successful registration. */
export type SuccessfulSelfServiceRegistrationWithoutBrowser<TTraits = IdentityTraits> = {
  /** Present for API flows when the `session` hook is configured. */
  session_token?: string;
  /** Present when the `session` hook is configured. */
  session?: Session<TTraits>;
  /** The new identity. */
  identity: Identity<TTraits>;
};

/** Answer of `GET /self-service/logout/browser`. */
export type SelfServiceLogoutUrl = {
  /** `<public>/self-service/logout?token=<logout token>`: send the browser there to log out. */
  logout_url: string;
  /** The logout token alone. */
  logout_token: string;
};

/** Body of `DELETE /self-service/logout/api`. */
export type SubmitSelfServiceLogoutFlowWithoutBrowserBody = {
  /** The session token to revoke. */
  session_token: string;
};
