/** Domain model of an identity (camelCase; never serialised directly — see `wire.ts`). */

export type IdentityState = 'active' | 'inactive';

export const CREDENTIAL_TYPES = ['password', 'oidc', 'totp', 'lookup_secret', 'webauthn'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** Fixed ids of the seeded `identity_credential_types` rows (datamodel.md §2). */
export const CREDENTIAL_TYPE_IDS: Record<CredentialType, string> = {
  password: '78c1b41d-8341-4507-aa60-aff1d4369670',
  oidc: '6fa5e2e0-bfce-4631-b62b-cf2b0252b289',
  totp: '5e29b036-aa47-457f-9fe6-aa8b854a752b',
  lookup_secret: '567a0730-7f48-4dd7-a13d-df87a51c245f',
  webauthn: '6b213fa0-e6ad-46cb-8878-b088d2ce2e3c',
};

export interface Credential {
  id: string;
  type: CredentialType;
  identifiers: string[];
  /** Type-specific payload (identity.md §3); `{}` when empty. */
  config: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export type VerifiableAddressStatus = 'pending' | 'sent' | 'completed';

export interface VerifiableAddress {
  id: string;
  value: string;
  verified: boolean;
  via: 'email';
  status: VerifiableAddressStatus;
  verifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RecoveryAddress {
  id: string;
  value: string;
  via: 'email';
  createdAt: Date;
  updatedAt: Date;
}

export interface Identity {
  id: string;
  schemaId: string;
  state: IdentityState;
  stateChangedAt: Date | null;
  traits: unknown;
  verifiableAddresses: VerifiableAddress[];
  recoveryAddresses: RecoveryAddress[];
  /** Present only when loaded with credentials; keyed by type. */
  credentials?: Partial<Record<CredentialType, Credential>>;
  createdAt: Date;
  updatedAt: Date;
}
