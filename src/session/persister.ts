import type { Session, SessionWithIdentity } from './session.js';

/**
 * Storage of sessions. Tokens are stored only as hashes (`tokenHash`, `logoutTokenHash`):
 * a database leak does not yield usable bearer tokens.
 */
export interface SessionPersister {
  /** Inserts or fully updates (by id) the session row. */
  upsertSession(session: Session, hashes: { tokenHash: string; logoutTokenHash: string }): Promise<void>;
  /**
   * One round trip: the session with this token hash, its identity (with addresses, without
   * credentials) and the identity's credential types. Null when no row matches. Does not check
   * activity or expiry.
   */
  getSessionByTokenHash(tokenHash: string): Promise<SessionWithIdentity | null>;
  getSession(id: string): Promise<Session | null>;
  /** Sets `active = false` on the session with this token hash; returns whether a row matched. */
  revokeSessionByTokenHash(tokenHash: string): Promise<boolean>;
  /** Deletes every session row of the identity; returns the number deleted. */
  deleteSessionsOfIdentity(identityId: string): Promise<number>;
}
