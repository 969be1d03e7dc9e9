import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Argon2Hasher } from './argon2.js';
import { BcryptHasher } from './bcrypt.js';
import { comparePassword } from './compare.js';
import { HashLimiter, defaultHashConcurrency, libuvThreadpoolSize } from './limiter.js';

/** Counts concurrency from inside the tasks, independently of the limiter's own stats. */
function probe() {
  let now = 0;
  let max = 0;
  return {
    get max() {
      return max;
    },
    async around<T>(work: () => Promise<T>): Promise<T> {
      now++;
      max = Math.max(max, now);
      try {
        return await work();
      } finally {
        now--;
      }
    },
  };
}

describe('HashLimiter', () => {
  it('case=never exceeds the bound with many parallel real hashes', async () => {
    const limiter = new HashLimiter(2);
    const hasher = new BcryptHasher(4, limiter);
    const p = probe();
    const seen: number[] = [];
    const timer = setInterval(() => seen.push(limiter.stats().inFlight), 1);
    try {
      // The probe wraps the whole hasher call; the limiter sits inside it, so only stats can see it.
      await Promise.all(Array.from({ length: 24 }, (_, i) => p.around(() => hasher.generate(`password-${i}`))));
    } finally {
      clearInterval(timer);
    }
    const stats = limiter.stats();
    assert.equal(stats.started, 24);
    assert.equal(stats.completed, 24);
    assert.equal(stats.maxInFlight, 2);
    assert.ok(stats.maxQueued >= 20, `queued ${stats.maxQueued}`);
    assert.ok(Math.max(...seen) <= 2);
    assert.equal(p.max, 24, 'all 24 callers were waiting at once, so the bound came from the limiter');
  });

  it('case=bound holds when measured from inside the tasks', async () => {
    const limiter = new HashLimiter(3);
    const p = probe();
    await Promise.all(Array.from({ length: 30 }, (_, i) => limiter.run(() => p.around(() => sleep(i % 4)))));
    assert.equal(p.max, 3);
  });

  it('case=regression a newcomer cannot take a slot being handed to a queued task', async () => {
    const limiter = new HashLimiter(1);
    const p = probe();
    let releaseFirst!: () => void;
    let firstTask!: Promise<void>;
    const first = limiter.run(() => (firstTask = new Promise<void>((r) => (releaseFirst = r))));
    await sleep(1);
    const queued = limiter.run(() => p.around(() => sleep(5)));
    // Runs after the limiter's own continuation released the slot but before the queued task's.
    let late: Promise<void> | undefined;
    void firstTask.then(() => {
      late = limiter.run(() => p.around(() => sleep(5)));
    });
    releaseFirst();
    await first;
    await queued;
    await late;
    assert.equal(p.max, 1);
  });

  it('case=a failing task releases its slot', async () => {
    const limiter = new HashLimiter(1);
    await assert.rejects(limiter.run(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limiter.run(async () => 'next'), 'next');
    assert.equal(limiter.stats().inFlight, 0);
  });

  it('case=queued work is served first in, first out', async () => {
    const limiter = new HashLimiter(1);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.run(async () => void order.push(i))));
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
  });

  it('case=event loop keeps ticking while 8 argon2 hashes run', async () => {
    const hasher = new Argon2Hasher({ memoryKiB: 32768, iterations: 2, parallelism: 2, saltLength: 16, keyLength: 32 }, new HashLimiter(2));
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 5);
    const started = performance.now();
    const hashes = await Promise.all(Array.from({ length: 8 }, (_, i) => hasher.generate(`pw-${i}`)));
    const elapsed = performance.now() - started;
    clearInterval(timer);
    assert.equal(await comparePassword('pw-7', hashes[7] as string), true);
    // Relative, not absolute: a hash computed on the main thread would leave one gap as long as
    // the whole run and (almost) no ticks.
    const gaps = ticks.slice(1).map((t, i) => t - (ticks[i] as number));
    const maxGap = Math.max(0, ...gaps);
    assert.ok(ticks.length >= 5, `only ${ticks.length} ticks in ${elapsed.toFixed(0)} ms`);
    assert.ok(maxGap < elapsed / 2, `event loop stalled for ${maxGap.toFixed(0)} of ${elapsed.toFixed(0)} ms`);
  });

  it('case=default concurrency is one per core, leaving a libuv thread free', () => {
    assert.equal(defaultHashConcurrency(2, 4), 2);
    assert.equal(defaultHashConcurrency(16, 4), 3);
    assert.equal(defaultHashConcurrency(16, 18), 16);
    assert.equal(defaultHashConcurrency(1, 1), 1);
    assert.equal(libuvThreadpoolSize({}), 4);
    assert.equal(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: '12' }), 12);
    assert.equal(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: 'x' }), 4);
    assert.throws(() => new HashLimiter(0), RangeError);
  });
});
