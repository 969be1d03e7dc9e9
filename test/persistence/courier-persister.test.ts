import assert from 'node:assert/strict';
import { after, before, beforeEach, it } from 'node:test';
import { MESSAGE_TYPE_EMAIL, MessageStatus } from '../../src/courier/message.js';
import type { CourierMessage } from '../../src/courier/message.js';
import { codecFor } from '../../src/persistence/sql/codec.js';
import type { SqlDatabase } from '../../src/persistence/sql/connect.js';
import { SqlContext } from '../../src/persistence/sql/context.js';
import { insertCourierMessage } from '../../src/persistence/sql/courier-persister.js';
import { InvalidationBus } from '../../src/persistence/sql/events.js';
import { runInTransaction } from '../../src/persistence/sql/transaction.js';
import { newId } from '../../src/x/random.js';
import { systemClock } from '../../src/x/time.js';
import { forEachDialect, openTestDatabase } from '../helpers/databases.js';

const HOUR = 3_600_000;
let seq = 0;

/** Messages with strictly increasing `created_at`, so queue order is known. */
function message(over: Partial<CourierMessage> = {}): CourierMessage {
  seq += 1;
  const createdAt = new Date(Date.UTC(2025, 0, 1) + seq * 1000);
  return {
    id: newId(),
    type: MESSAGE_TYPE_EMAIL,
    status: MessageStatus.queued,
    recipient: `user-${seq}@example.org`,
    subject: `Subject ${seq}\n`,
    body: `Body ${seq} — ünïcödé\n`,
    templateType: 'stub',
    templateData: { To: `user-${seq}@example.org`, Subject: `s${seq}`, Body: 'b', Identity: { traits: { n: [1, null, 'x'] } } },
    createdAt,
    updatedAt: createdAt,
    ...over,
  };
}

/** A context on the test's connection, for writes inside a caller's transaction. */
function contextOf(db: SqlDatabase): SqlContext {
  const native = db.dialect === 'postgres' ? { dialect: 'postgres' as const, pool: null as never } : { dialect: 'sqlite' as const, sqlite: null as never };
  const ctx = new SqlContext(db.dialect, db.kysely, codecFor(db.dialect), new InvalidationBus(), systemClock, native);
  ctx.nid = db.networkId;
  return ctx;
}

const LEASE = { limit: 10, leaseMs: HOUR };

