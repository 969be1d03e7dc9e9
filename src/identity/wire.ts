import { formatTime } from '../x/time.js';
import { joinUrl } from '../x/url.js';
import type { Credential, Identity, RecoveryAddress, VerifiableAddress } from './identity.js';

/** Wire shapes (snake_case) of identities — the only way an identity reaches a response. */

export function verifiableAddressToWire(a: VerifiableAddress): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: a.id,
    value: a.value,
    verified: a.verified,
    via: a.via,
    status: a.status,
  };
  if (a.verifiedAt) out.verified_at = formatTime(a.verifiedAt);
  out.created_at = formatTime(a.createdAt);
  out.updated_at = formatTime(a.updatedAt);
  return out;
}

export function recoveryAddressToWire(a: RecoveryAddress): Record<string, unknown> {
  return {
    id: a.id,
    value: a.value,
    via: a.via,
    created_at: formatTime(a.createdAt),
    updated_at: formatTime(a.updatedAt),
  };
}

function credentialToWire(c: Credential, withConfig: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { type: c.type, identifiers: c.identifiers };
  if (withConfig) out.config = c.config;
  out.created_at = formatTime(c.createdAt);
  out.updated_at = formatTime(c.updatedAt);
  return out;
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

export function identityToWire(i: Identity, o: IdentityWireOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: i.id,
    schema_id: i.schemaId,
    schema_url: schemaUrl(o.publicBaseUrl, i.schemaId),
    state: i.state,
  };
  if (i.stateChangedAt) out.state_changed_at = formatTime(i.stateChangedAt);
  out.traits = i.traits ?? null;
  if (i.verifiableAddresses.length > 0) out.verifiable_addresses = i.verifiableAddresses.map(verifiableAddressToWire);
  if (i.recoveryAddresses.length > 0) out.recovery_addresses = i.recoveryAddresses.map(recoveryAddressToWire);
  if (o.credentials && i.credentials) {
    const creds: Record<string, unknown> = {};
    for (const c of Object.values(i.credentials)) {
      if (c) creds[c.type] = credentialToWire(c, o.includeConfigOf?.includes(c.type) ?? false);
    }
    out.credentials = creds;
  }
  out.created_at = formatTime(i.createdAt);
  out.updated_at = formatTime(i.updatedAt);
  return out;
}
