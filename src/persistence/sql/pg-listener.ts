import pg from 'pg';
import type { Logger } from './postgres-driver.js';

/**
 * A dedicated connection that LISTENs on one channel and reconnects (back-off 100 ms → 5 s)
 * when it drops. `onGap` runs when the connection is lost and again once it is back, because
 * notifications sent meanwhile are lost.
 */
export class PgListener {
  readonly #config: pg.ClientConfig;
  readonly #channel: string;
  readonly #onPayload: (payload: string) => void;
  readonly #onGap: () => void;
  readonly #logger: Logger | undefined;
  #client: pg.Client | null = null;
  #closed = false;
  #timer: NodeJS.Timeout | null = null;
  #delay = 100;

  constructor(opts: {
    config: pg.ClientConfig;
    channel: string;
    onPayload: (payload: string) => void;
    onGap: () => void;
    logger?: Logger;
  }) {
    this.#config = { ...opts.config, application_name: 'gatehouse_listen' };
    this.#channel = opts.channel;
    this.#onPayload = opts.onPayload;
    this.#onGap = opts.onGap;
    this.#logger = opts.logger;
  }

  get connected(): boolean {
    return this.#client !== null;
  }

  /** Connects once; on failure keeps retrying in the background. */
  async start(): Promise<void> {
    try {
      await this.#connect();
    } catch (err) {
      this.#logger?.warn(`PostgreSQL LISTEN connection failed: ${(err as Error).message}`);
      this.#schedule();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const c = this.#client;
    this.#client = null;
    if (c) await c.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.#config);
    client.on('notification', (msg) => {
      if (msg.channel === this.#channel && msg.payload) this.#onPayload(msg.payload);
    });
    client.on('error', (err) => {
      this.#logger?.warn(`PostgreSQL LISTEN connection error: ${err.message}`);
      this.#lost(client);
    });
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.#channel)}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#delay = 100;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => undefined);
    if (this.#closed) return;
    this.#onGap();
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed || this.#timer) return;
    const delay = this.#delay;
    this.#delay = Math.min(this.#delay * 2, 5000);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#connect().then(
        () => {
          if (!this.#closed) this.#onGap();
        },
        (err: Error) => {
          this.#logger?.warn(`PostgreSQL LISTEN reconnect failed: ${err.message}`);
          this.#schedule();
        },
      );
    }, delay);
    this.#timer.unref();
  }
}