forEachDialect('courier persister', (getDb, ctx) => {
  beforeEach(async () => {
    await getDb().kysely.deleteFrom('courier_messages').execute();
  });

  it('case=enqueue stores the message as given; list and counts read it back', async () => {
    const db = getDb();
    const msg = message();
    await db.courier.enqueue(msg);
    const [stored, ...rest] = await db.courier.list();
    assert.equal(rest.length, 0);
    assert.deepEqual(stored, { ...msg, failedAttempts: 0, nextAttemptAt: null, claimedAt: null, lastError: null });
    assert.deepEqual(await db.courier.countByStatus(), { queued: 1, sent: 0, processing: 0 });
  });

  it('case=claim takes the oldest queued messages up to the limit, once', async () => {
    const db = getDb();
    const msgs = Array.from({ length: 4 }, () => message());
    // Inserted out of order: the queue order is created_at, not insertion.
    for (const m of [msgs[2], msgs[0], msgs[3], msgs[1]]) await db.courier.enqueue(m as CourierMessage);
    const first = await db.courier.claim({ limit: 3, leaseMs: HOUR });
    assert.deepEqual(first.messages.map((m) => m.id), msgs.slice(0, 3).map((m) => m.id));
    assert.ok(first.messages.every((m) => m.status === MessageStatus.processing && m.failedAttempts === 0));
    const second = await db.courier.claim(LEASE);
    assert.deepEqual(second.messages.map((m) => m.id), [msgs[3]?.id]);
    assert.notEqual(first.token, second.token);
    assert.deepEqual((await db.courier.claim(LEASE)).messages, [], 'nothing left to claim');
    assert.deepEqual(await db.courier.countByStatus(), { queued: 0, sent: 0, processing: 4 });
    const listed = await db.courier.list();
    assert.ok(listed.every((m) => m.claimedAt instanceof Date));
  });

  it('case=markSent settles a claimed message only for the holder of the claim', async () => {
    const db = getDb();
    const msg = message();
    await db.courier.enqueue(msg);
    const claim = await db.courier.claim(LEASE);
    assert.equal(await db.courier.markSent(newId(), msg.id), false, 'a foreign token changes nothing');
    assert.equal(await db.courier.renew(claim.token, msg.id), true);
    assert.equal(await db.courier.markSent(claim.token, msg.id), true);
    assert.equal(await db.courier.markSent(claim.token, msg.id), false, 'already sent');
    assert.equal(await db.courier.renew(claim.token, msg.id), false, 'a sent message has no claim to renew');
    assert.deepEqual(await db.courier.countByStatus(), { queued: 0, sent: 1, processing: 0 });
    assert.deepEqual((await db.courier.claim(LEASE)).messages, [], 'a sent message is never claimed again');
  });

  it('case=release puts messages back unchanged and they are claimed again', async () => {
    const db = getDb();
    const [a, b] = [message(), message()];
    await db.courier.enqueue(a);
    await db.courier.enqueue(b);
    const claim = await db.courier.claim(LEASE);
    await db.courier.release(newId(), [a.id, b.id]);
    assert.deepEqual(await db.courier.countByStatus(), { queued: 0, sent: 0, processing: 2 }, 'a foreign token releases nothing');
    await db.courier.release(claim.token, [a.id, b.id]);
    assert.deepEqual(await db.courier.countByStatus(), { queued: 2, sent: 0, processing: 0 });
    const again = await db.courier.claim(LEASE);
    assert.deepEqual(again.messages.map((m) => [m.id, m.failedAttempts]), [[a.id, 0], [b.id, 0]]);
    assert.equal(await db.courier.markSent(claim.token, a.id), false, 'the released claim is void');
  });

  it('case=defer keeps a refused message queued, counts it and holds it back until its retry time', async () => {
    const db = getDb();
    const [a, b] = [message(), message()];
    await db.courier.enqueue(a);
    await db.courier.enqueue(b);
    let claim = await db.courier.claim(LEASE);
    await db.courier.defer(claim.token, a.id, new Date(Date.now() + HOUR), 'Message failed: 554 no thanks');
    await db.courier.release(claim.token, [b.id]);
    const stored = (await db.courier.list()).find((m) => m.id === a.id);
    assert.equal(stored?.status, MessageStatus.queued);
    assert.equal(stored?.failedAttempts, 1);
    assert.equal(stored?.lastError, 'Message failed: 554 no thanks');
    assert.ok(stored?.nextAttemptAt && stored.nextAttemptAt.getTime() > Date.now() + HOUR - 60_000);

    claim = await db.courier.claim(LEASE);
    assert.deepEqual(claim.messages.map((m) => m.id), [b.id], 'the deferred message waits; the later one proceeds');
    await db.courier.markSent(claim.token, b.id);

    // Its time has come: it is claimed again with its count.
    await db.kysely.updateTable('courier_messages').set({ next_attempt_at: null }).where('id', '=', a.id).execute();
    claim = await db.courier.claim(LEASE);
    assert.deepEqual(claim.messages.map((m) => [m.id, m.failedAttempts]), [[a.id, 1]]);
    await db.courier.defer(claim.token, a.id, new Date(Date.now() - 1000), 'again');
    claim = await db.courier.claim(LEASE);
    assert.deepEqual(claim.messages.map((m) => [m.id, m.failedAttempts]), [[a.id, 2]], 'a past retry time is due at once');
  });

  it('case=a claim older than the lease is taken over and the old holder loses it (regression: upstream leaves status 3 forever)', async () => {
    const db = getDb();
    const msg = message();
    await db.courier.enqueue(msg);
    const dead = await db.courier.claim(LEASE);
    assert.equal(dead.messages.length, 1);
    assert.deepEqual((await db.courier.claim(LEASE)).messages, [], 'within the lease nobody else takes it');
    await new Promise((r) => setTimeout(r, 20));
    const taken = await db.courier.claim({ limit: 10, leaseMs: 10 });
    assert.deepEqual(taken.messages.map((m) => m.id), [msg.id]);
    assert.equal(await db.courier.renew(dead.token, msg.id), false);
    assert.equal(await db.courier.markSent(dead.token, msg.id), false, 'the old holder cannot settle it');
    assert.equal(await db.courier.markSent(taken.token, msg.id), true);
  });

  it('case=a renewed claim is not taken over', async () => {
    const db = getDb();
    const msg = message();
    await db.courier.enqueue(msg);
    const claim = await db.courier.claim(LEASE);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await db.courier.renew(claim.token, msg.id), true);
    assert.deepEqual((await db.courier.claim({ limit: 10, leaseMs: 200 })).messages, [], 'renewed 0 ms ago, lease 200 ms');
  });

  it('case=insertCourierMessage is part of the caller transaction', async () => {
    const db = getDb();
    const sctx = contextOf(db);
    const kept = message();
    const dropped = message();
    await runInTransaction(db.kysely, db.dialect, (trx) => insertCourierMessage(trx, sctx, kept));
    await assert.rejects(
      runInTransaction(db.kysely, db.dialect, async (trx) => {
        await insertCourierMessage(trx, sctx, dropped);
        throw new Error('the flow failed after queueing its mail');
      }),
      /the flow failed/,
    );
    assert.deepEqual((await db.courier.list()).map((m) => m.id), [kept.id]);
  });

  let other: SqlDatabase | undefined;
  let peer: SqlDatabase | undefined;
  before(async () => {
    other = await openTestDatabase(ctx.dsn(), { migrate: false });
    await other.init({ networkId: newId() });
    peer = await openTestDatabase(ctx.dsn(), { migrate: false });
    await peer.init();
  });
  after(async () => {
    await other?.close();
    await peer?.close();
  });

  it('case=messages of another network are neither listed nor claimed', async () => {
    const msg = message();
    await other!.courier.enqueue(msg);
    assert.deepEqual(await getDb().courier.list(), []);
    assert.deepEqual((await getDb().courier.claim(LEASE)).messages, []);
    assert.deepEqual((await other!.courier.claim(LEASE)).messages.map((m) => m.id), [msg.id]);
  });

  it('case=two connections claiming at the same time never get the same message', async () => {
    const db = getDb();
    const ids = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const m = message();
      ids.add(m.id);
      await db.courier.enqueue(m);
    }
    const seen: string[] = [];
    const claimOnce = async (d: SqlDatabase) => {
      const claim = await d.courier.claim({ limit: 3, leaseMs: HOUR });
      seen.push(...claim.messages.map((m) => m.id));
      return claim.messages.length;
    };
    if (ctx.dialect === 'postgres') {
      const drain = async (d: SqlDatabase) => {
        while ((await claimOnce(d)) > 0);
      };
      await Promise.all([drain(db), drain(peer!), drain(db), drain(peer!)]);
    } else {
      // Two SQLite connections of one process cannot wait for each other (the busy handler
      // would block the event loop), so they take turns; the processes test covers overlap.
      for (let turn = 0; (await claimOnce(turn % 2 ? peer! : db)) > 0; turn++);
    }
    assert.equal(seen.length, ids.size, 'every message claimed exactly once');
    assert.deepEqual(new Set(seen), ids);
  });
});
