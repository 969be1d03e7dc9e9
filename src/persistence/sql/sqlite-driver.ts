import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import type { DB } from './schema.js';

export interface SqliteHandle {
  kysely: Kysely<DB>;
  raw: BetterSqlite3.Database;
  /** A cached prepared statement for `sql` (shared with Kysely's own queries). */
  prepare(sql: string): BetterSqlite3.Statement;
}

const STATEMENT_CACHE_SIZE = 512;

/**
 * better-sqlite3 re-parses SQL on every `prepare`; Kysely prepares every query it runs.
 * Caching statements by text removes that cost from every repeated query.
 */
function cachingPreparer(db: BetterSqlite3.Database): (sql: string) => BetterSqlite3.Statement {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (stmt) return stmt;
    stmt = db.prepare(sql);
    if (cache.size >= STATEMENT_CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(sql, stmt);
    return stmt;
  };
}

export interface SqliteOpenOptions {
  memory: boolean;
  path?: string;
  mustExist?: boolean;
  readonly?: boolean;
}

/**
 * Opens a better-sqlite3 database. Foreign keys are always enabled (cascades depend on them),
 * whatever `_fk` says; files use WAL and wait on locks instead of failing at once.
 */
export function openSqlite(opts: SqliteOpenOptions): SqliteHandle {
  const raw = opts.memory
    ? new BetterSqlite3(':memory:')
    : new BetterSqlite3(opts.path as string, { fileMustExist: !!opts.mustExist, readonly: !!opts.readonly });
  raw.pragma('foreign_keys = ON');
  if (!opts.memory) {
    raw.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = NORMAL');
    }
  }
  const prepare = cachingPreparer(raw);
  const database: SqliteDatabase = {
    close: () => raw.close(),
    prepare: (sql) => prepare(sql) as unknown as SqliteStatement,
  };
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  return { kysely, raw, prepare };
}
