import type { Migration } from '../migration.js';

const NID = 'nid TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE';
const TIMESTAMPS = 'created_at TEXT NOT NULL, updated_at TEXT NOT NULL';

export const courierErrorsContinuity: Migration = {
  name: '20251126000004_courier_errors_continuity',
  statements: [
    `CREATE TABLE courier_messages (
      id TEXT PRIMARY KEY,
      ${NID},
      type INTEGER NOT NULL,
      status INTEGER NOT NULL,
      recipient TEXT NOT NULL,
      subject TEXT NOT NULL,
      body TEXT NOT NULL,
      template_type TEXT NOT NULL DEFAULT '',
      template_data BLOB,
      ${TIMESTAMPS}
    )`,
    'CREATE INDEX courier_messages_status_idx ON courier_messages (status)',
    'CREATE INDEX courier_messages_nid_status_created_at_idx ON courier_messages (nid, status, created_at)',
    `CREATE TABLE selfservice_errors (
      id TEXT PRIMARY KEY,
      ${NID},
      errors TEXT NOT NULL,
      csrf_token TEXT NOT NULL DEFAULT '',
      was_seen INTEGER NOT NULL DEFAULT 0,
      seen_at TEXT,
      ${TIMESTAMPS}
    )`,
    `CREATE TABLE continuity_containers (
      id TEXT PRIMARY KEY,
      ${NID},
      identity_id TEXT REFERENCES identities (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      payload TEXT,
      expires_at TEXT NOT NULL,
      ${TIMESTAMPS}
    )`,
    'CREATE INDEX continuity_containers_identity_id_idx ON continuity_containers (identity_id)',
  ],
};
