import type { Session, SessionWithIdentity, AuthenticationMethod, AuthenticatorAssuranceLevel } from '../../session/session.js';
import type { SessionPersister } from '../../session/persister.js';
import { isUuid } from '../../x/random.js';
import { readBool, readJson, readTime, readTimeOrNull } from './codec.js';
import type { SqlContext } from './context.js';
import { readStatement } from './context.js';
import { credentialTypesColumn, decodeCredentialTypes, decodeIdentity, identityColumns } from './identity-sql.js';
import type { IdentityRow } from './identity-sql.js';
import type { Dialect } from './schema.js';

const SESSION_COLUMNS =
  's.id, s.identity_id, s.active, s.aal, s.authentication_methods, s.issued_at, s.authenticated_at, ' +
  's.expires_at, s.created_at, s.updated_at';

interface SessionRow {
  id: string;
  identity_id: string;
  active: unknown;
  aal: string;
  authentication_methods: unknown;
  issued_at: unknown;
  authenticated_at: unknown;
  expires_at: unknown;
  created_at: unknown;
  updated_at: unknown;
}

type WhoamiRow = SessionRow & IdentityRow & { i_credential_type_ids: unknown };

function statements(d: Dialect) {
  // The whoami hot path: session, identity, addresses and credential types in one statement.
  const whoami =
    `SELECT ${SESSION_COLUMNS}, ${identityColumns(d, false)}, ${credentialTypesColumn(d)} ` +
    'FROM sessions s JOIN identities i ON i.id = s.identity_id WHERE s.token = ? AND s.nid = ?';
  const byId = `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ? AND s.nid = ?`;
  return {
    whoami: readStatement(d, 'session_whoami', whoami),
    byId: readStatement(d, 'session_by_id', byId),
  };
}

function decodeMethods(v: unknown): AuthenticationMethod[] {
  const list = (readJson(v) as Array<Record<string, unknown>> | null) ?? [];
  return list.map((m) => ({
    method: String(m.method) as AuthenticationMethod['method'],
    completedAt: readTimeOrNull(m.completed_at) ?? new Date(0),
  }));
}

function decodeSession(row: SessionRow): Session {
  return {
    id: row.id,
    identityId: row.identity_id,
    active: readBool(row.active),
    aal: row.aal as AuthenticatorAssuranceLevel,
    authenticationMethods: decodeMethods(row.authentication_methods),
    issuedAt: readTime(row.issued_at),
    authenticatedAt: readTime(row.authenticated_at),
    expiresAt: readTime(row.expires_at),
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
  };
}

/**
 * SQL session storage. Token columns hold SHA-256 hex digests supplied by the caller; every
 * change emits an invalidation event so whoami caches drop the session.
 */
export class SqlSessionPersister implements SessionPersister {
  readonly #ctx: SqlContext;
  readonly #q: ReturnType<typeof statements>;

  constructor(ctx: SqlContext) {
    this.#ctx = ctx;
    this.#q = statements(ctx.dialect);
  }

  async upsertSession(session: Session, hashes: { tokenHash: string; logoutTokenHash: string }): Promise<void> {
    const { codec, nid } = this.#ctx;
    const values = {
      identity_id: session.identityId.toLowerCase(),
      token: hashes.tokenHash,
      logout_token: hashes.logoutTokenHash,
      active: codec.bool(session.active),
      aal: session.aal,
      authentication_methods: JSON.stringify(
        session.authenticationMethods.map((m) => ({ method: m.method, completed_at: m.completedAt.toISOString() })),
      ),
      issued_at: codec.time(session.issuedAt),
      authenticated_at: codec.time(session.authenticatedAt),
      expires_at: codec.time(session.expiresAt),
      updated_at: codec.time(session.updatedAt),
    };
    const id = session.id.toLowerCase();
    await this.#ctx.transaction(async (trx, events) => {
      await trx
        .insertInto('sessions')
        .values({ id, nid, created_at: codec.time(session.createdAt), ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values).where('sessions.nid', '=', nid))
        .execute();
      events.push({ kind: 'session', id });
    });
  }

  async getSessionByTokenHash(tokenHash: string): Promise<SessionWithIdentity | null> {
    const rows = await this.#ctx.read<WhoamiRow>(this.#q.whoami, [tokenHash, this.#ctx.nid]);
    const row = rows[0];
    if (!row) return null;
    return {
      session: decodeSession(row),
      identity: decodeIdentity(row),
      credentialTypes: decodeCredentialTypes(row.i_credential_type_ids),
    };
  }

  async getSession(id: string): Promise<Session | null> {
    if (!isUuid(id)) return null;
    const rows = await this.#ctx.read<SessionRow>(this.#q.byId, [id.toLowerCase(), this.#ctx.nid]);
    return rows[0] ? decodeSession(rows[0]) : null;
  }

  async revokeSessionByTokenHash(tokenHash: string): Promise<boolean> {
    const { codec, nid, clock } = this.#ctx;
    return this.#ctx.transaction(async (trx, events) => {
      const rows = await trx
        .updateTable('sessions')
        .set({ active: codec.bool(false), updated_at: codec.time(clock.now()) })
        .where('token', '=', tokenHash)
        .where('nid', '=', nid)
        .returning('id')
        .execute();
      for (const r of rows) events.push({ kind: 'session', id: r.id });
      return rows.length > 0;
    });
  }

  async deleteSessionsOfIdentity(identityId: string): Promise<number> {
    if (!isUuid(identityId)) return 0;
    const id = identityId.toLowerCase();
    const { nid } = this.#ctx;
    return this.#ctx.transaction(async (trx, events) => {
      const rows = await trx
        .deleteFrom('sessions')
        .where('identity_id', '=', id)
        .where('nid', '=', nid)
        .returning('id')
        .execute();
      for (const r of rows) events.push({ kind: 'session', id: r.id });
      if (rows.length) events.push({ kind: 'identity', id });
      return rows.length;
    });
  }
}
