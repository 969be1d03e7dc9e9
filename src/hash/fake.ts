/**
 * Work done for a login whose identifier matches no identity, so that its response time does not
 * reveal that the identifier is unknown (flows.md §4.1 step 6).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleepMs } from 'node:timers/promises';
import { hash } from 'bcrypt';
import { mustParseDuration } from '../x/duration.js';
import { BCRYPT_MAX_PASSWORD_BYTES, compareBcrypt } from './bcrypt.js';
import { utf8Length } from './encoding.js';
import type { HasherConfig } from './hasher.js';
import { sharedHashLimiter } from './limiter.js';
import type { HashLimiter } from './limiter.js';

/**
 * A delay drawn from a normal distribution centred on `baseMs` with σ = deviation/3 (so ~99.7 %
 * of draws fall inside base ± deviation), clamped to that interval and to ≥ 0 — the intent
 * upstream documents for `x.RandomDelay`.
 */
export function randomDelayMs(baseMs: number, deviationMs: number, random: () => number = Math.random): number {
  // Box–Muller; 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - random();
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  const sample = baseMs + normal * (deviationMs / 3);
  return Math.max(0, baseMs - deviationMs, Math.min(baseMs + deviationMs, sample));
}

export interface FakeCompareOptions {
  limiter?: HashLimiter;
  /** Replaced in tests so no real time passes. */
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

/** One dummy hash per cost, made on first use; its password is random and never kept. */
const dummyHashes = new Map<number, Promise<string>>();

/**
 * Always resolves false. With argon2 configured it sleeps for a random duration around
 * `hashers.argon2.expected_duration ± expected_deviation`, as upstream. With bcrypt it instead
 * runs a real compare at the configured cost against a dummy hash, because a bcrypt login's
 * duration is set by the cost, not by the argon2 timing keys, and a sleep would stand out. The
 * very first call creates the dummy hash, which costs the same as a compare.
 */
export async function fakeCompare(config: HasherConfig, password = '', opts: FakeCompareOptions = {}): Promise<false> {
  const { hashers } = config.raw;
  if (hashers.algorithm === 'argon2') {
    const base = mustParseDuration(hashers.argon2.expected_duration);
    const deviation = mustParseDuration(hashers.argon2.expected_deviation);
    await (opts.sleep ?? sleepMs)(randomDelayMs(base, deviation, opts.random));
    return false;
  }
  // A real compare refuses these without hashing; match its timing.
  if (utf8Length(password) > BCRYPT_MAX_PASSWORD_BYTES) return false;
  const limiter = opts.limiter ?? sharedHashLimiter();
  const cost = config.bcryptCost;
  const existing = dummyHashes.get(cost);
  if (!existing) {
    const made = limiter.run(() => hash(randomBytes(18).toString('base64'), cost));
    dummyHashes.set(cost, made);
    made.catch(() => dummyHashes.delete(cost));
    await made.catch(() => undefined);
    return false;
  }
  const dummy = await existing.catch(() => undefined);
  if (dummy) await compareBcrypt(password, dummy, limiter);
  return false;
}
