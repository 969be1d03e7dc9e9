import type { Migration } from '../migration.js';

export const sessions: Migration = {
  name: '20251126000002_sessions',
  statements: [
    // token / logout_token hold SHA-256 hex digests of the bearer tokens, never the tokens.
    `CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      nid TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
      identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
      token TEXT,
      logout_token TEXT,
      active INTEGER DEFAULT 0,
      aal TEXT NOT NULL DEFAULT 'aal1',
      authentication_methods TEXT NOT NULL DEFAULT '[]',
      issued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      authenticated_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    'CREATE UNIQUE INDEX sessions_token_uq ON sessions (token)',
    'CREATE UNIQUE INDEX sessions_logout_token_uq ON sessions (logout_token)',
    'CREATE INDEX sessions_identity_id_idx ON sessions (identity_id, nid)',
  ],
};
