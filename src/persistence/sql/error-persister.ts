import { jsonText } from './json-text.js';
import type { ErrorPersister, StoredSelfServiceError } from '../../selfservice/errorx/persister.js';
import { isUuid, newId } from '../../x/random.js';
import { readBool, readJson, readTime, readTimeOrNull } from './codec.js';
import type { SqlContext } from './context.js';
import { mapErrors } from './errors.js';

/** SQL storage of self-service errors shown by the error UI. */
export class SqlErrorPersister implements ErrorPersister {
  readonly #ctx: SqlContext;

  constructor(ctx: SqlContext) {
    this.#ctx = ctx;
  }

  async addError(csrfToken: string, error: Record<string, unknown>): Promise<string> {
    const { codec, nid, clock, kysely } = this.#ctx;
    const id = newId();
    const now = codec.time(clock.now());
    await mapErrors(() =>
      kysely
        .insertInto('selfservice_errors')
        .values({
          id,
          nid,
          errors: jsonText(error),
          csrf_token: csrfToken,
          was_seen: codec.bool(false),
          seen_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute(),
    );
    return id;
  }

  /** Marks the error seen (`updated_at` is left alone) and returns it as stored afterwards. */
  async readError(id: string): Promise<StoredSelfServiceError | null> {
    if (!isUuid(id)) return null;
    const { codec, nid, clock, kysely } = this.#ctx;
    const row = await mapErrors(() =>
      kysely
        .updateTable('selfservice_errors')
        .set({ was_seen: codec.bool(true), seen_at: codec.time(clock.now()) })
        .where('id', '=', id.toLowerCase())
        .where('nid', '=', nid)
        .returning(['id', 'errors', 'csrf_token', 'was_seen', 'seen_at', 'created_at', 'updated_at'])
        .executeTakeFirst(),
    );
    if (!row) return null;
    return {
      id: row.id,
      error: (readJson(row.errors) as Record<string, unknown> | null) ?? {},
      csrfToken: row.csrf_token,
      wasSeen: readBool(row.was_seen),
      seenAt: readTimeOrNull(row.seen_at),
      createdAt: readTime(row.created_at),
      updatedAt: readTime(row.updated_at),
    };
  }
}
