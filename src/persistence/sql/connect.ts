import { systemClock } from '../../x/time.js';
import type { Clock } from '../../x/time.js';
import { codecFor } from './codec.js';
import { SqlContext } from './context.js';
import { SqlDatabaseImpl } from './database.js';
import type { SqlDatabase } from './database.js';
import { parseDsn } from './dsn.js';
import { InvalidationBus } from './events.js';
import { openPostgres } from './postgres-driver.js';
import type { Logger } from './postgres-driver.js';
import { openSqlite } from './sqlite-driver.js';

export type { SqlDatabase } from './database.js';
export type { InvalidationEvent, InvalidationListener } from './events.js';
export type { MigrationState } from './migrator.js';
export type { Logger } from './postgres-driver.js';

export interface OpenDatabaseOptions {
  logger?: Logger;
  /** Clock for timestamps the persisters set themselves (revocation, error reads). */
  clock?: Clock;
  /** How long to retry reaching PostgreSQL at start-up (default 5 minutes). */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5 * 60_000;

/**
 * Opens the database named by a Kratos-style DSN (config.md §3):
 * - `memory`, or any SQLite DSN with `:memory:` / `mode=memory`: in-memory SQLite, migrated and
 *   initialised here;
 * - `sqlite:///abs/path?…` / `sqlite://relative/path`: SQLite file (foreign keys always on, WAL);
 * - `postgres://` / `postgresql://`: a pg pool, reached with exponential back-off.
 * Non-memory databases must be migrated (`migrate()`) and initialised (`init()`) by the caller.
 */
export async function openDatabase(dsn: string, opts: OpenDatabaseOptions = {}): Promise<SqlDatabase> {
  const parsed = parseDsn(dsn);
  const clock = opts.clock ?? systemClock;
  const bus = new InvalidationBus();
  if (parsed.dialect === 'sqlite') {
    if (/[?&]max_(conns|idle_conns|conn_lifetime|conn_idle_time)=/.test(dsn)) {
      opts.logger?.warn('DSN pool parameters have no effect on SQLite');
    }
    const handle = parsed.memory
      ? openSqlite({ memory: true })
      : openSqlite({ memory: false, path: parsed.path, mustExist: parsed.mustExist, readonly: parsed.readonly });
    const ctx = new SqlContext('sqlite', handle.kysely, codecFor('sqlite'), bus, clock, { dialect: 'sqlite', sqlite: handle });
    const db = new SqlDatabaseImpl(ctx, parsed.memory, { listenConfig: null, logger: opts.logger });
    if (parsed.memory) {
      try {
        await db.migrate();
        await db.init();
      } catch (err) {
        await db.close();
        throw err;
      }
    }
    return db;
  }
  const handle = await openPostgres(parsed.connectionString, parsed.pool, {
    logger: opts.logger,
    connectTimeoutMs: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  const ctx = new SqlContext('postgres', handle.kysely, codecFor('postgres'), bus, clock, {
    dialect: 'postgres',
    pool: handle.pool,
  });
  return new SqlDatabaseImpl(ctx, false, { listenConfig: handle.clientConfig, logger: opts.logger });
}
