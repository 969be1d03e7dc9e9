import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { InvalidationEvent, SqlDatabase } from '../../src/persistence/sql/connect.js';
import { newId, sha256Hex } from '../../src/x/random.js';
import { forEachDialect, openTestDatabase } from '../helpers/databases.js';
import { T0, later, makeIdentity, makeSession, recovery, rejectsWithStatus, verifiable, waitFor } from './fixtures.js';

/**
 * Counts statements sent to either driver while `fn` runs: pg `Client#query` (pool queries
 * included) and better-sqlite3 statement executions.
 */
async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; count: number }> {
  const probe = new BetterSqlite3(':memory:');
  const stmtProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  const clientProto = pg.Client.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  let count = 0;
  const patched: Array<[Record<string, (...a: unknown[]) => unknown>, string, (...a: unknown[]) => unknown]> = [];
  const wrap = (obj: Record<string, (...a: unknown[]) => unknown>, key: string) => {
    const orig = obj[key]!;
    patched.push([obj, key, orig]);
    obj[key] = function (this: unknown, ...args: unknown[]) {
      count++;
      return orig.apply(this, args);
    };
  };
  for (const k of ['all', 'get', 'run', 'iterate']) wrap(stmtProto, k);
  wrap(clientProto, 'query');
  try {
    const result = await fn();
    return { result, count };
  } finally {
    for (const [obj, key, orig] of patched) obj[key] = orig;
  }
}

const collect = (db: SqlDatabase) => {
  const events: InvalidationEvent[] = [];
  const off = db.onInvalidate((ev) => events.push(ev));
  return { events, off };
};

forEachDialect('session persister', (getDb, ctx) => {
  it('case=upsert inserts; whoami lookup returns session, identity with addresses, credential types in one statement', async () => {
    const db = getDb();
    const identity = makeIdentity();
    identity.verifiableAddresses.push(verifiable(`second-${identity.verifiableAddresses[0]!.value}`));
    identity.credentials!.totp = { id: newId(), type: 'totp', identifiers: [identity.id], config: {}, createdAt: T0, updatedAt: T0 };
    await db.identities.createIdentity(identity);
    const s = makeSession(identity.id, {
      authenticationMethods: [
        { method: 'password', completedAt: T0 },
        { method: 'totp', completedAt: later(1) },
      ],
      aal: 'aal2',
    });
    await db.sessions.upsertSession(s.session, s.hashes);
    await db.sessions.getSessionByTokenHash(s.hashes.tokenHash); // warm statement caches
    const { result: got, count } = await countStatements(() => db.sessions.getSessionByTokenHash(s.hashes.tokenHash));
    assert.equal(count, 1, 'one statement per lookup');
    assert.ok(got);
    assert.deepEqual(got.session, s.session);
    assert.equal(got.session.token, undefined);
    assert.equal(got.identity.credentials, undefined);
    const expected = await db.identities.getIdentity(identity.id);
    assert.deepEqual(got.identity, expected);
    assert.equal(got.identity.verifiableAddresses.length, 2);
    assert.deepEqual(got.identity.verifiableAddresses.map((a) => a.id), identity.verifiableAddresses.map((a) => a.id).sort());
    assert.deepEqual(got.credentialTypes, ['password', 'totp']);
    assert.equal(got.session.expiresAt.toISOString(), later(86_400_000).toISOString());
  });

  it('case=tokens are stored only as given hashes', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const s = makeSession(identity.id);
    await db.sessions.upsertSession(s.session, s.hashes);
    const row = await db.kysely.selectFrom('sessions').select(['token', 'logout_token']).where('id', '=', s.session.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { token: sha256Hex(s.token), logout_token: sha256Hex(s.logoutToken) });
    assert.equal(await db.sessions.getSessionByTokenHash(s.token), null, 'the plain token is no key');
    assert.equal(await db.sessions.getSessionByTokenHash(sha256Hex('unknown')), null);
  });

  it('case=upsert updates in place by id; getSession', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const s = makeSession(identity.id);
    await db.sessions.upsertSession(s.session, s.hashes);
    const { events, off } = collect(db);
    const refreshed = {
      ...s.session,
      aal: 'aal2' as const,
      authenticationMethods: [...s.session.authenticationMethods, { method: 'webauthn' as const, completedAt: later(10) }],
      authenticatedAt: later(10),
      expiresAt: later(99_999),
      updatedAt: later(10),
      createdAt: later(10),
    };
    await db.sessions.upsertSession(refreshed, s.hashes);
    off();
    assert.deepEqual(events, [{ kind: 'session', id: s.session.id }]);
    const got = await db.sessions.getSession(s.session.id);
    // created_at is set once, on insert.
    assert.deepEqual(got, { ...refreshed, createdAt: s.session.createdAt });
    assert.deepEqual((await db.sessions.getSessionByTokenHash(s.hashes.tokenHash))?.session, got);
    assert.equal(await db.sessions.getSession(newId()), null);
    assert.equal(await db.sessions.getSession('nope'), null);
  });

  it('case=a second session with the same token hash is 409', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const a = makeSession(identity.id);
    await db.sessions.upsertSession(a.session, a.hashes);
    const b = makeSession(identity.id);
    await rejectsWithStatus(db.sessions.upsertSession(b.session, { ...b.hashes, tokenHash: a.hashes.tokenHash }), 409);
    await rejectsWithStatus(db.sessions.upsertSession(b.session, { ...b.hashes, logoutTokenHash: a.hashes.logoutTokenHash }), 409);
    assert.equal(await db.sessions.getSession(b.session.id), null);
  });

  it('case=revoke sets active=false and fires a session event', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const s = makeSession(identity.id);
    await db.sessions.upsertSession(s.session, s.hashes);
    const { events, off } = collect(db);
    assert.equal(await db.sessions.revokeSessionByTokenHash(s.hashes.tokenHash), true);
    assert.equal(await db.sessions.revokeSessionByTokenHash(sha256Hex('unknown')), false);
    off();
    assert.deepEqual(events, [{ kind: 'session', id: s.session.id }]);
    const got = await db.sessions.getSessionByTokenHash(s.hashes.tokenHash);
    assert.equal(got?.session.active, false);
  });

  it('case=deleteSessionsOfIdentity deletes only that identity’s rows and reports the count', async () => {
    const db = getDb();
    const [alice, bob] = [makeIdentity(), makeIdentity()];
    await db.identities.createIdentity(alice);
    await db.identities.createIdentity(bob);
    const mine = [makeSession(alice.id), makeSession(alice.id)];
    const theirs = makeSession(bob.id);
    for (const s of [...mine, theirs]) await db.sessions.upsertSession(s.session, s.hashes);
    const { events, off } = collect(db);
    assert.equal(await db.sessions.deleteSessionsOfIdentity(alice.id), 2);
    off();
    assert.equal(await db.sessions.deleteSessionsOfIdentity(alice.id), 0);
    for (const s of mine) assert.equal(await db.sessions.getSession(s.session.id), null);
    assert.ok(await db.sessions.getSession(theirs.session.id));
    const sessionEvents = events.filter((e) => e.kind === 'session').map((e) => e.id).sort();
    assert.deepEqual(sessionEvents, mine.map((s) => s.session.id).sort());
    assert.ok(events.some((e) => e.kind === 'identity' && e.id === alice.id));
  });

  it('case=identity update fires an identity event; recovery addresses show in whoami', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const s = makeSession(identity.id);
    await db.sessions.upsertSession(s.session, s.hashes);
    const { events, off } = collect(db);
    const extra = recovery(`extra-${identity.recoveryAddresses[0]!.value}`);
    await db.identities.updateIdentity({ ...identity, state: 'inactive', recoveryAddresses: [...identity.recoveryAddresses, extra] });
    off();
    assert.deepEqual(events, [{ kind: 'identity', id: identity.id }]);
    const got = await db.sessions.getSessionByTokenHash(s.hashes.tokenHash);
    assert.equal(got?.identity.state, 'inactive');
    assert.equal(got?.identity.recoveryAddresses.length, 2);
  });

  if (ctx.dialect === 'postgres') describeCrossProcess(getDb, ctx.dsn);
});

