import { CREDENTIAL_TYPE_IDS } from '../../identity/identity.js';
import type {
  Credential,
  CredentialType,
  Identity,
  IdentityState,
  RecoveryAddress,
  VerifiableAddress,
  VerifiableAddressStatus,
} from '../../identity/identity.js';
import { readBool, readJson, readTime, readTimeOrNull } from './codec.js';
import type { Dialect } from './schema.js';

/**
 * SQL that loads identities with their addresses (and optionally credentials) in ONE
 * statement: each child collection is aggregated to a JSON array by a correlated subquery.
 * The identity table must be aliased `i`; every column comes out prefixed `i_`. Child rows
 * are matched by identity id alone: they always carry their identity's network, and a `nid`
 * predicate here leads SQLite's planner to the `(nid, via, lower(value))` index — a scan of
 * the whole network per lookup.
 */

const VA_FIELDS = ['id', 'value', 'verified', 'via', 'status', 'verified_at', 'created_at', 'updated_at'];
const RA_FIELDS = ['id', 'value', 'via', 'created_at', 'updated_at'];

const pairs = (alias: string, fields: string[]) => fields.map((f) => `'${f}', ${alias}.${f}`).join(', ');

/** A JSON array of `element` over `from`; `orderBy` only where JS cannot restore the order. */
function jsonArray(dialect: Dialect, element: string, orderBy: string | null, from: string): string {
  const order = orderBy ? ` ORDER BY ${orderBy}` : '';
  return dialect === 'postgres'
    ? `(SELECT coalesce(json_agg(${element}${order}), '[]'::json) FROM ${from})`
    : `(SELECT json_group_array(${element}${order}) FROM ${from})`;
}

const obj = (dialect: Dialect, body: string) =>
  dialect === 'postgres' ? `json_build_object(${body})` : `json_object(${body})`;

/** On SQLite a subquery's JSON loses its JSON subtype: `json()` restores it before nesting. */
const nested = (dialect: Dialect, expr: string) => (dialect === 'postgres' ? expr : `json(${expr})`);

export function addressColumns(dialect: Dialect): string {
  const va = jsonArray(
    dialect,
    obj(dialect, pairs('va', VA_FIELDS)),
    null,
    'identity_verifiable_addresses va WHERE va.identity_id = i.id',
  );
  const ra = jsonArray(
    dialect,
    obj(dialect, pairs('ra', RA_FIELDS)),
    null,
    'identity_recovery_addresses ra WHERE ra.identity_id = i.id',
  );
  return `${va} AS i_verifiable_addresses, ${ra} AS i_recovery_addresses`;
}

export function credentialColumn(dialect: Dialect): string {
  const identifiers = jsonArray(
    dialect,
    'ci.identifier',
    'ci.position',
    'identity_credential_identifiers ci WHERE ci.identity_credential_id = c.id',
  );
  const element = obj(
    dialect,
    `'id', c.id, 'type', t.name, 'config', ${nested(dialect, 'c.config')}, ` +
      `'identifiers', ${nested(dialect, identifiers)}, 'created_at', c.created_at, 'updated_at', c.updated_at`,
  );
  const from =
    'identity_credentials c JOIN identity_credential_types t ON t.id = c.identity_credential_type_id ' +
    'WHERE c.identity_id = i.id';
  return `${jsonArray(dialect, element, null, from)} AS i_credentials`;
}

/**
 * The ids of the credential types the identity has records for (whoami's highest-available
 * AAL); `decodeCredentialTypes` maps them to names, which spares a join per lookup.
 */
export function credentialTypesColumn(dialect: Dialect): string {
  const ids = 'SELECT c.identity_credential_type_id FROM identity_credentials c WHERE c.identity_id = i.id';
  return dialect === 'postgres'
    ? `ARRAY(${ids}) AS i_credential_type_ids`
    : `(SELECT json_group_array(c.identity_credential_type_id) FROM identity_credentials c WHERE c.identity_id = i.id) AS i_credential_type_ids`;
}

