import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Identity } from '../../src/identity/identity.js';
import type { InvalidationEvent, SqlDatabase } from '../../src/persistence/sql/connect.js';
import { newId } from '../../src/x/random.js';
import { forEachDialect, openTestDatabase } from '../helpers/databases.js';
import { T0, later, makeIdentity, makeSession, recovery, rejectsWithStatus, uniqueEmail, verifiable, withoutCredentials } from './fixtures.js';

type Table = 'identity_credentials' | 'identity_credential_identifiers' | 'identity_verifiable_addresses' | 'identity_recovery_addresses' | 'sessions' | 'identities';

async function countRows(db: SqlDatabase, table: Table, where?: { column: 'identity_id' | 'id'; value: string }): Promise<number> {
  let q = db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where.column, '=', where.value);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

async function identifierRows(db: SqlDatabase, identityId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('identity_credential_identifiers as ci')
    .innerJoin('identity_credentials as c', 'c.id', 'ci.identity_credential_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.identity_id', '=', identityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

forEachDialect('identity pool', (getDb, ctx) => {
  it('case=create then get returns the identity with ms-precision times', async () => {
    const db = getDb();
    const identity = makeIdentity({ stateChangedAt: later(7), createdAt: T0, updatedAt: later(1) });
    await db.identities.createIdentity(identity);
    const got = await db.identities.getIdentity(identity.id);
    assert.deepEqual(got, withoutCredentials(identity));
    assert.equal(got.createdAt.toISOString(), '2024-05-06T07:08:09.123Z');
    assert.equal(got.stateChangedAt?.getTime(), T0.getTime() + 7);
    const full = await db.identities.getIdentity(identity.id, { withCredentials: true });
    assert.deepEqual(full, identity);
  });

  it('case=unknown or malformed id is 404 (findIdentity: null)', async () => {
    const db = getDb();
    const e = await rejectsWithStatus(db.identities.getIdentity(newId()), 404);
    assert.equal(e.message, 'Unable to locate the resource');
    await rejectsWithStatus(db.identities.getIdentity('not-a-uuid'), 404);
    assert.equal(await db.identities.findIdentity(newId()), null);
    assert.equal(await db.identities.findIdentity("x' OR 1=1 --"), null);
  });

  it('case=lookup by upper-case id finds the identity', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    assert.equal((await db.identities.getIdentity(identity.id.toUpperCase())).id, identity.id);
  });

  it('case=addresses come back ordered by id ascending', async () => {
    const db = getDb();
    const email = uniqueEmail();
    const [a, b, c] = [uniqueEmail('a'), uniqueEmail('b'), email];
    const ids = [newId(), newId(), newId()].sort().reverse();
    const identity = makeIdentity({
      email,
      verifiableAddresses: [verifiable(a, { id: ids[0] }), verifiable(b, { id: ids[1] }), verifiable(c, { id: ids[2] })],
      recoveryAddresses: [recovery(a, { id: ids[0] }), recovery(c, { id: ids[2] })],
    });
    await db.identities.createIdentity(identity);
    const got = await db.identities.getIdentity(identity.id);
    assert.deepEqual(got.verifiableAddresses.map((x) => x.id), [...ids].sort());
    assert.deepEqual(got.recoveryAddresses.map((x) => x.id), [ids[2], ids[0]]);
  });

  it('case=identifiers keep their order; password identifiers are lower-cased, oidc ones are not', async () => {
    const db = getDb();
    const identity = makeIdentity();
    const upper = `ZED-${uniqueEmail()}`.toUpperCase();
    const second = uniqueEmail('alpha');
    identity.credentials = {
      password: { id: newId(), type: 'password', identifiers: [upper, second], config: {}, createdAt: T0, updatedAt: T0 },
      oidc: { id: newId(), type: 'oidc', identifiers: ['GitHub:SubJect-1'], config: { providers: [{ subject: 'SubJect-1' }] }, createdAt: T0, updatedAt: T0 },
    };
    await db.identities.createIdentity(identity);
    const got = await db.identities.getIdentity(identity.id, { withCredentials: true });
    assert.deepEqual(got.credentials?.password?.identifiers, [upper.toLowerCase(), second]);
    assert.deepEqual(got.credentials?.oidc?.identifiers, ['GitHub:SubJect-1']);
    assert.deepEqual(got.credentials?.oidc?.config, { providers: [{ subject: 'SubJect-1' }] });
    assert.equal((await db.identities.findByCredentialIdentifier('password', upper))?.id, identity.id);
    assert.equal((await db.identities.findByCredentialIdentifier('oidc', 'GitHub:SubJect-1'))?.id, identity.id);
    assert.equal(await db.identities.findByCredentialIdentifier('oidc', 'github:subject-1'), null);
    assert.equal(await db.identities.findByCredentialIdentifier('totp', second), null);
    const found = await db.identities.findByCredentialIdentifier('password', second);
    assert.ok(found?.credentials?.password, 'found with credentials');
  });

  it('case=list is ordered by id descending and paginates; count', async () => {
    const db = getDb();
    const before = await db.identities.countIdentities();
    for (let i = 0; i < 3; i++) await db.identities.createIdentity(makeIdentity());
    const total = await db.identities.countIdentities();
    assert.equal(total, before + 3);
    const all = await db.identities.listIdentities({ offset: 0, limit: 1000 });
    assert.equal(all.length, total);
    assert.deepEqual(all.map((i) => i.id), all.map((i) => i.id).sort().reverse());
    assert.equal(all[0]?.credentials, undefined);
    const page = await db.identities.listIdentities({ offset: 1, limit: 2 });
    assert.deepEqual(page.map((i) => i.id), all.slice(1, 3).map((i) => i.id));
    assert.ok(all.every((i) => i.verifiableAddresses.length >= 1));
  });

  it('case=duplicate identifier is 409 and writes nothing', async () => {
    const db = getDb();
    const first = makeIdentity();
    await db.identities.createIdentity(first);
    const count = await db.identities.countIdentities();
    const dup = makeIdentity();
    dup.credentials!.password!.identifiers = [first.credentials!.password!.identifiers[0]!.toUpperCase()];
    await rejectsWithStatus(db.identities.createIdentity(dup), 409);
    assert.equal(await db.identities.findIdentity(dup.id), null);
    assert.equal(await db.identities.countIdentities(), count);
    assert.equal(await countRows(db, 'identity_verifiable_addresses', { column: 'identity_id', value: dup.id }), 0);
    // The same string is fine as an identifier of another credential type.
    const other = makeIdentity();
    other.credentials!.oidc = { id: newId(), type: 'oidc', identifiers: [first.credentials!.password!.identifiers[0]!], config: {}, createdAt: T0, updatedAt: T0 };
    await db.identities.createIdentity(other);
  });

  it('case=duplicate addresses across identities are 409 and write nothing; case variants are distinct', async () => {
    const db = getDb();
    const first = makeIdentity();
    await db.identities.createIdentity(first);
    const value = first.verifiableAddresses[0]!.value;
    const dupVerifiable = makeIdentity({ verifiableAddresses: [verifiable(value)] });
    await rejectsWithStatus(db.identities.createIdentity(dupVerifiable), 409);
    assert.equal(await db.identities.findIdentity(dupVerifiable.id), null);
    assert.equal(await countRows(db, 'identity_credentials', { column: 'identity_id', value: dupVerifiable.id }), 0);
    const dupRecovery = makeIdentity({ recoveryAddresses: [recovery(value)] });
    await rejectsWithStatus(db.identities.createIdentity(dupRecovery), 409);
    assert.equal(await db.identities.findIdentity(dupRecovery.id), null);
    const caseVariant = makeIdentity({ verifiableAddresses: [verifiable(value.toUpperCase())], recoveryAddresses: [] });
    await db.identities.createIdentity(caseVariant);
    assert.equal((await db.identities.getIdentity(caseVariant.id)).verifiableAddresses[0]?.value, value.toUpperCase());
  });

  it('case=empty identifier is rejected with 500 and writes nothing', async () => {
    const db = getDb();
    const identity = makeIdentity();
    identity.credentials!.password!.identifiers = [''];
    const e = await rejectsWithStatus(db.identities.createIdentity(identity), 500);
    assert.equal(e.fields.reason, 'Unable to create identity credentials with missing or empty identifier.');
    assert.equal(await db.identities.findIdentity(identity.id), null);
  });

  it('case=update replaces row, credentials and addresses, keeping address ids', async () => {
    const db = getDb();
    const identity = makeIdentity();
    const keptEmail = identity.verifiableAddresses[0]!.value;
    await db.identities.createIdentity(identity);
    const events: InvalidationEvent[] = [];
    const off = db.onInvalidate((ev) => events.push(ev));
    const newEmail = uniqueEmail('new');
    const updated: Identity = {
      ...identity,
      schemaId: 'other',
      state: 'inactive',
      stateChangedAt: later(5000),
      traits: { email: keptEmail, backup: newEmail },
      verifiableAddresses: [
        { ...identity.verifiableAddresses[0]!, verified: true, status: 'completed', verifiedAt: later(3000), updatedAt: later(3000) },
        verifiable(newEmail),
      ],
      recoveryAddresses: [recovery(newEmail)],
      credentials: {
        password: { ...identity.credentials!.password!, identifiers: [keptEmail, newEmail], updatedAt: later(4000) },
        totp: { id: newId(), type: 'totp', identifiers: [identity.id], config: { totp_url: 'otpauth://x' }, createdAt: later(4000), updatedAt: later(4000) },
      },
      updatedAt: later(5000),
    };
    await db.identities.updateIdentity(updated);
    off();
    const got = await db.identities.getIdentity(identity.id, { withCredentials: true });
    assert.deepEqual(got, { ...updated, verifiableAddresses: [...updated.verifiableAddresses].sort((a, b) => (a.id < b.id ? -1 : 1)) });
    assert.equal(got.verifiableAddresses.find((a) => a.value === keptEmail)?.id, identity.verifiableAddresses[0]!.id);
    assert.equal(await countRows(db, 'identity_recovery_addresses', { column: 'identity_id', value: identity.id }), 1);
    assert.equal(await countRows(db, 'identity_credentials', { column: 'identity_id', value: identity.id }), 2);
    assert.equal(await identifierRows(db, identity.id), 3);
    assert.deepEqual(events, [{ kind: 'identity', id: identity.id }]);
  });

  it('case=update keeps verification tokens of kept addresses and drops those of removed ones', async () => {
    const db = getDb();
    const identity = makeIdentity();
    const removed = verifiable(uniqueEmail('gone'));
    identity.verifiableAddresses.push(removed);
    await db.identities.createIdentity(identity);
    const kept = identity.verifiableAddresses[0]!;
    const tokenRow = (addressId: string) => ({
      id: newId(),
      nid: db.networkId,
      token: newId(),
      used: db.dialect === 'postgres' ? false : 0,
      used_at: null,
      identity_verifiable_address_id: addressId,
      selfservice_verification_flow_id: null,
      issued_at: T0.toISOString(),
      expires_at: later(60_000).toISOString(),
      created_at: T0.toISOString(),
      updated_at: T0.toISOString(),
    });
    const keptToken = tokenRow(kept.id);
    const removedToken = tokenRow(removed.id);
    await db.kysely.insertInto('identity_verification_tokens').values([keptToken, removedToken]).execute();
    await db.identities.updateIdentity({ ...identity, verifiableAddresses: [kept] });
    const left = await db.kysely.selectFrom('identity_verification_tokens').select('id').where('id', 'in', [keptToken.id, removedToken.id]).execute();
    assert.deepEqual(left.map((r) => r.id), [keptToken.id]);
  });

  it('case=update with a conflicting address is 409 and leaves the stored identity unchanged', async () => {
    const db = getDb();
    const other = makeIdentity();
    await db.identities.createIdentity(other);
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    await rejectsWithStatus(
      db.identities.updateIdentity({
        ...identity,
        traits: { changed: true },
        verifiableAddresses: [verifiable(uniqueEmail()), verifiable(other.verifiableAddresses[0]!.value)],
        credentials: {},
      }),
      409,
    );
    assert.deepEqual(await db.identities.getIdentity(identity.id, { withCredentials: true }), identity);
  });

  it('case=update of an unknown identity is 404', async () => {
    await rejectsWithStatus(getDb().identities.updateIdentity(makeIdentity()), 404);
  });

  it('case=delete cascades to credentials, identifiers, addresses and sessions', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const s = makeSession(identity.id);
    await db.sessions.upsertSession(s.session, s.hashes);
    const credentialIds = Object.values(identity.credentials!).map((c) => c!.id);
    assert.equal(await identifierRows(db, identity.id), 1);
    const events: InvalidationEvent[] = [];
    const off = db.onInvalidate((ev) => events.push(ev));
    await db.identities.deleteIdentity(identity.id);
    off();
    assert.deepEqual(events, [{ kind: 'identity', id: identity.id }]);
    assert.equal(await db.identities.findIdentity(identity.id), null);
    for (const table of ['identity_credentials', 'identity_verifiable_addresses', 'identity_recovery_addresses', 'sessions'] as const) {
      assert.equal(await countRows(db, table, { column: 'identity_id', value: identity.id }), 0, table);
    }
    const orphans = await db.kysely.selectFrom('identity_credential_identifiers').select('id').where('identity_credential_id', 'in', credentialIds).execute();
    assert.equal(orphans.length, 0);
    assert.equal(await db.sessions.getSessionByTokenHash(s.hashes.tokenHash), null);
    await rejectsWithStatus(db.identities.deleteIdentity(identity.id), 404);
  });

  describeNetworkScoping(getDb, ctx.dsn);
});

