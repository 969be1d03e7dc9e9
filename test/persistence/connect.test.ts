import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/persistence/sql/connect.js';
import { parseDsn } from '../../src/persistence/sql/dsn.js';
import { newId } from '../../src/x/random.js';
import { postgresServerUrl } from '../helpers/databases.js';
import { freePort } from '../helpers/pg-server.mjs';
import { makeIdentity, makeSession } from './fixtures.js';

describe('dsn parsing', () => {
  it('case=memory forms', () => {
    for (const dsn of ['memory', 'sqlite://file::memory:?_fk=true', 'sqlite://file:test?mode=memory&cache=shared', 'sqlite://:memory:']) {
      const p = parseDsn(dsn);
      assert.equal(p.dialect, 'sqlite', dsn);
      assert.equal(p.dialect === 'sqlite' && p.memory, true, dsn);
    }
  });

  it('case=sqlite files, absolute and relative', () => {
    const abs = parseDsn('sqlite:///var/lib/kratos/db.sqlite?_fk=true&mode=rwc');
    assert.ok(abs.dialect === 'sqlite' && !abs.memory);
    assert.equal(abs.path, '/var/lib/kratos/db.sqlite');
    assert.equal(abs.mustExist, false);
    const rel = parseDsn('sqlite://data/db.sqlite');
    assert.ok(rel.dialect === 'sqlite' && !rel.memory);
    assert.equal(rel.path, 'data/db.sqlite');
    const ro = parseDsn('sqlite:///x.db?mode=ro');
    assert.ok(ro.dialect === 'sqlite' && !ro.memory && ro.readonly && ro.mustExist);
  });

  it('case=postgres pool parameters are removed and applied', () => {
    const p = parseDsn('postgres://u:p%40ss@db.example:6543/kratos?sslmode=disable&max_conns=7&max_idle_conns=3&max_conn_lifetime=1h&max_conn_idle_time=30s');
    assert.ok(p.dialect === 'postgres');
    assert.equal(p.connectionString, 'postgres://u:p%40ss@db.example:6543/kratos?sslmode=disable');
    assert.deepEqual(p.pool, { maxConns: 7, maxIdleConns: 3, maxConnLifetimeMs: 3_600_000, maxConnIdleTimeMs: 30_000 });
    const d = parseDsn('postgresql://localhost/kratos');
    assert.ok(d.dialect === 'postgres' && d.pool.maxConns >= 2 && d.pool.maxConnLifetimeMs === null);
    assert.throws(() => parseDsn('postgres://h/db?max_conn_lifetime=soon'), /max_conn_lifetime/);
    assert.throws(() => parseDsn('postgres://h/db?max_conns=0'), /max_conns/);
  });

  it('case=unsupported schemes are named in the error', () => {
    assert.throws(() => parseDsn('mysql://u:p@tcp(h:3306)/db?parseTime=true'), /"mysql"/);
    assert.throws(() => parseDsn('cockroach://u@h:26257/db'), /"cockroach"/);
    assert.throws(() => parseDsn('nonsense'), /invalid DSN/);
  });
});

describe('openDatabase', () => {
  it('case=in-memory SQLite is migrated and initialised on open', async () => {
    for (const dsn of ['memory', 'sqlite://file::memory:?_fk=true']) {
      const db = await openDatabase(dsn);
      try {
        assert.equal(db.isMemory, true);
        assert.equal(db.dialect, 'sqlite');
        assert.equal(await db.pendingMigrations(), 0);
        const identity = makeIdentity();
        await db.identities.createIdentity(identity);
        assert.equal((await db.identities.getIdentity(identity.id)).id, identity.id);
      } finally {
        await db.close();
      }
    }
  });

  it('case=SQLite files enforce foreign keys even without _fk=true', async () => {
    const file = join(tmpdir(), `gatehouse-fk-${newId()}.sqlite`);
    const db = await openDatabase(`sqlite://${file}`);
    try {
      assert.equal(db.isMemory, false);
      assert.ok((await db.pendingMigrations()) > 0, 'file databases are not migrated on open');
      await db.migrate();
      await db.init();
      const identity = makeIdentity();
      await db.identities.createIdentity(identity);
      const s = makeSession(identity.id);
      await db.sessions.upsertSession(s.session, s.hashes);
      await db.identities.deleteIdentity(identity.id);
      assert.equal(await db.sessions.getSession(s.session.id), null, 'cascade removed the session');
      const orphan = makeSession(newId());
      await assert.rejects(db.sessions.upsertSession(orphan.session, orphan.hashes), (err: { status?: number }) => err.status === 500);
    } finally {
      await db.close();
      await Promise.all(['', '-wal', '-shm'].map((s) => rm(file + s, { force: true })));
    }
  });

  it('case=unsupported scheme rejects naming it', async () => {
    await assert.rejects(openDatabase('mysql://root@tcp(localhost:3306)/x'), /"mysql"/);
  });

  it('case=unreachable PostgreSQL is retried with back-off, then fails', async () => {
    const port = await freePort();
    const warnings: string[] = [];
    await assert.rejects(
      openDatabase(`postgres://postgres:x@127.0.0.1:${port}/postgres`, { connectTimeoutMs: 700, logger: { warn: (m) => warnings.push(m) } }),
      /unable to connect to PostgreSQL at 127\.0\.0\.1:\d+\/postgres/,
    );
    assert.ok(warnings.length >= 2, `retried (${warnings.length} warnings)`);
  });

  it('case=wrong PostgreSQL password fails without retrying', async () => {
    const url = new URL(await postgresServerUrl());
    url.password = 'definitely-wrong';
    const warnings: string[] = [];
    await assert.rejects(
      openDatabase(url.toString(), { connectTimeoutMs: 10_000, logger: { warn: (m) => warnings.push(m) } }),
      /unable to connect to PostgreSQL/,
    );
    assert.equal(warnings.length, 0);
  });

  it('case=PostgreSQL DSN with pool parameters connects', async () => {
    const url = new URL(await postgresServerUrl());
    for (const [k, v] of Object.entries({ sslmode: 'disable', max_conns: '3', max_idle_conns: '1', max_conn_lifetime: '1h', max_conn_idle_time: '30s' })) {
      url.searchParams.set(k, v);
    }
    const db = await openDatabase(url.toString(), { connectTimeoutMs: 5000 });
    try {
      assert.equal(db.dialect, 'postgres');
      assert.equal(db.isMemory, false);
      await db.ping();
    } finally {
      await db.close();
    }
  });
});
