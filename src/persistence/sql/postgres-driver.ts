import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.js';
import type { PoolSettings } from './dsn.js';

export interface Logger {
  warn(msg: string): void;
}

export interface PostgresHandle {
  kysely: Kysely<DB>;
  pool: pg.Pool;
  /** Connection settings for dedicated clients (the LISTEN connection). */
  clientConfig: pg.ClientConfig;
}

const OID = { int8: 20, json: 114, jsonb: 3802, timestamp: 1114 } as const;

/**
 * JSON comes back as text (decoded where needed, keeping one code path with SQLite), int8
 * (`count(*)`) as a number, and `timestamp without time zone` is read as UTC.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    switch (oid) {
      case OID.json:
      case OID.jsonb:
        return (v: string) => v;
      case OID.int8:
        return (v: string) => Number(v);
      case OID.timestamp: {
        const tz = pg.types.getTypeParser(1184, 'text') as (v: string) => unknown;
        return (v: string) => tz(`${v}+00`);
      }
      default:
        return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
    }
  },
} as unknown as pg.CustomTypesConfig;

/** Errors that retrying cannot fix: bad credentials, unknown database, no permission. */
const FATAL_CODES = new Set(['28P01', '28000', '3D000', '42501']);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function describeTarget(connectionString: string): string {
  try {
    const u = new URL(connectionString);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/**
 * Creates the pool and waits until the server answers, retrying with exponential back-off
 * (100 ms doubling up to 5 s) for at most `connectTimeoutMs`.
 */
export async function openPostgres(
  connectionString: string,
  pool: PoolSettings,
  opts: { logger?: Logger; connectTimeoutMs: number },
): Promise<PostgresHandle> {
  const clientConfig: pg.ClientConfig = {
    connectionString,
    types: typeParsers,
    options: '-c TimeZone=UTC',
    application_name: 'gatehouse',
  };
  const p = new pg.Pool({
    ...clientConfig,
    max: pool.maxConns,
    ...(pool.maxConnIdleTimeMs !== null ? { idleTimeoutMillis: pool.maxConnIdleTimeMs } : {}),
    ...(pool.maxConnLifetimeMs !== null ? { maxLifetimeSeconds: Math.max(1, Math.ceil(pool.maxConnLifetimeMs / 1000)) } : {}),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  p.on('error', (err) => opts.logger?.warn(`PostgreSQL pool client error: ${err.message}`));

  const target = describeTarget(connectionString);
  const deadline = Date.now() + opts.connectTimeoutMs;
  let delay = 100;
  for (;;) {
    try {
      await p.query('SELECT 1');
      break;
    } catch (err) {
      const code = (err as { code?: string }).code;
      const message = err instanceof Error ? err.message : String(err);
      if ((code && FATAL_CODES.has(code)) || Date.now() + delay > deadline) {
        await p.end().catch(() => undefined);
        throw new Error(`unable to connect to PostgreSQL at ${target}: ${message}`);
      }
      opts.logger?.warn(`PostgreSQL at ${target} not reachable (${message}); retrying in ${delay} ms`);
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool: p }) });
  return { kysely, pool: p, clientConfig };
}