/** Rows of another network are invisible; uniqueness is per network. */
function describeNetworkScoping(getDb: () => SqlDatabase, dsn: () => string): void {
  let other: SqlDatabase | undefined;
  before(async () => {
    other = await openTestDatabase(dsn(), { migrate: false });
    await other.init({ networkId: newId() });
  });
  after(async () => {
    await other?.close();
  });

  it('case=network scoping hides identities of another network', async () => {
    const db = getDb();
    assert.notEqual(other!.networkId, db.networkId);
    const mine = makeIdentity();
    await db.identities.createIdentity(mine);
    const countMine = await db.identities.countIdentities();
    // Same identifier and addresses are allowed in another network.
    const theirs = makeIdentity({ email: mine.verifiableAddresses[0]!.value });
    await other!.identities.createIdentity(theirs);
    assert.equal(await db.identities.findIdentity(theirs.id), null);
    await rejectsWithStatus(db.identities.deleteIdentity(theirs.id), 404);
    await rejectsWithStatus(db.identities.updateIdentity(theirs), 404);
    assert.equal(await db.identities.countIdentities(), countMine);
    assert.equal(await other!.identities.countIdentities(), 1);
    assert.ok(!(await db.identities.listIdentities({ offset: 0, limit: 1000 })).some((i) => i.id === theirs.id));
    const email = mine.credentials!.password!.identifiers[0]!;
    assert.equal((await db.identities.findByCredentialIdentifier('password', email))?.id, mine.id);
    assert.equal((await other!.identities.findByCredentialIdentifier('password', email))?.id, theirs.id);
    assert.equal(await other!.identities.findIdentity(mine.id), null);
  });
}
