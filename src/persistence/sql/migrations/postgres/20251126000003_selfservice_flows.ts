import type { Migration } from '../migration.js';

const NID = 'nid uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE ON UPDATE RESTRICT';
const TIMESTAMPS = 'created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL';
const FLOW = `id uuid PRIMARY KEY,
      ${NID},
      type varchar(16) NOT NULL DEFAULT 'browser',
      request_url varchar(2048) NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ui jsonb`;

export const selfserviceFlows: Migration = {
  name: '20251126000003_selfservice_flows',
  statements: [
    `CREATE TABLE selfservice_login_flows (
      ${FLOW},
      active_method varchar(32) NOT NULL DEFAULT '',
      csrf_token varchar(255) NOT NULL DEFAULT '',
      forced boolean NOT NULL DEFAULT false,
      requested_aal varchar(4) NOT NULL DEFAULT 'aal1',
      internal_context jsonb NOT NULL DEFAULT '{}',
      ${TIMESTAMPS}
    )`,
    `CREATE TABLE selfservice_registration_flows (
      ${FLOW},
      active_method varchar(32) NOT NULL DEFAULT '',
      csrf_token varchar(255) NOT NULL DEFAULT '',
      internal_context jsonb NOT NULL DEFAULT '{}',
      ${TIMESTAMPS}
    )`,
    `CREATE TABLE selfservice_settings_flows (
      ${FLOW},
      identity_id uuid NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
      active_method varchar(32),
      state varchar(255) NOT NULL DEFAULT 'show_form',
      internal_context jsonb NOT NULL DEFAULT '{}',
      ${TIMESTAMPS}
    )`,
    'CREATE INDEX selfservice_settings_flows_identity_id_idx ON selfservice_settings_flows (identity_id)',
    `CREATE TABLE selfservice_recovery_flows (
      ${FLOW},
      active_method varchar(32),
      csrf_token varchar(255) NOT NULL DEFAULT '',
      state varchar(32) NOT NULL DEFAULT 'choose_method',
      recovered_identity_id uuid REFERENCES identities (id) ON DELETE CASCADE,
      ${TIMESTAMPS}
    )`,
    `CREATE INDEX selfservice_recovery_flows_recovered_identity_id_idx
      ON selfservice_recovery_flows (recovered_identity_id)`,
    `CREATE TABLE selfservice_verification_flows (
      ${FLOW},
      active_method varchar(32),
      csrf_token varchar(255) NOT NULL DEFAULT '',
      state varchar(255) NOT NULL DEFAULT 'show_form',
      ${TIMESTAMPS}
    )`,
    // token columns hold HMAC hex digests (datamodel.md §5).
    `CREATE TABLE identity_recovery_tokens (
      id uuid PRIMARY KEY,
      ${NID},
      token varchar(64) NOT NULL,
      used boolean NOT NULL DEFAULT false,
      used_at timestamptz,
      identity_recovery_address_id uuid REFERENCES identity_recovery_addresses (id) ON DELETE CASCADE,
      selfservice_recovery_flow_id uuid REFERENCES selfservice_recovery_flows (id) ON DELETE CASCADE,
      identity_id uuid NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
      issued_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ${TIMESTAMPS}
    )`,
    'CREATE UNIQUE INDEX identity_recovery_tokens_token_uq ON identity_recovery_tokens (token)',
    `CREATE INDEX identity_recovery_tokens_address_id_idx
      ON identity_recovery_tokens (identity_recovery_address_id)`,
    `CREATE INDEX identity_recovery_tokens_flow_id_idx
      ON identity_recovery_tokens (selfservice_recovery_flow_id)`,
    'CREATE INDEX identity_recovery_tokens_identity_id_idx ON identity_recovery_tokens (identity_id)',
    `CREATE TABLE identity_verification_tokens (
      id uuid PRIMARY KEY,
      ${NID},
      token varchar(64) NOT NULL,
      used boolean NOT NULL DEFAULT false,
      used_at timestamptz,
      identity_verifiable_address_id uuid NOT NULL
        REFERENCES identity_verifiable_addresses (id) ON DELETE CASCADE,
      selfservice_verification_flow_id uuid
        REFERENCES selfservice_verification_flows (id) ON DELETE CASCADE,
      issued_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ${TIMESTAMPS}
    )`,
    'CREATE UNIQUE INDEX identity_verification_tokens_token_uq ON identity_verification_tokens (token)',
    `CREATE INDEX identity_verification_tokens_address_id_idx
      ON identity_verification_tokens (identity_verifiable_address_id)`,
    `CREATE INDEX identity_verification_tokens_flow_id_idx
      ON identity_verification_tokens (selfservice_verification_flow_id)`,
  ],
};
