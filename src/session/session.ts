import type { Identity } from '../identity/identity.js';

// One definition for the server and the client: the wire names are the domain names.
export type { AuthenticationMethodName, AuthenticatorAssuranceLevel } from '../wire/session.js';
import type { AuthenticationMethodName, AuthenticatorAssuranceLevel } from '../wire/session.js';

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
