import type { CourierMessage } from '../../../courier/message.js';

/** An address row found by value (datamodel.md §2). */
export interface AddressRef {
  id: string;
  identityId: string;
  value: string;
}

export interface NewRecoveryToken {
  id: string;
  /** hex HMAC of the token under the first secret. */
  hash: string;
  identityId: string;
  /** Null for links created by the admin endpoint. */
  addressId: string | null;
  flowId: string | null;
  issuedAt: Date;
  expiresAt: Date;
}

export interface NewVerificationToken {
  id: string;
  hash: string;
  addressId: string;
  flowId: string | null;
  issuedAt: Date;
  expiresAt: Date;
}

/** A consumed recovery token. */
export interface UsedRecoveryToken {
  identityId: string;
  /** The recovery address the mail went to (null for admin links). */
  address: AddressRef | null;
  flowId: string | null;
  expiresAt: Date;
}

/** A consumed verification token, with the address it verifies. */
export interface UsedVerificationToken {
  address: AddressRef;
  flowId: string | null;
  expiresAt: Date;
}

/**
 * Storage of link tokens. Creating a token, queueing its mail and (for verification) moving
 * the address to `sent` happen in one transaction; using a token marks it used before expiry
 * is checked (datamodel.md §5), so an expired token is consumed too.
 */
export interface LinkPersister {
  /** Case-insensitive lookup (`LOWER(value) = LOWER(input)`). */
  findRecoveryAddress(value: string): Promise<AddressRef | null>;
  findVerifiableAddress(value: string): Promise<AddressRef | null>;
  createRecoveryToken(token: NewRecoveryToken, mail: CourierMessage | null): Promise<void>;
  createVerificationToken(token: NewVerificationToken, mail: CourierMessage): Promise<void>;
  /** Finds an unused token stored under any of `hashes` and marks it used; null if none. */
  useRecoveryToken(hashes: readonly string[], now: Date): Promise<UsedRecoveryToken | null>;
  useVerificationToken(hashes: readonly string[], now: Date): Promise<UsedVerificationToken | null>;
  /** `verified = true, status = completed, verified_at = at`; false if the address is gone. */
  markAddressVerified(addressId: string, at: Date): Promise<boolean>;
  /** Marks the identity's verifiable address with this value (case-insensitive) verified. */
  markValueVerified(identityId: string, value: string, at: Date): Promise<void>;
}
