import { newId } from '../../x/random.js';

/**
 * A change that makes cached session lookups stale. `session`: that session was changed,
 * revoked or deleted. `identity`: the identity was updated or deleted, or all its sessions
 * were deleted. `all` (id `*`): events may have been missed (the PostgreSQL LISTEN connection
 * dropped); drop every cached entry.
 */
export interface InvalidationEvent {
  kind: 'identity' | 'session' | 'all';
  id: string;
}

export type InvalidationListener = (ev: InvalidationEvent) => void;

export const INVALIDATE_CHANNEL = 'gatehouse_invalidate';

/** NOTIFY payloads must stay below 8000 bytes. */
const MAX_PAYLOAD = 7000;

const KIND_CODE = { identity: 'i', session: 's', all: 'a' } as const;
const CODE_KIND: Record<string, InvalidationEvent['kind']> = { i: 'identity', s: 'session', a: 'all' };

/** In-process fan-out of invalidation events, plus their wire encoding for NOTIFY. */
export class InvalidationBus {
  /** Identifies this process's notifications so it ignores its own echoes. */
  readonly origin = newId();
  readonly #listeners = new Set<InvalidationListener>();

  on(listener: InvalidationListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(events: readonly InvalidationEvent[]): void {
    for (const ev of events) {
      for (const l of this.#listeners) {
        try {
          l(ev);
        } catch {
          // A failing listener must not break the write that triggered it.
        }
      }
    }
  }

  /** Encodes events as one or more NOTIFY payloads. */
  encode(events: readonly InvalidationEvent[]): string[] {
    const payloads: string[] = [];
    let batch: [string, string][] = [];
    let size = 0;
    const flush = () => {
      if (batch.length) payloads.push(JSON.stringify({ o: this.origin, e: batch }));
      batch = [];
      size = 0;
    };
    for (const ev of events) {
      const entry: [string, string] = [KIND_CODE[ev.kind], ev.id];
      const len = ev.id.length + 10;
      if (size + len > MAX_PAYLOAD - 100) flush();
      batch.push(entry);
      size += len;
    }
    flush();
    return payloads;
  }

  /** Decodes a NOTIFY payload; empty for our own notifications or unreadable payloads. */
  decode(payload: string): InvalidationEvent[] {
    try {
      const msg = JSON.parse(payload) as { o?: unknown; e?: unknown };
      if (msg.o === this.origin || !Array.isArray(msg.e)) return [];
      const out: InvalidationEvent[] = [];
      for (const entry of msg.e) {
        if (!Array.isArray(entry) || typeof entry[1] !== 'string') continue;
        const kind = CODE_KIND[String(entry[0])];
        if (kind) out.push({ kind, id: entry[1] });
      }
      return out;
    } catch {
      return [];
    }
  }
}