const TYPE_NAMES = new Map<string, string>(Object.entries(CREDENTIAL_TYPE_IDS).map(([name, id]) => [id, name]));

/** Credential type names, sorted, from a `credentialTypesColumn` value. */
export function decodeCredentialTypes(v: unknown): string[] {
  const ids = Array.isArray(v) ? v : ((readJson(v) as unknown[] | null) ?? []);
  return ids.map((id) => TYPE_NAMES.get(String(id)) ?? String(id)).sort();
}

export function identityColumns(dialect: Dialect, withCredentials: boolean): string {
  const base =
    'i.id AS i_id, i.schema_id AS i_schema_id, i.traits AS i_traits, i.state AS i_state, ' +
    'i.state_changed_at AS i_state_changed_at, i.created_at AS i_created_at, i.updated_at AS i_updated_at';
  return [base, addressColumns(dialect), ...(withCredentials ? [credentialColumn(dialect)] : [])].join(', ');
}

export interface IdentityRow {
  i_id: string;
  i_schema_id: string;
  i_traits: unknown;
  i_state: string;
  i_state_changed_at: unknown;
  i_created_at: unknown;
  i_updated_at: unknown;
  i_verifiable_addresses: unknown;
  i_recovery_addresses: unknown;
  i_credentials?: unknown;
}

type JsonRecord = Record<string, unknown>;

const jsonList = (v: unknown): JsonRecord[] => (readJson(v) as JsonRecord[] | null) ?? [];

/**
 * Addresses are returned ordered by id ascending (identity.md §6). Sorting these few rows
 * here is cheaper than an ORDER BY inside the aggregate (a temp b-tree per subquery on
 * SQLite); lower-case uuid text sorts like PostgreSQL's uuid ordering.
 */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function decodeVerifiable(a: JsonRecord): VerifiableAddress {
  return {
    id: String(a.id),
    value: String(a.value),
    verified: readBool(a.verified),
    via: 'email',
    status: String(a.status) as VerifiableAddressStatus,
    verifiedAt: readTimeOrNull(a.verified_at),
    createdAt: readTime(a.created_at),
    updatedAt: readTime(a.updated_at),
  };
}

function decodeRecovery(a: JsonRecord): RecoveryAddress {
  return {
    id: String(a.id),
    value: String(a.value),
    via: 'email',
    createdAt: readTime(a.created_at),
    updatedAt: readTime(a.updated_at),
  };
}

function decodeCredentials(v: unknown): Partial<Record<CredentialType, Credential>> {
  const out: Partial<Record<CredentialType, Credential>> = {};
  for (const c of jsonList(v)) {
    const type = String(c.type) as CredentialType;
    out[type] = {
      id: String(c.id),
      type,
      identifiers: Array.isArray(c.identifiers) ? c.identifiers.map(String) : [],
      config: (c.config as Record<string, unknown> | null) ?? {},
      createdAt: readTime(c.created_at),
      updatedAt: readTime(c.updated_at),
    };
  }
  return out;
}

/** Turns a row selected with `identityColumns` into the domain identity. */
export function decodeIdentity(row: IdentityRow): Identity {
  const identity: Identity = {
    id: row.i_id,
    schemaId: row.i_schema_id,
    state: row.i_state as IdentityState,
    stateChangedAt: readTimeOrNull(row.i_state_changed_at),
    traits: readJson(row.i_traits),
    verifiableAddresses: jsonList(row.i_verifiable_addresses).map(decodeVerifiable).sort(byId),
    recoveryAddresses: jsonList(row.i_recovery_addresses).map(decodeRecovery).sort(byId),
    createdAt: readTime(row.i_created_at),
    updatedAt: readTime(row.i_updated_at),
  };
  if (row.i_credentials !== undefined) identity.credentials = decodeCredentials(row.i_credentials);
  return identity;
}
