import { formatTime } from '../x/time.js';
import { joinUrl } from '../x/url.js';
import type * as Wire from '../wire/identity.js';
import type { Credential, Identity, RecoveryAddress, VerifiableAddress } from './identity.js';

/** Wire shapes (snake_case) of identities — the only way an identity reaches a response. */

export function verifiableAddressToWire(a: VerifiableAddress): Wire.VerifiableIdentityAddress {
  return {
    id: a.id,
    value: a.value,
    verified: a.verified,
    via: a.via,
    status: a.status,
    ...(a.verifiedAt ? { verified_at: formatTime(a.verifiedAt) } : {}),
    created_at: formatTime(a.createdAt),
    updated_at: formatTime(a.updatedAt),
  };
}

export function recoveryAddressToWire(a: RecoveryAddress): Wire.RecoveryAddress {
  return {
    id: a.id,
    value: a.value,
    via: a.via,
    created_at: formatTime(a.createdAt),
    updated_at: formatTime(a.updatedAt),
  };
}

function credentialToWire(c: Credential, withConfig: boolean): Wire.IdentityCredentials {
  return {
    type: c.type,
    identifiers: c.identifiers,
    ...(withConfig ? { config: c.config } : {}),
    created_at: formatTime(c.createdAt),
    updated_at: formatTime(c.updatedAt),
  };
}

export interface IdentityWireOptions {
  /** Public base URL: `schema_url` is always built from it, never from a domain alias. */
  publicBaseUrl: URL;
  /** Include `credentials` (admin get only). */
  credentials?: boolean;
  /** Credential types whose `config` is included (`include_credential`). */
  includeConfigOf?: readonly string[];
}

export function schemaUrl(publicBaseUrl: URL, schemaId: string): string {
  return joinUrl(publicBaseUrl, `/schemas/${encodeURIComponent(schemaId)}`).href;
}

/** The identity on the wire (identity.md §1); traits are whatever the stored document is. */
export function identityToWire(i: Identity, o: IdentityWireOptions): Wire.Identity<unknown> {
  const credentials = o.credentials ? i.credentials : undefined;
  return {
    id: i.id,
    schema_id: i.schemaId,
    schema_url: schemaUrl(o.publicBaseUrl, i.schemaId),
    state: i.state,
    ...(i.stateChangedAt ? { state_changed_at: formatTime(i.stateChangedAt) } : {}),
    traits: i.traits ?? null,
    ...(i.verifiableAddresses.length > 0 ? { verifiable_addresses: i.verifiableAddresses.map(verifiableAddressToWire) } : {}),
    ...(i.recoveryAddresses.length > 0 ? { recovery_addresses: i.recoveryAddresses.map(recoveryAddressToWire) } : {}),
    ...(credentials ? { credentials: credentialsToWire(credentials, o.includeConfigOf ?? []) } : {}),
    created_at: formatTime(i.createdAt),
    updated_at: formatTime(i.updatedAt),
  };
}

function credentialsToWire(creds: NonNullable<Identity['credentials']>, includeConfigOf: readonly string[]): NonNullable<Wire.Identity['credentials']> {
  const out: NonNullable<Wire.Identity['credentials']> = {};
  for (const c of Object.values(creds)) {
    if (c) out[c.type] = credentialToWire(c, includeConfigOf.includes(c.type));
  }
  return out;
}
