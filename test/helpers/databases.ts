/**
 * Databases for tests: every persistence suite runs once per dialect against a real database
 * (a temp SQLite file, or a fresh database on the run's shared PostgreSQL server).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/persistence/sql/connect.js';
import type { SqlDatabase } from '../../src/persistence/sql/connect.js';
import { startEmbeddedPostgres } from './pg-server.mjs';
import type { EmbeddedPostgresServer } from './pg-server.mjs';

export type TestDialect = 'sqlite' | 'postgres';

/** Dialects to test; `GATEHOUSE_TEST_DIALECTS=sqlite` narrows a local run. */
export const dialects: readonly TestDialect[] = (process.env.GATEHOUSE_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is TestDialect => d === 'sqlite' || d === 'postgres');

export interface FreshDatabase {
  dsn: string;
  db: SqlDatabase;
  cleanup(): Promise<void>;
}

let lazyServer: Promise<EmbeddedPostgresServer> | null = null;

/**
 * URL of the PostgreSQL server for this process: the run's shared server
 * (GATEHOUSE_TEST_PG_URL, set by test/run.mjs), or one started here when a file runs alone
 * (it does not keep the process alive and is shut down and removed when the process exits).
 */
export async function postgresServerUrl(): Promise<string> {
  const shared = process.env.GATEHOUSE_TEST_PG_URL;
  if (shared) return shared;
  lazyServer ??= startEmbeddedPostgres();
  return (await lazyServer).url;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: await postgresServerUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const suffix = () => randomBytes(6).toString('hex');

/** A database of `dsn` opened for tests: short connect timeout, migrated and initialised. */
export async function openTestDatabase(dsn: string, opts: { migrate?: boolean } = {}): Promise<SqlDatabase> {
  const db = await openDatabase(dsn, { connectTimeoutMs: 5000 });
  if (opts.migrate !== false) {
    await db.migrate();
    await db.init();
  }
  return db;
}

/**
 * A new, empty database: SQLite in a temp file, or `CREATE DATABASE gh_<random>` on the
 * PostgreSQL server. Migrated and initialised unless `migrate: false`.
 */
export async function freshDatabase(dialect: TestDialect, opts: { migrate?: boolean } = {}): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    const file = join(tmpdir(), `gatehouse-test-${process.pid}-${suffix()}.sqlite`);
    const dsn = `sqlite://${file}?_fk=true&mode=rwc`;
    const db = await openTestDatabase(dsn, opts);
    return {
      dsn,
      db,
      async cleanup() {
        await db.close();
        await Promise.all(['', '-wal', '-shm'].map((s) => rm(file + s, { force: true })));
      },
    };
  }
  const name = `gh_${suffix()}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(await postgresServerUrl());
  url.pathname = `/${name}`;
  const dsn = url.toString();
  let db: SqlDatabase;
  try {
    db = await openTestDatabase(dsn, opts);
  } catch (err) {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw err;
  }
  return {
    dsn,
    db,
    async cleanup() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export interface DialectContext {
  dialect: TestDialect;
  /** DSN of the suite's database (to open a second instance on it). */
  dsn(): string;
}

/**
 * Registers `describe("<name> dialect=<d>")` per dialect, with a fresh migrated database made
 * before the suite and removed after it.
 */
export function forEachDialect(
  name: string,
  fn: (getDb: () => SqlDatabase, ctx: DialectContext) => void,
  opts: { migrate?: boolean } = {},
): void {
  for (const dialect of dialects) {
    describe(`${name} dialect=${dialect}`, () => {
      let fresh: FreshDatabase | undefined;
      before(async () => {
        fresh = await freshDatabase(dialect, opts);
      });
      after(async () => {
        await fresh?.cleanup();
      });
      const current = () => {
        if (!fresh) throw new Error('database not ready (before hook failed?)');
        return fresh;
      };
      fn(() => current().db, { dialect, dsn: () => current().dsn });
    });
  }
}