/** PostgreSQL: invalidations reach a second instance on the same database via NOTIFY. */
function describeCrossProcess(getDb: () => SqlDatabase, dsn: () => string): void {
  let second: SqlDatabase | undefined;
  before(async () => {
    second = await openTestDatabase(dsn(), { migrate: false });
    await second.init();
  });
  after(async () => {
    await second?.close();
  });

  it('case=a second instance receives revocations, deletions and identity changes; no local echo', async () => {
    const db = getDb();
    assert.equal(second!.networkId, db.networkId);
    assert.equal(second!.crossProcessInvalidation, true);
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const s = makeSession(identity.id);
    await db.sessions.upsertSession(s.session, s.hashes);
    const local = collect(db);

    const revoked = waitFor(second!.onInvalidate.bind(second), (ev: InvalidationEvent) => (ev.kind === 'session' && ev.id === s.session.id ? ev : undefined));
    await db.sessions.revokeSessionByTokenHash(s.hashes.tokenHash);
    await revoked;

    const deleted = waitFor(second!.onInvalidate.bind(second), (ev: InvalidationEvent) => (ev.kind === 'identity' && ev.id === identity.id ? ev : undefined));
    await db.sessions.deleteSessionsOfIdentity(identity.id);
    await deleted;

    const updated = waitFor(second!.onInvalidate.bind(second), (ev: InvalidationEvent) => (ev.kind === 'identity' && ev.id === identity.id ? ev : undefined));
    await db.identities.updateIdentity({ ...identity, traits: { changed: true } });
    await updated;

    // The writer's own NOTIFY echo is ignored: it saw each change exactly once.
    await new Promise((r) => setTimeout(r, 200));
    local.off();
    assert.equal(local.events.filter((e) => e.kind === 'session' && e.id === s.session.id).length, 2);
    assert.equal(local.events.filter((e) => e.kind === 'identity').length, 2);
  });

  it('case=the LISTEN connection reconnects after being killed and reports a gap', async () => {
    const db = getDb();
    const gap = waitFor(second!.onInvalidate.bind(second), (ev: InvalidationEvent) => (ev.kind === 'all' ? ev : undefined));
    const { sql } = await import('kysely');
    const killed = await sql<{ ok: boolean }>`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
      WHERE application_name = 'gatehouse_listen' AND datname = current_database()`.execute(db.kysely);
    assert.ok(killed.rows.length >= 1, 'listener connections found');
    await gap;
    const deadline = Date.now() + 10_000;
    while (!second!.crossProcessInvalidation && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(second!.crossProcessInvalidation, true, 'reconnected');
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const received = waitFor(second!.onInvalidate.bind(second), (ev: InvalidationEvent) => (ev.kind === 'identity' && ev.id === identity.id ? ev : undefined));
    await db.identities.deleteIdentity(identity.id);
    await received;
  });
}
