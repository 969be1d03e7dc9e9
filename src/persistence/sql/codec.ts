import type { BoolValue, Dialect, TimeValue } from './schema.js';

/**
 * Converts domain values to column values and back. PostgreSQL stores `timestamptz` and
 * `boolean`; SQLite stores ISO-8601 text (ms precision, UTC, `Z`) and `0`/`1`, because
 * better-sqlite3 binds neither `Date` nor `boolean`.
 */
export interface Codec {
  time(d: Date): TimeValue;
  timeOrNull(d: Date | null | undefined): TimeValue | null;
  bool(b: boolean): BoolValue;
}

const postgresCodec: Codec = {
  time: (d) => d,
  timeOrNull: (d) => d ?? null,
  bool: (b) => b,
};

const sqliteCodec: Codec = {
  time: (d) => d.toISOString(),
  timeOrNull: (d) => (d ? d.toISOString() : null),
  bool: (b) => (b ? 1 : 0),
};

export const codecFor = (dialect: Dialect): Codec => (dialect === 'postgres' ? postgresCodec : sqliteCodec);

/**
 * Reads a time from a column or from JSON built in SQL: a `Date` (PostgreSQL column), ISO
 * text (SQLite) or PostgreSQL's JSON rendering (`2024-01-02T03:04:05.678+00:00`).
 */
export function readTime(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'string' || typeof v === 'number') return new Date(v);
  throw new TypeError(`not a time value: ${String(v)}`);
}

export function readTimeOrNull(v: unknown): Date | null {
  return v === null || v === undefined ? null : readTime(v);
}

/** Reads a boolean from a column or JSON (`true`/`false` on PostgreSQL, `0`/`1` on SQLite). */
export const readBool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';

/** JSON columns come back as text on both dialects (see the PostgreSQL type parsers). */
export function readJson(v: unknown): unknown {
  if (typeof v === 'string') return JSON.parse(v);
  return v ?? null;
}
