import type { Kysely } from 'kysely';
import type { CourierMessage } from '../../courier/message.js';
import type {
  AddressRef,
  LinkPersister,
  NewRecoveryToken,
  NewVerificationToken,
  UsedRecoveryToken,
  UsedVerificationToken,
} from '../../selfservice/strategy/link/persister.js';
import { readTime } from './codec.js';
import type { SqlContext } from './context.js';
import { insertCourierMessage } from './courier-persister.js';
import type { DB } from './schema.js';

type AddressTable = 'identity_recovery_addresses' | 'identity_verifiable_addresses';

/** SQL storage of recovery and verification link tokens (datamodel.md §5). */
export class SqlLinkPersister implements LinkPersister {
  readonly #ctx: SqlContext;

  constructor(ctx: SqlContext) {
    this.#ctx = ctx;
  }

  async #findAddress(table: AddressTable, value: string, trx: Kysely<DB> = this.#ctx.kysely): Promise<AddressRef | null> {
    const row = await trx
      .selectFrom(table as 'identity_recovery_addresses')
      .select(['id', 'identity_id', 'value'])
      // Matches the (nid, via, lower(value)) index of the address tables.
      .where('nid', '=', this.#ctx.nid)
      .where('via', '=', 'email')
      .where((eb) => eb(eb.fn('lower', ['value']), '=', value.toLowerCase()))
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(1)
      .executeTakeFirst();
    return row ? { id: row.id, identityId: row.identity_id, value: row.value } : null;
  }

  findRecoveryAddress(value: string): Promise<AddressRef | null> {
    return this.#findAddress('identity_recovery_addresses', value);
  }

  findVerifiableAddress(value: string): Promise<AddressRef | null> {
    return this.#findAddress('identity_verifiable_addresses', value);
  }

