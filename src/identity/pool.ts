import type { CredentialType, Identity } from './identity.js';

/**
 * Storage of identities with their credentials and addresses. Every write of an identity
 * (row + credentials + identifiers + addresses) is atomic. Unique violations raise
 * `conflict()` (409); unknown ids raise `notFound()` (404) — both from `http/errors.ts`.
 */
export interface IdentityPool {
  /** Inserts the identity, its credentials (with identifiers) and addresses in one transaction. */
  createIdentity(identity: Identity): Promise<void>;
  /**
   * Replaces the identity row, and deletes + re-inserts all its credentials, identifiers and
   * addresses in one transaction (address ids are kept as given by the caller).
   */
  updateIdentity(identity: Identity): Promise<void>;
  /** Loads an identity with addresses; with `withCredentials` also its credentials. */
  getIdentity(id: string, opts?: { withCredentials?: boolean }): Promise<Identity>;
  /** Returns null instead of throwing. */
  findIdentity(id: string, opts?: { withCredentials?: boolean }): Promise<Identity | null>;
  /** Identities ordered by id descending; `offset`/`limit` in rows. */
  listIdentities(opts: { offset: number; limit: number }): Promise<Identity[]>;
  countIdentities(): Promise<number>;
  /** Deletes the identity (cascading to everything it owns); throws notFound if absent. */
  deleteIdentity(id: string): Promise<void>;
  /** Finds the identity (with credentials) owning `identifier` for a credential type. */
  findByCredentialIdentifier(type: CredentialType, identifier: string): Promise<Identity | null>;
}
