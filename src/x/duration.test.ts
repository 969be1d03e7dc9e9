import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DURATION_MS, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('case=Go forms parse to milliseconds', () => {
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('-5m'), -300_000);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('1.5s'), 1500);
  });

  it('case=durations beyond Go’s int64 nanoseconds are invalid, so no date computed from one overflows', () => {
    assert.equal(parseDuration('2562047h'), 2562047 * 3_600_000);
    assert.equal(parseDuration('2562048h'), null);
    assert.equal(parseDuration('99999999999999999999h'), null);
    assert.equal(parseDuration('-99999999999999999999h'), null);
    assert.ok(Number.isFinite(new Date(Date.now() + MAX_DURATION_MS).getTime()));
  });

  it('case=malformed input is invalid', () => {
    for (const v of ['', 'h', '1', '1x', '1h ', ' 1h', '1h-1m']) assert.equal(parseDuration(v), null, v);
  });
});
