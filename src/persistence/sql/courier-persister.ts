import type { Kysely, Selectable } from 'kysely';
import type { Claim, ClaimOptions, ClaimedMessage, CourierPersister, StoredCourierMessage } from '../../courier/persister.js';
import { MESSAGE_TYPE_EMAIL, MessageStatus } from '../../courier/message.js';
import type { CourierMessage, TemplateType } from '../../courier/message.js';
import { newId } from '../../x/random.js';
import { readTime, readTimeOrNull } from './codec.js';
import type { SqlContext } from './context.js';
import { mapErrors } from './errors.js';
import { uuidColumn } from './ids.js';
import { jsonText } from './json-text.js';
import type { CourierMessagesTable, DB } from './schema.js';
import { runInTransaction } from './transaction.js';

type Row = Omit<Selectable<CourierMessagesTable>, 'nid'>;

const COLUMNS = [
  'id',
  'type',
  'status',
  'recipient',
  'subject',
  'body',
  'template_type',
  'template_data',
  'created_at',
  'updated_at',
  'claim_token',
  'claimed_at',
  'failed_attempts',
  'next_attempt_at',
  'last_error',
] as const satisfies readonly (keyof Row)[];

/** Errors can quote whole SMTP conversations; the column keeps the start. */
const MAX_ERROR_LENGTH = 1000;

/**
 * Inserts a message inside the caller's transaction, so a flow can queue its mail atomically
 * with the token rows the mail refers to. `template_data` is the model's JSON as bytes.
 */
export async function insertCourierMessage(trx: Kysely<DB>, ctx: SqlContext, msg: CourierMessage): Promise<void> {
  const { codec, nid } = ctx;
  await mapErrors(() =>
    trx
      .insertInto('courier_messages')
      .values({
        id: uuidColumn(msg.id, 'courier message id'),
        nid,
        type: msg.type,
        status: msg.status,
        recipient: msg.recipient,
        subject: msg.subject,
        body: msg.body,
        template_type: msg.templateType,
        template_data: Buffer.from(jsonText(msg.templateData), 'utf8'),
        failed_attempts: 0,
        created_at: codec.time(msg.createdAt),
        updated_at: codec.time(msg.updatedAt),
      })
      .execute(),
  );
}

function readTemplateData(v: unknown): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  try {
    const text = typeof v === 'string' ? v : Buffer.from(v as Uint8Array).toString('utf8');
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    // Unreadable data only costs the HTML part (rendered from it at send time), never the mail.
    return {};
  }
}

function decode(row: Row): StoredCourierMessage {
  return {
    id: row.id,
    type: MESSAGE_TYPE_EMAIL,
    status: Number(row.status) as MessageStatus,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    templateType: row.template_type as TemplateType,
    templateData: readTemplateData(row.template_data),
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
    failedAttempts: Number(row.failed_attempts),
    nextAttemptAt: readTimeOrNull(row.next_attempt_at),
    claimedAt: readTimeOrNull(row.claimed_at),
    lastError: row.last_error,
  };
}

const byAge = (a: ClaimedMessage, b: ClaimedMessage): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * SQL storage of the outbox. A claim is one statement that picks and marks the batch:
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent workers take disjoint batches without
 * waiting for each other; on SQLite it runs under `BEGIN IMMEDIATE`, which serialises writers.
 * Every later update is conditional on the claim token, so a worker whose claim was taken over
 * (after the lease) cannot settle the message a second time.
 *
 * Delivery is exactly-once in normal operation; a process dying between the SMTP server's
 * acceptance and `markSent` leaves the message `processing`, and it is sent once more after the
 * lease — at-least-once only on a crash.
 */
export class SqlCourierPersister implements CourierPersister {
  readonly #ctx: SqlContext;

  constructor(ctx: SqlContext) {
    this.#ctx = ctx;
  }

