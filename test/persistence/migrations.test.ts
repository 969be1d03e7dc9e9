import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CREDENTIAL_TYPE_IDS } from '../../src/identity/identity.js';
import type { SqlDatabase } from '../../src/persistence/sql/connect.js';
import { forEachDialect, openTestDatabase } from '../helpers/databases.js';
import { makeIdentity } from './fixtures.js';

const TABLES = [
  'networks',
  'identities',
  'identity_credential_types',
  'identity_credentials',
  'identity_credential_identifiers',
  'identity_verifiable_addresses',
  'identity_recovery_addresses',
  'sessions',
  'selfservice_login_flows',
  'selfservice_registration_flows',
  'selfservice_settings_flows',
  'selfservice_recovery_flows',
  'selfservice_verification_flows',
  'identity_recovery_tokens',
  'identity_verification_tokens',
  'courier_messages',
  'selfservice_errors',
  'continuity_containers',
] as const;

async function tableNames(db: SqlDatabase): Promise<string[]> {
  const tables = await db.kysely.introspection.getTables();
  return tables.map((t) => t.name);
}

forEachDialect(
  'migrations',
  (getDb, ctx) => {
    it('case=fresh database reports every migration pending; init before migrate fails clearly', async () => {
      const db = getDb();
      const status = await db.migrationStatus();
      assert.ok(status.length >= 4);
      assert.ok(status.every((s) => !s.applied));
      assert.deepEqual(status.map((s) => s.name), status.map((s) => s.name).sort());
      assert.equal(await db.pendingMigrations(), status.length);
      await assert.rejects(db.init(), /is the database migrated\?/);
    });

    it('case=migrate applies all in order, then nothing is pending; a second run applies nothing', async () => {
      const db = getDb();
      const names = (await db.migrationStatus()).map((s) => s.name);
      // Another instance migrating at the same time must not apply anything twice. (Two
      // SQLite connections in ONE process cannot wait for each other: the busy handler blocks
      // the event loop, so there the peer runs afterwards.)
      const peer = await openTestDatabase(ctx.dsn(), { migrate: false });
      try {
        const [mine, theirs] =
          ctx.dialect === 'postgres'
            ? await Promise.all([db.migrate(), peer.migrate()])
            : [await db.migrate(), await peer.migrate()];
        assert.deepEqual([...mine, ...theirs].sort(), names);
        if (ctx.dialect === 'sqlite') assert.deepEqual(theirs, []);
      } finally {
        await peer.close();
      }
      assert.equal(await db.pendingMigrations(), 0);
      assert.ok((await db.migrationStatus()).every((s) => s.applied));
      assert.deepEqual(await db.migrate(), []);
      const tables = await tableNames(db);
      for (const t of TABLES) assert.ok(tables.includes(t), `table ${t} exists`);
    });

    it('case=credential types are seeded with their fixed ids', async () => {
      const db = getDb();
      const rows = await db.kysely.selectFrom('identity_credential_types').select(['id', 'name']).orderBy('name').execute();
      const expected = Object.entries(CREDENTIAL_TYPE_IDS)
        .map(([name, id]) => ({ id, name }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      assert.deepEqual(rows, expected);
    });

    it('case=init picks the oldest network, also for a second instance', async () => {
      const db = getDb();
      await db.init();
      const later = await openTestDatabase(ctx.dsn(), { migrate: false });
      try {
        await later.init();
        assert.equal(later.networkId, db.networkId);
        const rows = await db.kysely.selectFrom('networks').select('id').execute();
        assert.deepEqual(rows.map((r) => r.id), [db.networkId]);
      } finally {
        await later.close();
      }
      await db.identities.createIdentity(makeIdentity());
      assert.equal(await db.identities.countIdentities(), 1);
      await db.ping();
    });
  },
  { migrate: false },
);
