import { CompiledQuery, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Clock } from '../../x/time.js';
import type { Codec } from './codec.js';
import { mapDbError } from './errors.js';
import { INVALIDATE_CHANNEL } from './events.js';
import type { InvalidationBus, InvalidationEvent } from './events.js';
import type { DB, Dialect } from './schema.js';
import type { SqliteHandle } from './sqlite-driver.js';
import { runInTransaction } from './transaction.js';

export type NativeHandle = { dialect: 'sqlite'; sqlite: SqliteHandle } | { dialect: 'postgres'; pool: pg.Pool };

/** A read statement for one dialect, written with `?` placeholders. */
export interface ReadStatement {
  /** Name of the server-side prepared statement on PostgreSQL. */
  readonly name: string;
  /** The SQL, with `$n` placeholders on PostgreSQL. */
  readonly text: string;
}

/** Numbers `?` placeholders as `$1, $2, …` (statements must not contain literal `?`). */
export function toPgPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export function readStatement(dialect: Dialect, name: string, text: string): ReadStatement {
  return { name: `gh_${name}`, text: dialect === 'postgres' ? toPgPlaceholders(text) : text };
}

/** Everything a persister needs: the query builder, the dialect codec, the network and events. */
export class SqlContext {
  #nid: string | null = null;

  constructor(
    readonly dialect: Dialect,
    readonly kysely: Kysely<DB>,
    readonly codec: Codec,
    readonly bus: InvalidationBus,
    readonly clock: Clock,
    readonly native: NativeHandle,
  ) {}

  /** The network every query is scoped to; set by `SqlDatabase.init()`. */
  get nid(): string {
    if (this.#nid === null) throw new Error('database not initialised: call init() after migrating');
    return this.#nid;
  }

  set nid(value: string) {
    this.#nid = value;
  }

  /**
   * Runs a read statement. SQLite: the cached prepared statement runs synchronously unless a
   * transaction is open on the (single) connection, in which case it queues behind it so that
   * readers never see half of a write. PostgreSQL: a named (server-prepared) statement.
   */
  async read<R>(stmt: ReadStatement, params: readonly unknown[]): Promise<R[]> {
    try {
      const n = this.native;
      if (n.dialect === 'postgres') {
        const res = await n.pool.query({ name: stmt.name, text: stmt.text, values: params as unknown[] });
        return res.rows as R[];
      }
      if (!n.sqlite.raw.inTransaction) return n.sqlite.prepare(stmt.text).all(...params) as R[];
      const res = await this.kysely.executeQuery<R>(CompiledQuery.raw(stmt.text, [...params]));
      return res.rows as R[];
    } catch (err) {
      throw mapDbError(err);
    }
  }

  /**
   * Runs `fn` in a transaction. Events pushed to `events` are sent with NOTIFY inside the
   * transaction on PostgreSQL (delivered to other processes on commit) and emitted in-process
   * after the commit. Driver errors are mapped (unique violation → 409).
   */
  async transaction<T>(fn: (trx: Kysely<DB>, events: InvalidationEvent[]) => Promise<T>): Promise<T> {
    const events: InvalidationEvent[] = [];
    let result: T;
    try {
      result = await runInTransaction(this.kysely, this.dialect, async (trx) => {
        const out = await fn(trx, events);
        if (this.dialect === 'postgres') {
          for (const payload of this.bus.encode(events)) {
            await sql`SELECT pg_notify(${INVALIDATE_CHANNEL}, ${payload})`.execute(trx);
          }
        }
        return out;
      });
    } catch (err) {
      throw mapDbError(err);
    }
    this.bus.emit(events);
    return result;
  }
}
