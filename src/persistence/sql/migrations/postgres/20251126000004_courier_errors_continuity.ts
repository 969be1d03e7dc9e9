import type { Migration } from '../migration.js';

const NID = 'nid uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE ON UPDATE RESTRICT';
const TIMESTAMPS = 'created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL';

export const courierErrorsContinuity: Migration = {
  name: '20251126000004_courier_errors_continuity',
  statements: [
    `CREATE TABLE courier_messages (
      id uuid PRIMARY KEY,
      ${NID},
      type integer NOT NULL,
      status integer NOT NULL,
      recipient varchar(255) NOT NULL,
      subject varchar(255) NOT NULL,
      body text NOT NULL,
      template_type varchar(255) NOT NULL DEFAULT '',
      template_data bytea,
      ${TIMESTAMPS}
    )`,
    'CREATE INDEX courier_messages_status_idx ON courier_messages (status)',
    'CREATE INDEX courier_messages_nid_status_created_at_idx ON courier_messages (nid, status, created_at)',
    `CREATE TABLE selfservice_errors (
      id uuid PRIMARY KEY,
      ${NID},
      errors jsonb NOT NULL,
      csrf_token varchar(255) NOT NULL DEFAULT '',
      was_seen boolean NOT NULL DEFAULT false,
      seen_at timestamptz,
      ${TIMESTAMPS}
    )`,
    `CREATE TABLE continuity_containers (
      id uuid PRIMARY KEY,
      ${NID},
      identity_id uuid REFERENCES identities (id) ON DELETE CASCADE,
      name varchar(255) NOT NULL,
      payload jsonb,
      expires_at timestamptz NOT NULL,
      ${TIMESTAMPS}
    )`,
    'CREATE INDEX continuity_containers_identity_id_idx ON continuity_containers (identity_id)',
  ],
};
