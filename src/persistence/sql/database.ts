import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { CourierPersister } from '../../courier/persister.js';
import type { IdentityPool } from '../../identity/pool.js';
import type { ErrorPersister } from '../../selfservice/errorx/persister.js';
import type { ContinuityPersister } from '../../selfservice/flow/continuity-persister.js';
import type { FlowPersister } from '../../selfservice/flow/persister.js';
import type { LinkPersister } from '../../selfservice/strategy/link/persister.js';
import type { SessionPersister } from '../../session/persister.js';
import { newId } from '../../x/random.js';
import type { SqlContext } from './context.js';
import { SqlContinuityPersister } from './continuity-persister.js';
import { SqlCourierPersister } from './courier-persister.js';
import { SqlErrorPersister } from './error-persister.js';
import { INVALIDATE_CHANNEL } from './events.js';
import type { InvalidationListener } from './events.js';
import { SqlFlowPersister } from './flow-persister.js';
import { SqlIdentityPool } from './identity-pool.js';
import { SqlLinkPersister } from './link-persister.js';
import { Migrator } from './migrator.js';
import type { MigrationState } from './migrator.js';
import { PgListener } from './pg-listener.js';
import type { Logger } from './postgres-driver.js';
import type { DB, Dialect } from './schema.js';
import { SqlSessionPersister } from './session-persister.js';
import { runInTransaction } from './transaction.js';

/** An open database with its persisters, scoped to one network after `init()`. */
export interface SqlDatabase {
  readonly dialect: Dialect;
  readonly kysely: Kysely<DB>;
  /** In-memory SQLite: migrated and initialised by `openDatabase`, lost on close. */
  readonly isMemory: boolean;
  /** The network id chosen by `init()` (throws before). */
  readonly networkId: string;
  /** True when changes made by other processes reach `onInvalidate` (PostgreSQL LISTEN is up). */
  readonly crossProcessInvalidation: boolean;
  readonly identities: IdentityPool;
  readonly sessions: SessionPersister;
  readonly errors: ErrorPersister;
  readonly flows: FlowPersister;
  readonly continuity: ContinuityPersister;
  readonly courier: CourierPersister;
  /** Recovery and verification link tokens. */
  readonly links: LinkPersister;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  migrationStatus(): Promise<MigrationState[]>;
  pendingMigrations(): Promise<number>;
  /**
   * Picks the network (the oldest row of `networks`, created when the table is empty; or
   * `networkId`, created if missing) and, on PostgreSQL, starts listening for invalidations.
   * Call after migrating.
   */
  init(opts?: { networkId?: string }): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Subscribes to invalidations, fired after commit for session changes/revocations/deletions
   * and identity updates/deletions — on PostgreSQL also for those made by other processes.
   */
  onInvalidate(listener: InvalidationListener): () => void;
}

const PG_NETWORK_LOCK = 7_252_091_002;

export class SqlDatabaseImpl implements SqlDatabase {
  readonly identities: IdentityPool;
  readonly sessions: SessionPersister;
  readonly errors: ErrorPersister;
  readonly flows: FlowPersister;
  readonly continuity: ContinuityPersister;
  readonly courier: CourierPersister;
  readonly links: LinkPersister;
  readonly #ctx: SqlContext;
  readonly #migrator: Migrator;
  readonly #listenConfig: pg.ClientConfig | null;
  readonly #logger: Logger | undefined;
  #listener: PgListener | null = null;
  #closed = false;

  constructor(
    ctx: SqlContext,
    readonly isMemory: boolean,
    opts: { listenConfig: pg.ClientConfig | null; logger?: Logger },
  ) {
    this.#ctx = ctx;
    this.#migrator = new Migrator(ctx.dialect, ctx.kysely, ctx.codec, ctx.clock);
    this.#listenConfig = opts.listenConfig;
    this.#logger = opts.logger;
    this.identities = new SqlIdentityPool(ctx);
    this.sessions = new SqlSessionPersister(ctx);
    this.errors = new SqlErrorPersister(ctx);
    this.flows = new SqlFlowPersister(ctx);
    this.continuity = new SqlContinuityPersister(ctx);
    this.courier = new SqlCourierPersister(ctx);
    this.links = new SqlLinkPersister(ctx);
  }

  get dialect(): Dialect {
    return this.#ctx.dialect;
  }

  get kysely(): Kysely<DB> {
    return this.#ctx.kysely;
  }

  get networkId(): string {
    return this.#ctx.nid;
  }

  get crossProcessInvalidation(): boolean {
    return this.#listener?.connected ?? false;
  }

  migrate(): Promise<string[]> {
    return this.#migrator.migrate();
  }

  migrationStatus(): Promise<MigrationState[]> {
    return this.#migrator.status();
  }

  pendingMigrations(): Promise<number> {
    return this.#migrator.pending();
  }

  async init(opts: { networkId?: string } = {}): Promise<void> {
    const { codec, clock } = this.#ctx;
    let nid: string;
    try {
      nid = await runInTransaction(this.kysely, this.dialect, async (trx) => {
        if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PG_NETWORK_LOCK})`.execute(trx);
        const wanted = opts.networkId?.toLowerCase();
        const existing = wanted
          ? await trx.selectFrom('networks').select('id').where('id', '=', wanted).executeTakeFirst()
          : await trx.selectFrom('networks').select('id').orderBy('created_at', 'asc').orderBy('id', 'asc').limit(1).executeTakeFirst();
        if (existing) return existing.id;
        const id = wanted ?? newId();
        const now = codec.time(clock.now());
        await trx.insertInto('networks').values({ id, created_at: now, updated_at: now }).execute();
        return id;
      });
    } catch (err) {
      throw new Error(`unable to select the network (is the database migrated?): ${(err as Error).message}`);
    }
    this.#ctx.nid = nid;
    if (this.#listenConfig && !this.#listener && !this.#closed) {
      const bus = this.#ctx.bus;
      this.#listener = new PgListener({
        config: this.#listenConfig,
        channel: INVALIDATE_CHANNEL,
        onPayload: (payload) => bus.emit(bus.decode(payload)),
        onGap: () => bus.emit([{ kind: 'all', id: '*' }]),
        logger: this.#logger,
      });
      await this.#listener.start();
    }
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#listener?.close();
    await this.kysely.destroy();
  }

  onInvalidate(listener: InvalidationListener): () => void {
    return this.#ctx.bus.on(listener);
  }
}
