import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Clock } from '../../x/time.js';
import type { Codec } from './codec.js';
import type { Migration } from './migrations/migration.js';
import { postgresMigrations } from './migrations/postgres/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';
import type { DB, Dialect } from './schema.js';
import { runInTransaction } from './transaction.js';

export interface MigrationState {
  name: string;
  applied: boolean;
}

/** Serialises concurrent `migrate` runs of several processes on one PostgreSQL database. */
const PG_MIGRATION_LOCK = 7_252_091_001;

/**
 * Applies the dialect's migrations, each in its own transaction, recording applied names in
 * `schema_migrations`. Both dialects support transactional DDL, so a failing migration
 * leaves nothing behind.
 */
export class Migrator {
  readonly #migrations: readonly Migration[];

  constructor(
    private readonly dialect: Dialect,
    private readonly kysely: Kysely<DB>,
    private readonly codec: Codec,
    private readonly clock: Clock,
  ) {
    this.#migrations = [...(dialect === 'postgres' ? postgresMigrations : sqliteMigrations)].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  async #tableExists(db: Kysely<DB>): Promise<boolean> {
    if (this.dialect === 'postgres') {
      const r = await sql<{ t: string | null }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(db);
      return !!r.rows[0]?.t;
    }
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master
      WHERE type = 'table' AND name = 'schema_migrations'`.execute(db);
    return Number(r.rows[0]?.n ?? 0) > 0;
  }

  async #applied(db: Kysely<DB>): Promise<Set<string>> {
    if (!(await this.#tableExists(db))) return new Set();
    const rows = await db.selectFrom('schema_migrations').select('name').execute();
    return new Set(rows.map((r) => r.name));
  }

  async status(): Promise<MigrationState[]> {
    const applied = await this.#applied(this.kysely);
    return this.#migrations.map((m) => ({ name: m.name, applied: applied.has(m.name) }));
  }

  async pending(): Promise<number> {
    return (await this.status()).filter((s) => !s.applied).length;
  }

  /** Applies every pending migration; returns the names applied by this call. */
  async migrate(): Promise<string[]> {
    const done: string[] = [];
    const timeType = this.dialect === 'postgres' ? 'timestamptz' : 'TEXT';
    for (const m of this.#migrations) {
      const applied = await runInTransaction(this.kysely, this.dialect, async (trx) => {
        if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`.execute(trx);
        await sql
          .raw(
            `CREATE TABLE IF NOT EXISTS schema_migrations (name varchar(255) PRIMARY KEY, applied_at ${timeType} NOT NULL)`,
          )
          .execute(trx);
        const already = await trx.selectFrom('schema_migrations').select('name').where('name', '=', m.name).executeTakeFirst();
        if (already) return false;
        for (const statement of m.statements) await sql.raw(statement).execute(trx);
        await trx
          .insertInto('schema_migrations')
          .values({ name: m.name, applied_at: this.codec.time(this.clock.now()) })
          .execute();
        return true;
      });
      if (applied) done.push(m.name);
    }
    return done;
  }
}
