import { jsonText } from './json-text.js';
import type { Kysely } from 'kysely';
import { CREDENTIAL_TYPE_IDS } from '../../identity/identity.js';
import type { CredentialType, Identity } from '../../identity/identity.js';
import type { IdentityPool } from '../../identity/pool.js';
import { internal, notFound } from '../../http/errors.js';
import { isUuid, newId } from '../../x/random.js';
import type { SqlContext } from './context.js';
import { readStatement } from './context.js';
import { decodeIdentity, identityColumns } from './identity-sql.js';
import type { IdentityRow } from './identity-sql.js';
import type { DB, Dialect } from './schema.js';

const EMPTY_IDENTIFIER = 'Unable to create identity credentials with missing or empty identifier.';

/** Ids are compared as text on SQLite: keep them lower-case like PostgreSQL prints uuids. */
const ensureId = (id: string | undefined): string => (id && isUuid(id) ? id.toLowerCase() : newId());

function statements(d: Dialect) {
  const one = (creds: boolean) => `SELECT ${identityColumns(d, creds)} FROM identities i WHERE i.id = ? AND i.nid = ?`;
  return {
    get: readStatement(d, 'identity_get', one(false)),
    getWithCredentials: readStatement(d, 'identity_get_creds', one(true)),
    list: readStatement(
      d,
      'identity_list',
      `SELECT ${identityColumns(d, false)} FROM identities i WHERE i.nid = ? ORDER BY i.id DESC LIMIT ? OFFSET ?`,
    ),
    count: readStatement(d, 'identity_count', 'SELECT count(*) AS n FROM identities WHERE nid = ?'),
    byIdentifier: readStatement(
      d,
      'identity_by_identifier',
      `SELECT ${identityColumns(d, true)} FROM identities i WHERE i.nid = ? AND i.id IN (
        SELECT c.identity_id FROM identity_credential_identifiers ci
        JOIN identity_credentials c ON c.id = ci.identity_credential_id
        WHERE ci.nid = ? AND ci.identity_credential_type_id = ? AND ci.identifier = ?)`,
    ),
  };
}

/**
 * Password identifiers are stored lower-cased (datamodel.md §2), so uniqueness and login are
 * case-insensitive; other types keep their identifiers as given.
 */
const normaliseIdentifier = (type: CredentialType, identifier: string) =>
  type === 'password' ? identifier.toLowerCase() : identifier;

/** SQL implementation of the identity pool, scoped to the context's network. */
export class SqlIdentityPool implements IdentityPool {
  readonly #ctx: SqlContext;
  readonly #q: ReturnType<typeof statements>;

  constructor(ctx: SqlContext) {
    this.#ctx = ctx;
    this.#q = statements(ctx.dialect);
  }

