import type { Migration } from '../migration.js';

export const sessions: Migration = {
  name: '20251126000002_sessions',
  statements: [
    // token / logout_token hold SHA-256 hex digests of the bearer tokens, never the tokens.
    `CREATE TABLE sessions (
      id uuid PRIMARY KEY,
      nid uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE ON UPDATE RESTRICT,
      identity_id uuid NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
      token varchar(64),
      logout_token varchar(64),
      active boolean DEFAULT false,
      aal varchar(4) NOT NULL DEFAULT 'aal1',
      authentication_methods jsonb NOT NULL DEFAULT '[]',
      issued_at timestamptz NOT NULL DEFAULT now(),
      authenticated_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    'CREATE UNIQUE INDEX sessions_token_uq ON sessions (token)',
    'CREATE UNIQUE INDEX sessions_logout_token_uq ON sessions (logout_token)',
    'CREATE INDEX sessions_identity_id_idx ON sessions (identity_id, nid)',
  ],
};
