import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObject } from '../config/config.js';
import { minimalDoc } from '../config/fixtures.js';
import { fakeCompare, randomDelayMs } from './fake.js';
import { HashLimiter } from './limiter.js';

const config = (hashers: object) => configFromObject({ ...minimalDoc(), dev: true, hashers });

/** A deterministic stand-in for Math.random. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

describe('randomDelayMs', () => {
  it('case=centred on base with σ = deviation/3', () => {
    // u = 1 - 0.5, v = 0 → z = sqrt(2 ln 2) ≈ 1.1774.
    assert.equal(randomDelayMs(500, 300, sequence(0.5, 0)).toFixed(3), (500 + Math.sqrt(2 * Math.LN2) * 100).toFixed(3));
    // cos(π/2) = 0 → exactly base.
    assert.equal(Math.round(randomDelayMs(500, 300, sequence(0.3, 0.25))), 500);
  });

  it('case=clamped to base ± deviation and to zero', () => {
    // u → 1 - 0.999999 gives z ≈ 5.26 σ, far outside ±3σ.
    assert.equal(randomDelayMs(500, 300, sequence(0.999999, 0)), 800);
    assert.equal(randomDelayMs(500, 300, sequence(0.999999, 0.5)), 200);
    assert.equal(randomDelayMs(100, 500, sequence(0.999999, 0.5)), 0);
  });

  it('case=many draws stay inside the interval and average near base', () => {
    const draws = Array.from({ length: 2000 }, () => randomDelayMs(500, 500));
    assert.ok(draws.every((d) => d >= 0 && d <= 1000));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    assert.ok(Math.abs(mean - 500) < 25, `mean ${mean}`);
  });
});

describe('fakeCompare', () => {
  it('case=argon2 sleeps around expected_duration ± expected_deviation and hashes nothing', async () => {
    const limiter = new HashLimiter(1);
    const slept: number[] = [];
    const c = config({ algorithm: 'argon2', argon2: { expected_duration: '2s', expected_deviation: '300ms' } });
    const result = await fakeCompare(c, 'whatever', {
      limiter,
      random: sequence(0.5, 0),
      sleep: async (ms) => void slept.push(ms),
    });
    assert.equal(result, false);
    assert.equal(slept.length, 1);
    assert.equal((slept[0] as number).toFixed(3), (2000 + Math.sqrt(2 * Math.LN2) * 100).toFixed(3));
    assert.equal(limiter.stats().started, 0);
  });

  it('case=bcrypt does a real compare at the configured cost through the limiter', async () => {
    const limiter = new HashLimiter(1);
    const c = config({ algorithm: 'bcrypt', bcrypt: { cost: 4 } });
    const sleep = async () => assert.fail('bcrypt must not sleep');
    assert.equal(await fakeCompare(c, 'first', { limiter, sleep }), false);
    assert.equal(await fakeCompare(c, 'second', { limiter, sleep }), false);
    assert.equal(await fakeCompare(c, 'third', { limiter, sleep }), false);
    // One dummy hash made on first use, then one compare per call.
    assert.equal(limiter.stats().completed, 3);
  });

  it('case=bcrypt with more than 72 bytes returns at once, like a real compare', async () => {
    const limiter = new HashLimiter(1);
    const c = config({ algorithm: 'bcrypt', bcrypt: { cost: 4 } });
    assert.equal(await fakeCompare(c, 'x'.repeat(73), { limiter }), false);
    assert.equal(limiter.stats().started, 0);
  });
});
