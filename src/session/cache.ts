/**
 * In-process cache of whoami answers keyed by session-token hash. Entries are dropped when the
 * persistence layer reports a change (revocation, deletion, identity update — locally, and from
 * other instances through PostgreSQL NOTIFY), and are never served past `maxStaleMs` after they
 * were read from the database, which bounds staleness even if a notification is lost.
 */
export interface CachedSession {
  sessionId: string;
  identityId: string;
  /** Session expiry; checked on every hit. */
  expiresAtMs: number;
  /** Serialised 200 body, or null when the AAL requirement failed. */
  body: string | null;
  /** The AAL-failure error to answer instead of the body. */
  aal: 'ok' | 'aal2_required' | 'unknown';
  fetchedAtMs: number;
}

export interface SessionCacheOptions {
  maxEntries: number;
  maxStaleMs: number;
}

export class SessionCache {
  private readonly byToken = new Map<string, CachedSession>();
  private readonly bySession = new Map<string, string>();
  private readonly byIdentity = new Map<string, Set<string>>();

  /**
   * Bumped by every invalidation: a lookup that started before a revocation must not put its
   * (now outdated) answer into the cache afterwards.
   */
  private gen = 0;

  constructor(private readonly opts: SessionCacheOptions) {}

  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.byToken.size;
  }

  get(tokenHash: string, nowMs: number): CachedSession | undefined {
    const e = this.byToken.get(tokenHash);
    if (!e) return undefined;
    if (nowMs - e.fetchedAtMs > this.opts.maxStaleMs || nowMs >= e.expiresAtMs) {
      this.delete(tokenHash);
      return undefined;
    }
    return e;
  }

  /** Stores an entry read from the database; dropped when an invalidation happened since `generation`. */
  set(tokenHash: string, entry: CachedSession, generation = this.gen): void {
    if (this.opts.maxEntries <= 0 || generation !== this.gen) return;
    this.delete(tokenHash);
    while (this.byToken.size >= this.opts.maxEntries) {
      const oldest = this.byToken.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    this.byToken.set(tokenHash, entry);
    this.bySession.set(entry.sessionId, tokenHash);
    let set = this.byIdentity.get(entry.identityId);
    if (!set) this.byIdentity.set(entry.identityId, (set = new Set()));
    set.add(tokenHash);
  }

  delete(tokenHash: string): void {
    const e = this.byToken.get(tokenHash);
    if (!e) return;
    this.byToken.delete(tokenHash);
    this.bySession.delete(e.sessionId);
    const set = this.byIdentity.get(e.identityId);
    if (set) {
      set.delete(tokenHash);
      if (set.size === 0) this.byIdentity.delete(e.identityId);
    }
  }

  invalidateSession(sessionId: string): void {
    this.gen++;
    const t = this.bySession.get(sessionId);
    if (t !== undefined) this.delete(t);
  }

  invalidateIdentity(identityId: string): void {
    this.gen++;
    const set = this.byIdentity.get(identityId);
    if (!set) return;
    for (const t of [...set]) this.delete(t);
  }

  clear(): void {
    this.gen++;
    this.byToken.clear();
    this.bySession.clear();
    this.byIdentity.clear();
  }
}
