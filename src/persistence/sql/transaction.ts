import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB, Dialect } from './schema.js';

/**
 * Runs `fn` in a transaction. On SQLite the transaction starts with `BEGIN IMMEDIATE`: it
 * takes the write lock up front, so a read-then-write transaction waits for another process
 * (busy_timeout) instead of failing with SQLITE_BUSY when its snapshot went stale.
 */
export async function runInTransaction<T>(kysely: Kysely<DB>, dialect: Dialect, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (dialect === 'postgres') return kysely.transaction().execute(fn);
  return kysely.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (err) {
      // SQLite may already have rolled back (e.g. on SQLITE_FULL); that is fine.
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw err;
    }
    await sql`COMMIT`.execute(conn);
    return result;
  });
}
