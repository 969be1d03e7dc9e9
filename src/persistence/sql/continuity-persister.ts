import { conflict } from '../../http/errors.js';
import type { ContinuityContainer, ContinuityPersister } from '../../selfservice/flow/continuity-persister.js';
import { isUuid } from '../../x/random.js';
import { readJson, readTime } from './codec.js';
import type { ReadStatement, SqlContext } from './context.js';
import { readStatement } from './context.js';
import { mapErrors } from './errors.js';
import { uuidColumn } from './ids.js';
import { jsonText } from './json-text.js';
import type { Dialect } from './schema.js';

interface ContainerRow {
  id: string;
  name: string;
  identity_id: string | null;
  payload: unknown;
  expires_at: unknown;
  created_at: unknown;
  updated_at: unknown;
}

const statements = (d: Dialect): { get: ReadStatement } => ({
  get: readStatement(
    d,
    'continuity_get',
    'SELECT id, name, identity_id, payload, expires_at, created_at, updated_at ' +
      'FROM continuity_containers WHERE id = ? AND nid = ?',
  ),
});

/** SQL storage of continuity containers (datamodel.md §7), scoped to the network. */
export class SqlContinuityPersister implements ContinuityPersister {
  readonly #ctx: SqlContext;
  readonly #q: ReturnType<typeof statements>;

  constructor(ctx: SqlContext) {
    this.#ctx = ctx;
    this.#q = statements(ctx.dialect);
  }

  async saveContainer(c: ContinuityContainer): Promise<void> {
    const { codec, nid, kysely } = this.#ctx;
    const values = {
      name: c.name,
      identity_id: c.identityId === null ? null : uuidColumn(c.identityId, 'identity id of the continuity container'),
      // JSON.stringify(undefined) is undefined: a missing payload is stored as NULL.
      payload: c.payload === undefined || c.payload === null ? null : jsonText(c.payload),
      expires_at: codec.time(c.expiresAt),
      updated_at: codec.time(c.updatedAt),
    };
    const id = uuidColumn(c.id, 'continuity container id');
    const res = await mapErrors(() =>
      kysely
        .insertInto('continuity_containers')
        .values({ id, nid, created_at: codec.time(c.createdAt), ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values).where('continuity_containers.nid', '=', nid))
        .executeTakeFirst(),
    );
    // The id is taken in another network: nothing was written.
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) throw conflict();
  }

  async getContainer(id: string): Promise<ContinuityContainer | null> {
    if (!isUuid(id)) return null;
    const rows = await this.#ctx.read<ContainerRow>(this.#q.get, [id.toLowerCase(), this.#ctx.nid]);
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      identityId: row.identity_id,
      payload: readJson(row.payload),
      expiresAt: readTime(row.expires_at),
      createdAt: readTime(row.created_at),
      updatedAt: readTime(row.updated_at),
    };
  }

  async deleteContainer(id: string): Promise<void> {
    if (!isUuid(id)) return;
    const { nid, kysely } = this.#ctx;
    await mapErrors(() =>
      kysely.deleteFrom('continuity_containers').where('id', '=', id.toLowerCase()).where('nid', '=', nid).execute(),
    );
  }
}