  /** Rejects empty identifiers and assigns ids to new credentials and addresses (in place). */
  #prepare(identity: Identity): void {
    identity.id = ensureId(identity.id);
    for (const cred of Object.values(identity.credentials ?? {})) {
      if (!cred) continue;
      if (cred.identifiers.some((x) => typeof x !== 'string' || x === '')) throw internal(EMPTY_IDENTIFIER);
      cred.id = ensureId(cred.id);
    }
    for (const a of identity.verifiableAddresses) a.id = ensureId(a.id);
    for (const a of identity.recoveryAddresses) a.id = ensureId(a.id);
  }

  #identityRow(identity: Identity) {
    const { codec } = this.#ctx;
    return {
      schema_id: identity.schemaId,
      traits: jsonText(identity.traits ?? {}),
      state: identity.state,
      state_changed_at: codec.timeOrNull(identity.stateChangedAt),
      updated_at: codec.time(identity.updatedAt),
    };
  }

  async #insertCredentials(trx: Kysely<DB>, identity: Identity): Promise<void> {
    const { codec, nid } = this.#ctx;
    const creds = Object.values(identity.credentials ?? {}).filter((c) => c !== undefined);
    if (creds.length === 0) return;
    await trx
      .insertInto('identity_credentials')
      .values(
        creds.map((c) => ({
          id: c.id,
          nid,
          identity_id: identity.id,
          identity_credential_type_id: CREDENTIAL_TYPE_IDS[c.type],
          config: jsonText(c.config ?? {}),
          created_at: codec.time(c.createdAt),
          updated_at: codec.time(c.updatedAt),
        })),
      )
      .execute();
    const identifiers = creds.flatMap((c) =>
      c.identifiers.map((identifier, position) => ({
        id: newId(),
        nid,
        identity_credential_id: c.id,
        identity_credential_type_id: CREDENTIAL_TYPE_IDS[c.type],
        identifier: normaliseIdentifier(c.type, identifier),
        position,
        created_at: codec.time(c.createdAt),
        updated_at: codec.time(c.updatedAt),
      })),
    );
    if (identifiers.length) await trx.insertInto('identity_credential_identifiers').values(identifiers).execute();
  }

  #verifiableRows(identity: Identity) {
    const { codec, nid } = this.#ctx;
    return identity.verifiableAddresses.map((a) => ({
      id: a.id,
      nid,
      identity_id: identity.id,
      via: a.via,
      value: a.value,
      verified: codec.bool(a.verified),
      status: a.status,
      verified_at: codec.timeOrNull(a.verifiedAt),
      created_at: codec.time(a.createdAt),
      updated_at: codec.time(a.updatedAt),
    }));
  }

  #recoveryRows(identity: Identity) {
    const { codec, nid } = this.#ctx;
    return identity.recoveryAddresses.map((a) => ({
      id: a.id,
      nid,
      identity_id: identity.id,
      via: a.via,
      value: a.value,
      created_at: codec.time(a.createdAt),
      updated_at: codec.time(a.updatedAt),
    }));
  }

  async createIdentity(identity: Identity): Promise<void> {
    this.#prepare(identity);
    const { codec, nid } = this.#ctx;
    await this.#ctx.transaction(async (trx) => {
      await trx
        .insertInto('identities')
        .values({ id: identity.id, nid, created_at: codec.time(identity.createdAt), ...this.#identityRow(identity) })
        .execute();
      await this.#insertCredentials(trx, identity);
      const va = this.#verifiableRows(identity);
      if (va.length) await trx.insertInto('identity_verifiable_addresses').values(va).execute();
      const ra = this.#recoveryRows(identity);
      if (ra.length) await trx.insertInto('identity_recovery_addresses').values(ra).execute();
    });
  }

  /**
   * Credentials are deleted and re-inserted. Address rows whose id is kept are updated in
   * place rather than re-inserted, so verification/recovery tokens pointing at them survive
   * (a delete would cascade to the tokens); rows no longer present are deleted.
   */
  async updateIdentity(identity: Identity): Promise<void> {
    if (!isUuid(identity.id)) throw notFound();
    this.#prepare(identity);
    const { nid } = this.#ctx;
    await this.#ctx.transaction(async (trx, events) => {
      const res = await trx
        .updateTable('identities')
        .set(this.#identityRow(identity))
        .where('id', '=', identity.id)
        .where('nid', '=', nid)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw notFound();
      await trx.deleteFrom('identity_credentials').where('identity_id', '=', identity.id).where('nid', '=', nid).execute();
      await this.#insertCredentials(trx, identity);
      await syncAddresses(trx, 'identity_verifiable_addresses', identity.id, nid, this.#verifiableRows(identity));
      await syncAddresses(trx, 'identity_recovery_addresses', identity.id, nid, this.#recoveryRows(identity));
      events.push({ kind: 'identity', id: identity.id });
    });
  }

  async findIdentity(id: string, opts: { withCredentials?: boolean } = {}): Promise<Identity | null> {
    if (!isUuid(id)) return null;
    const stmt = opts.withCredentials ? this.#q.getWithCredentials : this.#q.get;
    const rows = await this.#ctx.read<IdentityRow>(stmt, [id.toLowerCase(), this.#ctx.nid]);
    return rows[0] ? decodeIdentity(rows[0]) : null;
  }

  async getIdentity(id: string, opts: { withCredentials?: boolean } = {}): Promise<Identity> {
    const identity = await this.findIdentity(id, opts);
    if (!identity) throw notFound();
    return identity;
  }

  async listIdentities(opts: { offset: number; limit: number }): Promise<Identity[]> {
    const rows = await this.#ctx.read<IdentityRow>(this.#q.list, [
      this.#ctx.nid,
      Math.max(0, Math.trunc(opts.limit)),
      Math.max(0, Math.trunc(opts.offset)),
    ]);
    return rows.map(decodeIdentity);
  }

  async countIdentities(): Promise<number> {
    const rows = await this.#ctx.read<{ n: number }>(this.#q.count, [this.#ctx.nid]);
    return Number(rows[0]?.n ?? 0);
  }

  async deleteIdentity(id: string): Promise<void> {
    if (!isUuid(id)) throw notFound();
    const { nid } = this.#ctx;
    await this.#ctx.transaction(async (trx, events) => {
      const res = await trx.deleteFrom('identities').where('id', '=', id.toLowerCase()).where('nid', '=', nid).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw notFound();
      events.push({ kind: 'identity', id: id.toLowerCase() });
    });
  }

  async findByCredentialIdentifier(type: CredentialType, identifier: string): Promise<Identity | null> {
    const typeId = CREDENTIAL_TYPE_IDS[type];
    if (!typeId || identifier === '') return null;
    const { nid } = this.#ctx;
    const rows = await this.#ctx.read<IdentityRow>(this.#q.byIdentifier, [
      nid,
      nid,
      typeId,
      normaliseIdentifier(type, identifier),
    ]);
    return rows[0] ? decodeIdentity(rows[0]) : null;
  }
}

type AddressTable = 'identity_verifiable_addresses' | 'identity_recovery_addresses';

/** Makes the identity's rows in `table` equal `rows`: delete missing, update kept, insert new. */
async function syncAddresses<T extends AddressTable>(
  trx: Kysely<DB>,
  table: T,
  identityId: string,
  nid: string,
  rows: ReadonlyArray<DB[T] & { id: string }>,
): Promise<void> {
  const existing = await trx
    .selectFrom(table as AddressTable)
    .select('id')
    .where('identity_id', '=', identityId)
    .where('nid', '=', nid)
    .execute();
  const existingIds = new Set(existing.map((r) => r.id));
  const keep = new Set(rows.map((r) => r.id).filter((id) => existingIds.has(id)));
  const stale = [...existingIds].filter((id) => !keep.has(id));
  if (stale.length) await trx.deleteFrom(table as AddressTable).where('id', 'in', stale).where('nid', '=', nid).execute();
  for (const row of rows) {
    if (!keep.has(row.id)) continue;
    const { id, nid: _nid, identity_id: _identity, created_at: _created, ...changes } = row;
    await trx
      .updateTable(table as AddressTable)
      .set(changes as Partial<DB[AddressTable]>)
      .where('id', '=', id)
      .where('nid', '=', nid)
      .execute();
  }
  const fresh = rows.filter((r) => !keep.has(r.id));
  if (fresh.length) await trx.insertInto(table as AddressTable).values(fresh as DB[AddressTable][]).execute();
}
