import type { Migration } from '../migration.js';

const NID = 'nid TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE';
const TIMESTAMPS = 'created_at TEXT NOT NULL, updated_at TEXT NOT NULL';

export const identities: Migration = {
  name: '20251126000001_identities',
  statements: [
    `CREATE TABLE networks (
      id TEXT PRIMARY KEY,
      ${TIMESTAMPS}
    )`,
    'CREATE INDEX networks_created_at_idx ON networks (created_at)',
    `CREATE TABLE identities (
      id TEXT PRIMARY KEY,
      ${NID},
      schema_id TEXT NOT NULL,
      traits TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'active',
      state_changed_at TEXT,
      ${TIMESTAMPS}
    )`,
    'CREATE INDEX identities_nid_id_idx ON identities (nid, id)',
    `CREATE TABLE identity_credential_types (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE
    )`,
    `INSERT INTO identity_credential_types (id, name) VALUES
      ('78c1b41d-8341-4507-aa60-aff1d4369670', 'password'),
      ('6fa5e2e0-bfce-4631-b62b-cf2b0252b289', 'oidc'),
      ('5e29b036-aa47-457f-9fe6-aa8b854a752b', 'totp'),
      ('567a0730-7f48-4dd7-a13d-df87a51c245f', 'lookup_secret'),
      ('6b213fa0-e6ad-46cb-8878-b088d2ce2e3c', 'webauthn')`,
    `CREATE TABLE identity_credentials (
      id TEXT PRIMARY KEY,
      ${NID},
      identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
      identity_credential_type_id TEXT NOT NULL REFERENCES identity_credential_types (id) ON DELETE CASCADE,
      config TEXT NOT NULL,
      ${TIMESTAMPS}
    )`,
    'CREATE INDEX identity_credentials_identity_id_idx ON identity_credentials (identity_id)',
    `CREATE TABLE identity_credential_identifiers (
      id TEXT PRIMARY KEY,
      ${NID},
      identity_credential_id TEXT NOT NULL REFERENCES identity_credentials (id) ON DELETE CASCADE,
      identity_credential_type_id TEXT NOT NULL REFERENCES identity_credential_types (id) ON DELETE CASCADE,
      identifier TEXT NOT NULL,
      position INTEGER NOT NULL DEFAULT 0,
      ${TIMESTAMPS}
    )`,
    `CREATE UNIQUE INDEX identity_credential_identifiers_nid_type_identifier_uq
      ON identity_credential_identifiers (nid, identity_credential_type_id, identifier)`,
    `CREATE INDEX identity_credential_identifiers_credential_id_idx
      ON identity_credential_identifiers (identity_credential_id)`,
    `CREATE TABLE identity_verifiable_addresses (
      id TEXT PRIMARY KEY,
      ${NID},
      identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
      via TEXT NOT NULL,
      value TEXT NOT NULL,
      verified INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL,
      verified_at TEXT,
      ${TIMESTAMPS}
    )`,
    `CREATE UNIQUE INDEX identity_verifiable_addresses_nid_via_value_uq
      ON identity_verifiable_addresses (nid, via, value)`,
    `CREATE INDEX identity_verifiable_addresses_identity_id_idx
      ON identity_verifiable_addresses (identity_id, id)`,
    `CREATE INDEX identity_verifiable_addresses_lower_value_idx
      ON identity_verifiable_addresses (nid, via, lower(value))`,
    `CREATE TABLE identity_recovery_addresses (
      id TEXT PRIMARY KEY,
      ${NID},
      identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
      via TEXT NOT NULL,
      value TEXT NOT NULL,
      ${TIMESTAMPS}
    )`,
    `CREATE UNIQUE INDEX identity_recovery_addresses_nid_via_value_uq
      ON identity_recovery_addresses (nid, via, value)`,
    `CREATE INDEX identity_recovery_addresses_identity_id_idx
      ON identity_recovery_addresses (identity_id, id)`,
    `CREATE INDEX identity_recovery_addresses_lower_value_idx
      ON identity_recovery_addresses (nid, via, lower(value))`,
  ],
};
