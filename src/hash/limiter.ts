/**
 * Bounds how many password hashes (generate or compare) run at once.
 *
 * bcrypt@6 and @node-rs/argon2 both run on libuv's thread pool, so hashing never blocks the
 * event loop directly. Left unbounded, though, a burst of logins would (a) occupy every pool
 * thread, so `fs`, `dns.lookup` and zlib work queued behind seconds of hashing, (b) multiply
 * argon2's memory (128 MiB per hash by default), and (c) give the OS more CPU-bound threads to
 * time-slice against the one thread that serves whoami. Queuing excess hashes here keeps whoami
 * latency flat while logins simply wait their turn.
 *
 * Note that @node-rs/argon2 also spreads the lanes of one hash (`p`) over its own worker threads:
 * measured here, one p=4 hash used 230 ms of CPU in 122 ms of wall time on 2 cores. So with
 * argon2 the bound mostly caps memory and pool occupancy; the CPU is saturated either way.
 */
import { availableParallelism } from 'node:os';

/** Counters for benchmarks and diagnostics; cumulative since the limiter was created. */
export interface HashLimiterStats {
  limit: number;
  inFlight: number;
  queued: number;
  /** Highest `inFlight` ever observed; never exceeds `limit`. */
  maxInFlight: number;
  maxQueued: number;
  started: number;
  completed: number;
  /** Total and worst time an operation waited for a slot. */
  totalWaitMs: number;
  maxWaitMs: number;
}

/** libuv's default pool size when UV_THREADPOOL_SIZE is unset. */
const LIBUV_DEFAULT_POOL = 4;

/** Reads UV_THREADPOOL_SIZE the way libuv does (1–1024, anything invalid → 4). */
export function libuvThreadpoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
  if (!Number.isFinite(n) || n < 1) return LIBUV_DEFAULT_POOL;
  return Math.min(n, 1024);
}

/**
 * One hash per core saturates the CPU already (more only adds context switches), and one libuv
 * thread is always left for file and DNS work. With libuv's default pool of 4 on 2 cores this is
 * 2; on a 16-core host, raise UV_THREADPOOL_SIZE (e.g. to cores + 2) before the process starts,
 * or hashing stays capped at 3.
 */
export function defaultHashConcurrency(
  cores: number = availableParallelism(),
  poolSize: number = libuvThreadpoolSize(),
): number {
  return Math.max(1, Math.min(cores, poolSize - 1));
}

/** A counting semaphore with FIFO hand-off, so no queued hash starves behind later arrivals. */
export class HashLimiter {
  readonly limit: number;
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly counters = { maxInFlight: 0, maxQueued: 0, started: 0, completed: 0, totalWaitMs: 0, maxWaitMs: 0 };

  constructor(limit: number = defaultHashConcurrency()) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`hash concurrency must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  /** Runs `task` once a slot is free; the slot is released however the task settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  stats(): HashLimiterStats {
    return { limit: this.limit, inFlight: this.inFlight, queued: this.waiters.length, ...this.counters };
  }

  private async acquire(): Promise<void> {
    if (this.inFlight < this.limit) {
      this.inFlight++;
      this.entered(0);
      return;
    }
    const queuedAt = performance.now();
    // The releasing task hands its slot straight to us (inFlight stays put), so a newcomer
    // arriving between the wake-up and our continuation can never squeeze in over the limit.
    await new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      this.counters.maxQueued = Math.max(this.counters.maxQueued, this.waiters.length);
    });
    this.entered(performance.now() - queuedAt);
  }

  private entered(waitedMs: number): void {
    this.counters.started++;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.inFlight);
    this.counters.totalWaitMs += waitedMs;
    this.counters.maxWaitMs = Math.max(this.counters.maxWaitMs, waitedMs);
  }

  private release(): void {
    this.counters.completed++;
    const next = this.waiters.shift();
    if (next) next();
    else this.inFlight--;
  }
}

let shared: HashLimiter | undefined;

/**
 * The process-wide limiter used when a caller passes none. Every hasher and compare in one process
 * must share one bound, otherwise registration and login would each get their own quota.
 */
export function sharedHashLimiter(): HashLimiter {
  return (shared ??= new HashLimiter());
}
