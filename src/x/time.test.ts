import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from './duration.js';
import { formatTime } from './time.js';

test('case=times are printed like Go: trailing zeros of the fraction dropped', () => {
  assert.equal(formatTime(new Date('2022-01-20T10:00:00.500Z')), '2022-01-20T10:00:00.5Z');
  assert.equal(formatTime(new Date('2022-01-20T10:00:00.000Z')), '2022-01-20T10:00:00Z');
  assert.equal(formatTime(new Date('2022-01-20T10:00:00.123Z')), '2022-01-20T10:00:00.123Z');
});

test('case=Go durations parse to milliseconds', () => {
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('-5m'), -300_000);
  assert.equal(parseDuration('100ms'), 100);
  assert.equal(parseDuration('1x'), null);
  assert.equal(parseDuration(''), null);
  assert.equal(parseDuration('h'), null);
});