  async createRecoveryToken(t: NewRecoveryToken, mail: CourierMessage | null): Promise<void> {
    const { codec, nid } = this.#ctx;
    const now = codec.time(t.issuedAt);
    await this.#ctx.transaction(async (trx) => {
      await trx
        .insertInto('identity_recovery_tokens')
        .values({
          id: t.id,
          nid,
          token: t.hash,
          used: codec.bool(false),
          used_at: null,
          identity_recovery_address_id: t.addressId,
          selfservice_recovery_flow_id: t.flowId,
          identity_id: t.identityId,
          issued_at: now,
          expires_at: codec.time(t.expiresAt),
          created_at: now,
          updated_at: now,
        })
        .execute();
      if (mail) await insertCourierMessage(trx, this.#ctx, mail);
    });
  }

  async createVerificationToken(t: NewVerificationToken, mail: CourierMessage): Promise<void> {
    const { codec, nid } = this.#ctx;
    const now = codec.time(t.issuedAt);
    await this.#ctx.transaction(async (trx, events) => {
      const address = await trx
        .updateTable('identity_verifiable_addresses')
        .set({ status: 'sent', updated_at: now })
        .where('id', '=', t.addressId)
        .where('nid', '=', nid)
        .returning('identity_id')
        .executeTakeFirst();
      if (address) events.push({ kind: 'identity', id: address.identity_id });
      await trx
        .insertInto('identity_verification_tokens')
        .values({
          id: t.id,
          nid,
          token: t.hash,
          used: codec.bool(false),
          used_at: null,
          identity_verifiable_address_id: t.addressId,
          selfservice_verification_flow_id: t.flowId,
          issued_at: now,
          expires_at: codec.time(t.expiresAt),
          created_at: now,
          updated_at: now,
        })
        .execute();
      await insertCourierMessage(trx, this.#ctx, mail);
    });
  }

  /** Marks a token used; false when a concurrent use of the same link got there first (single use). */
  async #markUsed(trx: Kysely<DB>, table: 'identity_recovery_tokens' | 'identity_verification_tokens', id: string, now: Date): Promise<boolean> {
    const { codec } = this.#ctx;
    const res = await trx
      .updateTable(table as 'identity_recovery_tokens')
      .set({ used: codec.bool(true), used_at: codec.time(now), updated_at: codec.time(now) })
      .where('id', '=', id)
      .where('used', '=', codec.bool(false))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async useRecoveryToken(hashes: readonly string[], now: Date): Promise<UsedRecoveryToken | null> {
    if (hashes.length === 0) return null;
    const { codec, nid } = this.#ctx;
    return this.#ctx.transaction(async (trx) => {
      const row = await trx
        .selectFrom('identity_recovery_tokens as t')
        .leftJoin('identity_recovery_addresses as a', 'a.id', 't.identity_recovery_address_id')
        .select(['t.id', 't.identity_id', 't.selfservice_recovery_flow_id', 't.expires_at', 'a.id as address_id', 'a.value as address_value'])
        .where('t.token', 'in', [...hashes])
        .where('t.nid', '=', nid)
        .where('t.used', '=', codec.bool(false))
        .limit(1)
        .executeTakeFirst();
      if (!row) return null;
      const won = await this.#markUsed(trx, 'identity_recovery_tokens', row.id, now);
      if (!won) return null;
      return {
        identityId: row.identity_id,
        address: row.address_id ? { id: row.address_id, identityId: row.identity_id, value: row.address_value ?? '' } : null,
        flowId: row.selfservice_recovery_flow_id,
        expiresAt: readTime(row.expires_at),
      };
    });
  }

  async useVerificationToken(hashes: readonly string[], now: Date): Promise<UsedVerificationToken | null> {
    if (hashes.length === 0) return null;
    const { codec, nid } = this.#ctx;
    return this.#ctx.transaction(async (trx) => {
      const row = await trx
        .selectFrom('identity_verification_tokens as t')
        .innerJoin('identity_verifiable_addresses as a', 'a.id', 't.identity_verifiable_address_id')
        .select(['t.id', 't.selfservice_verification_flow_id', 't.expires_at', 'a.id as address_id', 'a.identity_id', 'a.value'])
        .where('t.token', 'in', [...hashes])
        .where('t.nid', '=', nid)
        .where('t.used', '=', codec.bool(false))
        .limit(1)
        .executeTakeFirst();
      if (!row) return null;
      const won = await this.#markUsed(trx, 'identity_verification_tokens', row.id, now);
      if (!won) return null;
      return {
        address: { id: row.address_id, identityId: row.identity_id, value: row.value },
        flowId: row.selfservice_verification_flow_id,
        expiresAt: readTime(row.expires_at),
      };
    });
  }

  async #verify(trx: Kysely<DB>, where: { id: string } | { identityId: string; value: string }, at: Date): Promise<string | null> {
    const { codec, nid } = this.#ctx;
    let q = trx
      .updateTable('identity_verifiable_addresses')
      .set({ verified: codec.bool(true), status: 'completed', verified_at: codec.time(at), updated_at: codec.time(at) })
      .where('nid', '=', nid);
    q =
      'id' in where
        ? q.where('id', '=', where.id)
        : q.where('identity_id', '=', where.identityId).where((eb) => eb(eb.fn('lower', ['value']), '=', where.value.toLowerCase()));
    const row = await q.returning('identity_id').executeTakeFirst();
    return row?.identity_id ?? null;
  }

  async markAddressVerified(addressId: string, at: Date): Promise<boolean> {
    return this.#ctx.transaction(async (trx, events) => {
      const identityId = await this.#verify(trx, { id: addressId }, at);
      if (identityId) events.push({ kind: 'identity', id: identityId });
      return identityId !== null;
    });
  }

  async markValueVerified(identityId: string, value: string, at: Date): Promise<void> {
    await this.#ctx.transaction(async (trx, events) => {
      if (await this.#verify(trx, { identityId, value }, at)) events.push({ kind: 'identity', id: identityId });
    });
  }
}
