import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CachedSession, SessionCache } from './cache.js';

const entry = (sessionId: string, identityId: string, fetchedAtMs = 0, expiresAtMs = 1e12): CachedSession => ({
  sessionId,
  identityId,
  expiresAtMs,
  body: '{}',
  aal: 'ok',
  fetchedAtMs,
});

describe('session cache', () => {
  test('case=entries are dropped by session, by identity, past staleness and past expiry', () => {
    const c = new SessionCache({ maxEntries: 10, maxStaleMs: 1000 });
    c.set('t1', entry('s1', 'i1'));
    c.set('t2', entry('s2', 'i1'));
    c.set('t3', entry('s3', 'i2'));
    c.invalidateSession('s1');
    assert.equal(c.get('t1', 0), undefined);
    assert.ok(c.get('t2', 0));
    c.invalidateIdentity('i1');
    assert.equal(c.get('t2', 0), undefined);
    assert.ok(c.get('t3', 999));
    assert.equal(c.get('t3', 1001), undefined, 'stale entries are not served');
    c.set('t4', entry('s4', 'i3', 0, 500));
    assert.equal(c.get('t4', 500), undefined, 'expired sessions are not served');
  });

  test('case=a lookup that raced with a revocation is not cached (regression: stale active session)', () => {
    const c = new SessionCache({ maxEntries: 10, maxStaleMs: 1000 });
    const before = c.generation;
    c.invalidateSession('s-other');
    c.set('t1', entry('s1', 'i1'), before);
    assert.equal(c.get('t1', 0), undefined);
    c.set('t1', entry('s1', 'i1'), c.generation);
    assert.ok(c.get('t1', 0));
  });

  test('case=size is bounded, oldest evicted first', () => {
    const c = new SessionCache({ maxEntries: 2, maxStaleMs: 1000 });
    c.set('a', entry('sa', 'i'));
    c.set('b', entry('sb', 'i'));
    c.set('c', entry('sc', 'i'));
    assert.equal(c.size, 2);
    assert.equal(c.get('a', 0), undefined);
    assert.ok(c.get('c', 0));
    c.invalidateIdentity('i');
    assert.equal(c.size, 0);
  });
});
