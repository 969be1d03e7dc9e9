import { availableParallelism } from 'node:os';
import { parseDuration } from '../../x/duration.js';

/** Pool parameters accepted in the query string of any DSN (config.md §3). */
export interface PoolSettings {
  /** `max_conns`, default 2 × CPUs. */
  maxConns: number;
  /** `max_idle_conns`, default CPUs (node-postgres has no idle floor; informational). */
  maxIdleConns: number;
  /** `max_conn_lifetime` in ms; null = unlimited. */
  maxConnLifetimeMs: number | null;
  /** `max_conn_idle_time` in ms; null = driver default. */
  maxConnIdleTimeMs: number | null;
}

export type ParsedDsn =
  | { dialect: 'sqlite'; memory: true; pool: PoolSettings }
  | { dialect: 'sqlite'; memory: false; path: string; mustExist: boolean; readonly: boolean; pool: PoolSettings }
  | { dialect: 'postgres'; connectionString: string; pool: PoolSettings };

const POOL_PARAMS = ['max_conns', 'max_idle_conns', 'max_conn_lifetime', 'max_conn_idle_time'] as const;

function splitQuery(rest: string): [string, URLSearchParams] {
  const q = rest.indexOf('?');
  return q < 0 ? [rest, new URLSearchParams()] : [rest.slice(0, q), new URLSearchParams(rest.slice(q + 1))];
}

function positiveInt(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid DSN parameter ${name}=${raw}: expected a positive integer`);
  return n;
}

function duration(name: string, raw: string): number {
  const ms = parseDuration(raw);
  if (ms === null || ms < 0) throw new Error(`invalid DSN parameter ${name}=${raw}: expected a duration such as 30s or 5m`);
  return ms;
}

/** Reads and removes the pool parameters from `params`. */
function takePoolSettings(params: URLSearchParams): PoolSettings {
  const cpus = availableParallelism();
  const get = (k: (typeof POOL_PARAMS)[number]) => {
    const v = params.get(k);
    params.delete(k);
    return v;
  };
  const maxConns = get('max_conns');
  const maxIdle = get('max_idle_conns');
  const lifetime = get('max_conn_lifetime');
  const idleTime = get('max_conn_idle_time');
  return {
    maxConns: maxConns === null ? 2 * cpus : positiveInt('max_conns', maxConns),
    maxIdleConns: maxIdle === null ? cpus : positiveInt('max_idle_conns', maxIdle),
    maxConnLifetimeMs: lifetime === null || lifetime === '0' ? null : duration('max_conn_lifetime', lifetime),
    maxConnIdleTimeMs: idleTime === null || idleTime === '0' ? null : duration('max_conn_idle_time', idleTime),
  };
}

function isMemoryDsn(dsn: string, params: URLSearchParams): boolean {
  return dsn.includes(':memory:') || params.get('mode') === 'memory' || dsn.includes('mode=memory');
}

function parseSqlite(dsn: string, rest: string): ParsedDsn {
  const [rawPath, params] = splitQuery(rest);
  const pool = takePoolSettings(params);
  if (isMemoryDsn(dsn, params)) return { dialect: 'sqlite', memory: true, pool };
  let path = rawPath.startsWith('file:') ? rawPath.slice('file:'.length) : rawPath;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path: it was not percent-encoded
  }
  if (!path) throw new Error(`invalid SQLite DSN "${dsn}": no database file path`);
  const mode = params.get('mode');
  return { dialect: 'sqlite', memory: false, path, mustExist: mode === 'rw' || mode === 'ro', readonly: mode === 'ro', pool };
}

function parsePostgres(dsn: string): ParsedDsn {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new Error('invalid PostgreSQL DSN: not a URL');
  }
  const pool = takePoolSettings(url.searchParams);
  return { dialect: 'postgres', connectionString: url.toString(), pool };
}

/**
 * Parses a Kratos-style DSN (config.md §3). Throws an Error naming the scheme for databases
 * Gatehouse does not support (MySQL, CockroachDB).
 */
export function parseDsn(dsn: string): ParsedDsn {
  const trimmed = dsn.trim();
  if (trimmed === 'memory') return { dialect: 'sqlite', memory: true, pool: takePoolSettings(new URLSearchParams()) };
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(trimmed);
  if (!m) {
    if (trimmed.includes(':memory:') || trimmed.includes('mode=memory')) return parseSqlite(trimmed, trimmed);
    throw new Error('invalid DSN: expected "memory", sqlite://…, or postgres://…');
  }
  const scheme = (m[1] as string).toLowerCase();
  const rest = m[2] as string;
  switch (scheme) {
    case 'sqlite':
    case 'sqlite3':
      return parseSqlite(trimmed, rest);
    case 'postgres':
    case 'postgresql':
      return parsePostgres(trimmed);
    default:
      throw new Error(
        `unsupported database DSN scheme "${scheme}": Gatehouse supports "memory", "sqlite://" and "postgres://" only`,
      );
  }
}
