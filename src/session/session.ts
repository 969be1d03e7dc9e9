import type { Identity } from '../identity/identity.js';

export type AuthenticatorAssuranceLevel = 'aal0' | 'aal1' | 'aal2' | 'aal3';

export type AuthenticationMethodName =
  | 'password'
  | 'oidc'
  | 'totp'
  | 'lookup_secret'
  | 'webauthn'
  | 'link_recovery'
  | 'v0.6_legacy_session';

export interface AuthenticationMethod {
  method: AuthenticationMethodName;
  completedAt: Date;
}

/** Domain model of a session. Tokens are held in plain text only in memory, never stored. */
export interface Session {
  id: string;
  identityId: string;
  active: boolean;
  aal: AuthenticatorAssuranceLevel;
  authenticationMethods: AuthenticationMethod[];
  issuedAt: Date;
  authenticatedAt: Date;
  expiresAt: Date;
  /** Plain session token: set only on a freshly created session. */
  token?: string;
  /** Plain logout token: set only on a freshly created session. */
  logoutToken?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A session joined with what whoami needs about its identity. */
export interface SessionWithIdentity {
  session: Session;
  identity: Identity;
  /** Credential types the identity has records for (for the highest-available AAL). */
  credentialTypes: string[];
}
