/** Exponential back-off with jitter, as upstream's courier uses it (courier.md §2 "retry"). */

export interface BackoffPolicy {
  /** First delay before randomisation. */
  initialMs: number;
  /** Growth per consecutive failure. */
  multiplier: number;
  /** Each delay is drawn from `delay × [1 − r, 1 + r]`. */
  randomization: number;
  /** No delay is longer than this. */
  maxMs: number;
}

/** Upstream's values: 500 ms, ×1.5, ±50 %, at most 60 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, multiplier: 1.5, randomization: 0.5, maxMs: 60_000 };

/**
 * The delay after the `failures`-th consecutive failure (1 = the first). Unlike upstream (which
 * gives up after 15 minutes and exits), callers retry forever, so the cap matters: the delay
 * never exceeds `maxMs`, jitter included.
 */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(failures));
  // Past the cap the exponent only grows towards Infinity; stop computing it there.
  const steps = Math.min(n - 1, 200);
  const base = Math.min(policy.initialMs * policy.multiplier ** steps, policy.maxMs);
  const jitter = 1 + policy.randomization * (2 * random() - 1);
  return Math.max(0, Math.min(Math.round(base * jitter), policy.maxMs));
}

/** Counts consecutive failures and hands out the matching delays. */
export class Backoff {
  #failures = 0;
  #since: number | null = null;

  constructor(
    readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** Records a failure at `nowMs` and returns how long to wait before the next try. */
  fail(nowMs: number): number {
    this.#failures += 1;
    this.#since ??= nowMs;
    return backoffDelay(this.policy, this.#failures, this.random);
  }

  reset(): void {
    this.#failures = 0;
    this.#since = null;
  }

  get failures(): number {
    return this.#failures;
  }

  /** When the current run of failures began (ms since the epoch), or null after a success. */
  get failingSince(): number | null {
    return this.#since;
  }
}
