import type { Migration } from '../migration.js';

const NID = 'nid TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE';
const TIMESTAMPS = 'created_at TEXT NOT NULL, updated_at TEXT NOT NULL';
const FLOW = `id TEXT PRIMARY KEY,
      ${NID},
      type TEXT NOT NULL DEFAULT 'browser',
      request_url TEXT NOT NULL,
      issued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      expires_at TEXT NOT NULL,
      ui TEXT`;

export const selfserviceFlows: Migration = {
  name: '20251126000003_selfservice_flows',
  statements: [
    `CREATE TABLE selfservice_login_flows (
      ${FLOW},
      active_method TEXT NOT NULL DEFAULT '',
      csrf_token TEXT NOT NULL DEFAULT '',
      forced INTEGER NOT NULL DEFAULT 0,
      requested_aal TEXT NOT NULL DEFAULT 'aal1',
      internal_context TEXT NOT NULL DEFAULT '{}',
      ${TIMESTAMPS}
    )`,
    `CREATE TABLE selfservice_registration_flows (
      ${FLOW},
      active_method TEXT NOT NULL DEFAULT '',
      csrf_token TEXT NOT NULL DEFAULT '',
      internal_context TEXT NOT NULL DEFAULT '{}',
      ${TIMESTAMPS}
    )`,
    `CREATE TABLE selfservice_settings_flows (
      ${FLOW},
      identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
      active_method TEXT,
      state TEXT NOT NULL DEFAULT 'show_form',
      internal_context TEXT NOT NULL DEFAULT '{}',
      ${TIMESTAMPS}
    )`,
    'CREATE INDEX selfservice_settings_flows_identity_id_idx ON selfservice_settings_flows (identity_id)',
    `CREATE TABLE selfservice_recovery_flows (
      ${FLOW},
      active_method TEXT,
      csrf_token TEXT NOT NULL DEFAULT '',
      state TEXT NOT NULL DEFAULT 'choose_method',
      recovered_identity_id TEXT REFERENCES identities (id) ON DELETE CASCADE,
      ${TIMESTAMPS}
    )`,
    `CREATE INDEX selfservice_recovery_flows_recovered_identity_id_idx
      ON selfservice_recovery_flows (recovered_identity_id)`,
    `CREATE TABLE selfservice_verification_flows (
      ${FLOW},
      active_method TEXT,
      csrf_token TEXT NOT NULL DEFAULT '',
      state TEXT NOT NULL DEFAULT 'show_form',
      ${TIMESTAMPS}
    )`,
    // token columns hold HMAC hex digests (datamodel.md §5).
    `CREATE TABLE identity_recovery_tokens (
      id TEXT PRIMARY KEY,
      ${NID},
      token TEXT NOT NULL,
      used INTEGER NOT NULL DEFAULT 0,
      used_at TEXT,
      identity_recovery_address_id TEXT REFERENCES identity_recovery_addresses (id) ON DELETE CASCADE,
      selfservice_recovery_flow_id TEXT REFERENCES selfservice_recovery_flows (id) ON DELETE CASCADE,
      identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
      issued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      expires_at TEXT NOT NULL,
      ${TIMESTAMPS}
    )`,
    'CREATE UNIQUE INDEX identity_recovery_tokens_token_uq ON identity_recovery_tokens (token)',
    `CREATE INDEX identity_recovery_tokens_address_id_idx
      ON identity_recovery_tokens (identity_recovery_address_id)`,
    `CREATE INDEX identity_recovery_tokens_flow_id_idx
      ON identity_recovery_tokens (selfservice_recovery_flow_id)`,
    'CREATE INDEX identity_recovery_tokens_identity_id_idx ON identity_recovery_tokens (identity_id)',
    `CREATE TABLE identity_verification_tokens (
      id TEXT PRIMARY KEY,
      ${NID},
      token TEXT NOT NULL,
      used INTEGER NOT NULL DEFAULT 0,
      used_at TEXT,
      identity_verifiable_address_id TEXT NOT NULL
        REFERENCES identity_verifiable_addresses (id) ON DELETE CASCADE,
      selfservice_verification_flow_id TEXT
        REFERENCES selfservice_verification_flows (id) ON DELETE CASCADE,
      issued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      expires_at TEXT NOT NULL,
      ${TIMESTAMPS}
    )`,
    'CREATE UNIQUE INDEX identity_verification_tokens_token_uq ON identity_verification_tokens (token)',
    `CREATE INDEX identity_verification_tokens_address_id_idx
      ON identity_verification_tokens (identity_verifiable_address_id)`,
    `CREATE INDEX identity_verification_tokens_flow_id_idx
      ON identity_verification_tokens (selfservice_verification_flow_id)`,
  ],
};
