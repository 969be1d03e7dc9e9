/**
 * Have I Been Pwned "range" lookups with k-anonymity: only the first five hex digits of the
 * password's SHA-1 leave the machine; the full hash is matched locally against the returned list.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { internal } from '../../../http/errors.js';

/** Upstream's error texts; they surface as the 4000005 reason when network errors are fatal. */
export const NETWORK_FAILURE_TEXT = 'unable to check if password has been leaked because an unexpected network error occurred';
export const UNEXPECTED_STATUS_TEXT = 'unexpected status code';

/** The breach service could not be consulted; whether that rejects the password is policy. */
export class BreachCheckUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BreachCheckUnavailableError';
  }
}

export interface BreachCheckerOptions {
  /** `haveibeenpwned_host`, optionally with a port. */
  host: string;
  /** Tests talk plain http to a loopback stand-in. */
  scheme?: 'https' | 'http';
  /** Whole-request deadline; upstream's client gives up after a few seconds too. */
  timeoutMs?: number;
  /** How long a fetched range is reused. */
  cacheTtlMs?: number;
  /** Most ranges kept at once (each holds ~1000 suffixes). */
  cacheMaxPrefixes?: number;
  now?: () => number;
}

interface CachedRange {
  expiresAt: number;
  /** Upper-case 35-digit suffix → breach count; zero-count padding rows are not stored. */
  counts: Map<string, number>;
}

/** A range response is ~30 KB; anything far larger is not the API we expect. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class BreachChecker {
  private readonly scheme: 'https' | 'http';
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly maxPrefixes: number;
  private readonly now: () => number;
  /** Insertion-ordered, so the first key is the least recently fetched or used. */
  private readonly cache = new Map<string, CachedRange>();
  /** Concurrent checks of passwords sharing a prefix wait for one request. */
  private readonly inFlight = new Map<string, Promise<Map<string, number>>>();
  private fetches = 0;

  constructor(private readonly opts: BreachCheckerOptions) {
    this.scheme = opts.scheme ?? 'https';
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.ttlMs = opts.cacheTtlMs ?? 5 * 60_000;
    this.maxPrefixes = opts.cacheMaxPrefixes ?? 256;
    this.now = opts.now ?? Date.now;
  }

  /** Number of range requests made so far (for tests and diagnostics). */
  get requestCount(): number {
    return this.fetches;
  }

  /**
   * How often the password appears in known breaches (0 if never). Rejects with
   * BreachCheckUnavailableError when the service cannot be reached or answers non-200, and with
   * an internal error when it answers 200 with a body that is not a range list (as upstream).
   */
  async breachCount(password: string): Promise<number> {
    const sha1 = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
    const prefix = sha1.slice(0, 5);
    const counts = await this.range(prefix);
    return counts.get(sha1.slice(5)) ?? 0;
  }

  private async range(prefix: string): Promise<Map<string, number>> {
    const hit = this.cache.get(prefix);
    if (hit && hit.expiresAt > this.now()) {
      this.cache.delete(prefix);
      this.cache.set(prefix, hit);
      return hit.counts;
    }
    this.cache.delete(prefix);
    const pending = this.inFlight.get(prefix);
    if (pending) return pending;
    const fetching = this.fetchRange(prefix).finally(() => this.inFlight.delete(prefix));
    this.inFlight.set(prefix, fetching);
    const counts = await fetching;
    this.cache.set(prefix, { expiresAt: this.now() + this.ttlMs, counts });
    while (this.cache.size > this.maxPrefixes) this.cache.delete(this.cache.keys().next().value as string);
    return counts;
  }

  private async fetchRange(prefix: string): Promise<Map<string, number>> {
    const url = `${this.scheme}://${this.opts.host}/range/${prefix}`;
    this.fetches++;
    let body: string;
    try {
      body = await this.get(url);
    } catch (err) {
      if (err instanceof BreachCheckUnavailableError) throw err;
      // Shaped like Go's wrapped client error: `Get "<url>": <cause>: <upstream text>`.
      const cause = err instanceof Error ? err.message : String(err);
      throw new BreachCheckUnavailableError(`Get "${url}": ${cause}: ${NETWORK_FAILURE_TEXT}`);
    }
    return parseRange(body);
  }

  private get(url: string): Promise<string> {
    const request = this.scheme === 'https' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'GET',
          // Padding makes every response about the same size, so its length does not hint at the prefix.
          headers: { 'Add-Padding': 'true', 'User-Agent': 'gatehouse' },
          signal: AbortSignal.timeout(this.timeoutMs),
        },
        (res: IncomingMessage) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new BreachCheckUnavailableError(`${res.statusCode ?? 0}: ${UNEXPECTED_STATUS_TEXT}`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) req.destroy(new Error('response body too large'));
            else chunks.push(chunk);
          });
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('error', reject);
        },
      );
      req.on('error', (err) => reject(err.name === 'AbortError' ? new Error(`timeout after ${this.timeoutMs}ms`) : err));
      req.end();
    });
  }
}

/** Parses `SUFFIX:COUNT` lines. Malformed rows fail hard, with upstream's reason texts. */
export function parseRange(body: string): Map<string, number> {
  const counts = new Map<string, number>();
  const rows = body.split('\n');
  // A final newline does not start another row (Go's line scanner behaves the same).
  if (rows[rows.length - 1] === '') rows.pop();
  for (const row of rows) {
    const trimmed = row.trim();
    const parts = trimmed === '' ? [] : trimmed.split(':');
    if (parts.length !== 2) {
      throw internal(
        `Expected password hash from remote to contain two parts separated by a double dot but got: [${parts.join(' ')}] (${row})`,
      );
    }
    const [suffix, countText] = parts as [string, string];
    if (!/^[+-]?[0-9]{1,18}$/.test(countText)) {
      throw internal(`Expected password hash to contain a count formatted as int but got: ${countText}`);
    }
    const count = Number(countText);
    if (count > 0) counts.set(suffix.toUpperCase(), count);
  }
  return counts;
}
