import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SqlDatabase } from '../../src/persistence/sql/connect.js';
import type { ContinuityContainer } from '../../src/selfservice/flow/continuity-persister.js';
import { newId } from '../../src/x/random.js';
import { forEachDialect, openTestDatabase } from '../helpers/databases.js';
import { T0, later, makeIdentity, rejectsWithStatus } from './fixtures.js';

function makeContainer(over: Partial<ContinuityContainer> = {}): ContinuityContainer {
  const flowId = newId();
  return {
    id: newId(),
    name: 'ory_kratos_settings_password',
    identityId: null,
    payload: { flow: flowId, method: 'password', password: 'pässwörd 🔐', traits: { name: { first: 'Zoë' } }, list: [1, null, true] },
    expiresAt: later(15 * 60_000),
    createdAt: T0,
    updatedAt: later(1),
    ...over,
  };
}

async function newIdentity(db: SqlDatabase): Promise<string> {
  const identity = makeIdentity();
  await db.identities.createIdentity(identity);
  return identity.id;
}

forEachDialect('continuity persister', (getDb, ctx) => {
  it('case=save then get returns every field', async () => {
    const db = getDb();
    const c = makeContainer({ identityId: await newIdentity(db) });
    await db.continuity.saveContainer(c);
    const got = await db.continuity.getContainer(c.id);
    assert.deepEqual(got, c);
    assert.equal(got?.expiresAt.getUTCMilliseconds(), 123, 'ms precision');
    assert.deepEqual(await db.continuity.getContainer(c.id.toUpperCase()), c, 'ids are case-insensitive');
  });

  it('case=unbound container and payloads of every JSON kind round-trip', async () => {
    const db = getDb();
    for (const payload of [null, false, 0, '', 'text ✓', [], [{ a: 1 }], { flow_id: newId(), state: 's', traits: {} }]) {
      const c = makeContainer({ name: 'ory_kratos_oidc_auth_code_session', payload });
      await db.continuity.saveContainer(c);
      assert.deepEqual(await db.continuity.getContainer(c.id), c, `payload ${JSON.stringify(payload)}`);
    }
  });

  // Regression: lone surrogates made PostgreSQL's jsonb reject the payload (22P02 → 404).
  it('case=lone surrogates in the payload are stored as U+FFFD on every dialect', async () => {
    const db = getDb();
    const c = makeContainer({ payload: { traits: { name: 'x\ud800' } } });
    await db.continuity.saveContainer(c);
    assert.deepEqual((await db.continuity.getContainer(c.id))?.payload, { traits: { name: 'x\ufffd' } });
  });

  it('case=saving an existing id replaces the container and keeps created_at', async () => {
    const db = getDb();
    const c = makeContainer();
    await db.continuity.saveContainer(c);
    const replaced = makeContainer({
      id: c.id,
      name: 'ory_kratos_settings_profile',
      identityId: await newIdentity(db),
      payload: { flow: newId() },
      expiresAt: later(30 * 60_000),
      createdAt: later(5),
      updatedAt: later(10),
    });
    await db.continuity.saveContainer(replaced);
    assert.deepEqual(await db.continuity.getContainer(c.id), { ...replaced, createdAt: c.createdAt });
  });

  it('case=expired containers are still returned (the caller decides)', async () => {
    const db = getDb();
    const c = makeContainer({ expiresAt: new Date('2000-01-01T00:00:00.001Z') });
    await db.continuity.saveContainer(c);
    assert.deepEqual(await db.continuity.getContainer(c.id), c);
  });

  it('case=unknown and malformed ids are not found; deleting them is a no-op', async () => {
    const db = getDb();
    const c = makeContainer();
    await db.continuity.saveContainer(c);
    assert.equal(await db.continuity.getContainer(newId()), null);
    for (const bad of ['', 'not-a-uuid', `${c.id}x`, c.id.slice(1), `' OR 1=1 --`]) {
      assert.equal(await db.continuity.getContainer(bad), null, `malformed id ${JSON.stringify(bad)}`);
      await db.continuity.deleteContainer(bad);
    }
    await db.continuity.deleteContainer(newId());
    assert.deepEqual(await db.continuity.getContainer(c.id), c, 'other deletes left it alone');
  });

  it('case=delete removes the container', async () => {
    const db = getDb();
    const c = makeContainer();
    const kept = makeContainer();
    await db.continuity.saveContainer(c);
    await db.continuity.saveContainer(kept);
    await db.continuity.deleteContainer(c.id.toUpperCase());
    assert.equal(await db.continuity.getContainer(c.id), null);
    assert.deepEqual(await db.continuity.getContainer(kept.id), kept);
    await db.continuity.deleteContainer(c.id);
  });

  it('case=ids that are not UUIDs are rejected alike on every dialect', async () => {
    const db = getDb();
    await rejectsWithStatus(db.continuity.saveContainer(makeContainer({ id: 'nope' })), 500);
    await rejectsWithStatus(db.continuity.saveContainer(makeContainer({ identityId: 'nope' })), 500);
    const unknownIdentity = makeContainer({ identityId: newId() });
    await rejectsWithStatus(db.continuity.saveContainer(unknownIdentity), 500);
    assert.equal(await db.continuity.getContainer(unknownIdentity.id), null);
  });

  it('case=containers are scoped to the network', async () => {
    const db = getDb();
    const c = makeContainer({ identityId: await newIdentity(db) });
    await db.continuity.saveContainer(c);
    const other = await openTestDatabase(ctx.dsn(), { migrate: false });
    try {
      await other.init({ networkId: newId() });
      assert.notEqual(other.networkId, db.networkId);
      assert.equal(await other.continuity.getContainer(c.id), null);
      await other.continuity.deleteContainer(c.id);
      await rejectsWithStatus(other.continuity.saveContainer({ ...c, name: 'hijack', identityId: null }), 409);
      assert.deepEqual(await db.continuity.getContainer(c.id), c, 'untouched by another network');
      const theirs = makeContainer();
      await other.continuity.saveContainer(theirs);
      assert.deepEqual(await other.continuity.getContainer(theirs.id), theirs);
      assert.equal(await db.continuity.getContainer(theirs.id), null);
    } finally {
      await other.close();
    }
  });

  it('case=deleting an identity deletes the containers bound to it', async () => {
    const db = getDb();
    const doomed = await newIdentity(db);
    const survivor = await newIdentity(db);
    const bound = [makeContainer({ identityId: doomed }), makeContainer({ identityId: doomed, name: 'ory_kratos_settings_totp' })];
    const kept = [makeContainer({ identityId: survivor }), makeContainer({ identityId: null })];
    for (const c of [...bound, ...kept]) await db.continuity.saveContainer(c);
    await db.identities.deleteIdentity(doomed);
    for (const c of bound) assert.equal(await db.continuity.getContainer(c.id), null);
    for (const c of kept) assert.deepEqual(await db.continuity.getContainer(c.id), c);
  });
});
