/**
 * Identities, their addresses and credentials, identity schemas and the admin request bodies,
 * as they travel on the wire (spec identity.md §1, §3, §6; api.md §9–§11).
 *
 * @module
 */

/**
 * The default type of `traits`: a JSON object whose shape the identity schema defines. Pass
 * your own type to the generic parameters (`Identity<MyTraits>`, `GatehouseClient<MyTraits>`).
 */
export type IdentityTraits = Record<string, unknown>;

/** `active` identities can sign in; `inactive` ones cannot and their sessions stop working. */
export type IdentityState = 'active' | 'inactive';

/** Credential types of this version. */
export type IdentityCredentialsType = 'password' | 'oidc' | 'totp' | 'lookup_secret' | 'webauthn';

/** Verification status of an address: `pending` → `sent` (mail queued) → `completed`. */
export type VerifiableAddressStatus = 'pending' | 'sent' | 'completed';

/** An address that can be verified (identity.md §6.1). */
export type VerifiableIdentityAddress = {
  /** Address id (UUID). */
  id: string;
  /** The address as written in the traits, e.g. an email address. */
  value: string;
  /** Whether the address was verified. */
  verified: boolean;
  /** Channel; `email` in this version. */
  via: 'email' | (string & {});
  /** Verification status. */
  status: VerifiableAddressStatus | (string & {});
  /** When it was verified (RFC 3339); absent until then. */
  verified_at?: string;
  /** RFC 3339 time. */
  created_at: string;
  /** RFC 3339 time. */
  updated_at: string;
};

/** An address that recovery links can be sent to (identity.md §6.2). */
export type RecoveryAddress = {
  /** Address id (UUID). */
  id: string;
  /** The address as written in the traits. */
  value: string;
  /** Channel; `email` in this version. */
  via: 'email' | (string & {});
  /** RFC 3339 time. */
  created_at: string;
  /** RFC 3339 time. */
  updated_at: string;
};

/** One credential of an identity, as `GET /identities/{id}` shows it (identity.md §3.7). */
export type IdentityCredentials = {
  /** Credential type. */
  type: IdentityCredentialsType;
  /** What the login lookup matches (e.g. lower-cased email addresses). */
  identifiers: string[];
  /** Only with `include_credential=oidc`, and only for `oidc`: `{"providers":[…]}` with decrypted tokens. */
  config?: Record<string, unknown>;
  /** RFC 3339 time. */
  created_at: string;
  /** RFC 3339 time. */
  updated_at: string;
};

/** An identity (identity.md §1). */
export type Identity<TTraits = IdentityTraits> = {
  /** Identity id (UUID v4), chosen by the server. */
  id: string;
  /** Id of the identity schema the traits follow (`default` or a configured id). */
  schema_id: string;
  /** `<public base URL>/schemas/<schema_id>`. */
  schema_url: string;
  /** Whether the identity may sign in. */
  state: IdentityState;
  /** When `state` last changed (RFC 3339); absent when never set. */
  state_changed_at?: string;
  /** The traits document, exactly as stored. */
  traits: TTraits;
  /** Addresses that can be verified; absent when none. */
  verifiable_addresses?: VerifiableIdentityAddress[];
  /** Addresses recovery links can be sent to; absent when none. */
  recovery_addresses?: RecoveryAddress[];
  /** Only from `adminGetIdentity`: the credentials keyed by type, without secrets. */
  credentials?: Partial<Record<IdentityCredentialsType, IdentityCredentials>>;
  /** RFC 3339 time. */
  created_at: string;
  /** RFC 3339 time. */
  updated_at: string;
};

/** An item of `GET /schemas`. */
export type IdentitySchema = {
  /** Schema id. */
  id: string;
  /** The raw JSON Schema document. */
  schema: JsonSchema;
};

/** A JSON Schema document, as configured (`GET /schemas/{id}` returns it byte for byte). */
export type JsonSchema = Record<string, unknown>;

/** Body of `POST /identities`. Unknown fields (`id`, `credentials`, …) are rejected. */
export type AdminCreateIdentityBody<TTraits = IdentityTraits> = {
  /** Identity schema id; empty means `default`. */
  schema_id: string;
  /** Initial state; `active` when absent. */
  state?: IdentityState;
  /** Traits, validated against the schema. */
  traits: TTraits;
};

/** Body of `PUT /identities/{id}`: replaces the traits; absent `schema_id`/`state` keep the current ones. */
export type AdminUpdateIdentityBody<TTraits = IdentityTraits> = {
  /** New schema id; empty or absent keeps the current one. */
  schema_id?: string;
  /** New state; absent keeps the current one. */
  state?: IdentityState;
  /** The new traits document (replaces the whole document). */
  traits: TTraits;
};

/** Body of `POST /recovery/link`. */
export type AdminCreateSelfServiceRecoveryLinkBody = {
  /** The identity to recover. */
  identity_id: string;
  /** Go duration such as `1h` or `30m`; default `selfservice.methods.link.config.lifespan`. */
  expires_in?: string;
};

/** Answer of `POST /recovery/link`. */
export type SelfServiceRecoveryLink = {
  /** `<public>/self-service/recovery?flow=<id>&token=<token>`, to hand to the person. */
  recovery_link: string;
  /** When the link stops working (RFC 3339). */
  expires_at: string;
};
