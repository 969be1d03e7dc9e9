import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff, DEFAULT_BACKOFF, backoffDelay } from './backoff.js';

const at = (r: number) => () => r;

describe('backoff', () => {
  it('case=upstream schedule: 500 ms, ×1.5 per failure, ±50 % jitter', () => {
    assert.equal(backoffDelay(DEFAULT_BACKOFF, 1, at(0.5)), 500);
    assert.equal(backoffDelay(DEFAULT_BACKOFF, 2, at(0.5)), 750);
    assert.equal(backoffDelay(DEFAULT_BACKOFF, 3, at(0.5)), 1125);
    assert.equal(backoffDelay(DEFAULT_BACKOFF, 1, at(0)), 250);
    assert.equal(backoffDelay(DEFAULT_BACKOFF, 1, at(0.999999)), 750);
  });

  it('case=the cap holds with jitter and for any number of failures', () => {
    for (const n of [13, 50, 1e6]) {
      assert.equal(backoffDelay(DEFAULT_BACKOFF, n, at(0.999999)), 60_000);
      assert.ok(backoffDelay(DEFAULT_BACKOFF, n, at(0)) >= 30_000);
    }
    const small = { ...DEFAULT_BACKOFF, maxMs: 200 };
    assert.equal(backoffDelay(small, 1, at(0.5)), 200);
  });

  it('case=Backoff counts consecutive failures and remembers since when', () => {
    const b = new Backoff(DEFAULT_BACKOFF, at(0.5));
    assert.equal(b.failingSince, null);
    assert.equal(b.fail(1000), 500);
    assert.equal(b.fail(2000), 750);
    assert.equal(b.failures, 2);
    assert.equal(b.failingSince, 1000);
    b.reset();
    assert.equal(b.failures, 0);
    assert.equal(b.failingSince, null);
    assert.equal(b.fail(5000), 500);
  });
});