  async enqueue(msg: CourierMessage): Promise<void> {
    await insertCourierMessage(this.#ctx.kysely, this.#ctx, msg);
  }

  async claim({ limit, leaseMs }: ClaimOptions): Promise<Claim> {
    const { kysely, codec, clock, nid, dialect } = this.#ctx;
    const now = clock.now();
    const token = newId();
    const nowValue = codec.time(now);
    const staleBefore = codec.time(new Date(now.getTime() - leaseMs));
    const pick = (db: Kysely<DB>) =>
      db
        .with('next', (w) => {
          const q = w
            .selectFrom('courier_messages')
            .select('id')
            .where('nid', '=', nid)
            .where((eb) =>
              eb.or([
                eb.and([
                  eb('status', '=', MessageStatus.queued),
                  eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', nowValue)]),
                ]),
                eb.and([eb('status', '=', MessageStatus.processing), eb('claimed_at', '<=', staleBefore)]),
                // Rows left in processing before this column existed carry no claim time.
                eb.and([eb('status', '=', MessageStatus.processing), eb('claimed_at', 'is', null), eb('updated_at', '<=', staleBefore)]),
              ]),
            )
            .orderBy('created_at', 'asc')
            .orderBy('id', 'asc')
            .limit(limit);
          return dialect === 'postgres' ? q.forUpdate().skipLocked() : q;
        })
        .updateTable('courier_messages')
        .set({ status: MessageStatus.processing, claim_token: token, claimed_at: nowValue, updated_at: nowValue })
        .where('id', 'in', (eb) => eb.selectFrom('next').select('next.id'))
        .returning(COLUMNS)
        .execute();
    const rows = await mapErrors(() => (dialect === 'postgres' ? pick(kysely) : runInTransaction(kysely, dialect, pick)));
    // RETURNING does not keep the subquery's order.
    const messages: ClaimedMessage[] = rows.map((r) => {
      const { nextAttemptAt: _n, claimedAt: _c, lastError: _l, ...m } = decode(r);
      return m;
    });
    return { token, messages: messages.sort(byAge) };
  }

  async renew(token: string, id: string): Promise<boolean> {
    const { codec, clock } = this.#ctx;
    return this.#updateClaimed(token, [id], { claimed_at: codec.time(clock.now()) });
  }

  async markSent(token: string, id: string): Promise<boolean> {
    const { codec, clock } = this.#ctx;
    const now = codec.time(clock.now());
    return this.#updateClaimed(token, [id], { status: MessageStatus.sent, next_attempt_at: null, updated_at: now });
  }

  async release(token: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { codec, clock } = this.#ctx;
    const now = codec.time(clock.now());
    await this.#updateClaimed(token, ids, { status: MessageStatus.queued, claim_token: null, updated_at: now });
  }

  async defer(token: string, id: string, retryAt: Date, error: string): Promise<void> {
    const { codec, clock, kysely, nid } = this.#ctx;
    const now = codec.time(clock.now());
    await mapErrors(() =>
      kysely
        .updateTable('courier_messages')
        .set((eb) => ({
          status: MessageStatus.queued,
          claim_token: null,
          failed_attempts: eb('failed_attempts', '+', 1),
          next_attempt_at: codec.time(retryAt),
          last_error: error.slice(0, MAX_ERROR_LENGTH),
          updated_at: now,
        }))
        .where('id', '=', id)
        .where('nid', '=', nid)
        .where('status', '=', MessageStatus.processing)
        .where('claim_token', '=', token)
        .execute(),
    );
  }

  async countByStatus(): Promise<Record<keyof typeof MessageStatus, number>> {
    const { kysely, nid } = this.#ctx;
    const rows = await mapErrors(() =>
      kysely
        .selectFrom('courier_messages')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('nid', '=', nid)
        .groupBy('status')
        .execute(),
    );
    const out = { queued: 0, sent: 0, processing: 0 };
    for (const r of rows) {
      const status = Number(r.status);
      if (status === MessageStatus.queued) out.queued = Number(r.n);
      else if (status === MessageStatus.sent) out.sent = Number(r.n);
      else if (status === MessageStatus.processing) out.processing = Number(r.n);
    }
    return out;
  }

  async list(): Promise<StoredCourierMessage[]> {
    const { kysely, nid } = this.#ctx;
    const rows = await mapErrors(() =>
      kysely.selectFrom('courier_messages').select(COLUMNS).where('nid', '=', nid).orderBy('created_at', 'asc').orderBy('id', 'asc').execute(),
    );
    return rows.map(decode);
  }

  /** Updates messages still held by this claim; true when any row matched. */
  async #updateClaimed(
    token: string,
    ids: readonly string[],
    values: { status?: number; claim_token?: null; claimed_at?: string | Date; next_attempt_at?: null; updated_at?: string | Date },
  ): Promise<boolean> {
    const { kysely, nid } = this.#ctx;
    const res = await mapErrors(() =>
      kysely
        .updateTable('courier_messages')
        .set(values)
        .where('id', 'in', [...ids])
        .where('nid', '=', nid)
        .where('status', '=', MessageStatus.processing)
        .where('claim_token', '=', token)
        .executeTakeFirst(),
    );
    return Number(res.numUpdatedRows) > 0;
  }
}
