import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { SqlDatabase } from '../../src/persistence/sql/connect.js';
import { isUuid, newId } from '../../src/x/random.js';
import { forEachDialect, openTestDatabase } from '../helpers/databases.js';

const sample = () => ({
  id: 'security_csrf_violation',
  code: 403,
  status: 'Forbidden',
  reason: 'The HTTP Cookie Header was set and a CSRF token was sent but they do not match.',
  message: 'the request was rejected to protect you from Cross-Site-Request-Forgery',
  details: { nested: { list: [1, 'two', null, true] } },
});

forEachDialect('error persister', (getDb, ctx) => {
  it('case=add then read returns the error and marks it seen', async () => {
    const db = getDb();
    const error = sample();
    const id = await db.errors.addError('csrf-123', error);
    assert.ok(isUuid(id));
    const row = await db.kysely.selectFrom('selfservice_errors').select(['was_seen', 'seen_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(!row.was_seen, 'not seen before the first read');
    assert.equal(row.seen_at, null);

    const before = Date.now();
    const first = await db.errors.readError(id);
    assert.ok(first);
    assert.equal(first.id, id);
    assert.deepEqual(first.error, error);
    assert.equal(first.csrfToken, 'csrf-123');
    assert.equal(first.wasSeen, true);
    assert.ok(first.seenAt && first.seenAt.getTime() >= before - 1000);
    assert.equal(first.updatedAt.getTime(), first.createdAt.getTime());

    await new Promise((r) => setTimeout(r, 5));
    const second = await db.errors.readError(id);
    assert.ok(second?.seenAt && first.seenAt && second.seenAt.getTime() > first.seenAt.getTime(), 'seen_at set on every read');
  });

  it('case=unknown or malformed ids read as null', async () => {
    const db = getDb();
    assert.equal(await db.errors.readError(newId()), null);
    assert.equal(await db.errors.readError('stub:500'), null);
  });

  let other: SqlDatabase | undefined;
  before(async () => {
    other = await openTestDatabase(ctx.dsn(), { migrate: false });
    await other.init({ networkId: newId() });
  });
  after(async () => {
    await other?.close();
  });

  it('case=errors of another network are invisible', async () => {
    const id = await other!.errors.addError('', sample());
    assert.equal(await getDb().errors.readError(id), null);
    assert.deepEqual((await other!.errors.readError(id))?.error, sample());
  });
});
