import type { Kysely } from 'kysely';
import { notFound } from '../../http/errors.js';
import type {
  BaseFlow,
  ChallengeState,
  Flow,
  FlowKind,
  FlowOfKind,
  FlowType,
  LoginFlow,
  SettingsFlow,
} from '../../selfservice/flow/flow.js';
import type { FlowPersister } from '../../selfservice/flow/persister.js';
import { isUuid } from '../../x/random.js';
import { readBool, readJson, readTime } from './codec.js';
import type { Codec } from './codec.js';
import type { ReadStatement, SqlContext } from './context.js';
import { readStatement } from './context.js';
import { mapErrors } from './errors.js';
import { uuidColumn } from './ids.js';
import { jsonText } from './json-text.js';
import type { DB, Dialect } from './schema.js';

/** Intersected with the schema so that a missing table fails to type-check. */
type FlowTable = `selfservice_${FlowKind}_flows` & keyof DB;

const FLOW_KINDS: readonly FlowKind[] = ['login', 'registration', 'settings', 'recovery', 'verification'];

const tableOf = (kind: FlowKind): FlowTable => `selfservice_${kind}_flows`;

const COMMON_COLUMNS = [
  'id',
  'type',
  'request_url',
  'issued_at',
  'expires_at',
  'ui',
  'csrf_token',
  'active_method',
  'internal_context',
  'created_at',
  'updated_at',
] as const;

const KIND_COLUMNS: Record<FlowKind, readonly string[]> = {
  login: ['forced', 'requested_aal'],
  registration: [],
  settings: ['identity_id', 'state'],
  recovery: ['state', 'recovered_identity_id'],
  verification: ['state'],
};

/** A row of any flow table as read (kind columns are present only for their kind). */
interface FlowRow {
  id: string;
  type: string;
  request_url: string;
  issued_at: unknown;
  expires_at: unknown;
  ui: unknown;
  csrf_token: string;
  active_method: string | null;
  internal_context: unknown;
  created_at: unknown;
  updated_at: unknown;
  forced?: unknown;
  requested_aal?: string;
  identity_id?: string;
  state?: string;
  recovered_identity_id?: string | null;
}

/**
 * The five tables share their common columns, but Kysely cannot type a table chosen at run
 * time; writes go through this view, the values being built per kind below.
 */
type FlowWriteDb = Record<FlowTable, Record<string, unknown> & { id: string; nid: string }>;

function statements(d: Dialect): Record<FlowKind, ReadStatement> {
  const byKind = {} as Record<FlowKind, ReadStatement>;
  for (const kind of FLOW_KINDS) {
    const columns = [...COMMON_COLUMNS, ...KIND_COLUMNS[kind]].join(', ');
    byKind[kind] = readStatement(d, `flow_get_${kind}`, `SELECT ${columns} FROM ${tableOf(kind)} WHERE id = ? AND nid = ?`);
  }
  return byKind;
}

const jsonObject = (v: unknown): Record<string, unknown> => {
  const parsed = readJson(v);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
};

/** Every column but `id`, `nid` and `created_at` (which never change after the insert). */
function mutableColumns(flow: Flow, codec: Codec): Record<string, unknown> {
  // `active_method` is nullable on settings, recovery and verification flows: '' is stored as NULL.
  const nullableActive = flow.active === '' ? null : flow.active;
  const common = {
    type: flow.type,
    request_url: flow.requestUrl,
    issued_at: codec.time(flow.issuedAt),
    expires_at: codec.time(flow.expiresAt),
    ui: jsonText(flow.ui ?? {}),
    csrf_token: flow.csrfToken,
    internal_context: jsonText(flow.internalContext ?? {}),
    updated_at: codec.time(flow.updatedAt),
  };
  switch (flow.kind) {
    case 'login':
      return { ...common, active_method: flow.active, forced: codec.bool(flow.refresh), requested_aal: flow.requestedAal };
    case 'registration':
      return { ...common, active_method: flow.active };
    case 'settings':
      return {
        ...common,
        active_method: nullableActive,
        identity_id: uuidColumn(flow.identityId, 'identity id of the settings flow'),
        state: flow.state,
      };
    case 'recovery':
      return {
        ...common,
        active_method: nullableActive,
        state: flow.state,
        recovered_identity_id:
          flow.recoveredIdentityId === null ? null : uuidColumn(flow.recoveredIdentityId, 'recovered identity id'),
      };
    case 'verification':
      return { ...common, active_method: nullableActive, state: flow.state };
  }
}

function decodeFlow(kind: FlowKind, row: FlowRow): Flow {
  const base: BaseFlow = {
    id: row.id,
    type: row.type as FlowType,
    expiresAt: readTime(row.expires_at),
    issuedAt: readTime(row.issued_at),
    requestUrl: row.request_url,
    ui: jsonObject(row.ui),
    csrfToken: row.csrf_token,
    active: row.active_method ?? '',
    internalContext: jsonObject(row.internal_context),
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
  };
  switch (kind) {
    case 'login':
      return { ...base, kind, refresh: readBool(row.forced), requestedAal: row.requested_aal as LoginFlow['requestedAal'] };
    case 'registration':
      return { ...base, kind };
    case 'settings':
      return { ...base, kind, identityId: String(row.identity_id), state: row.state as SettingsFlow['state'] };
    case 'recovery':
      return { ...base, kind, state: row.state as ChallengeState, recoveredIdentityId: row.recovered_identity_id ?? null };
    case 'verification':
      return { ...base, kind, state: row.state as ChallengeState };
  }
}

/**
 * SQL storage of the five flow kinds, one table each (datamodel.md §4), scoped to the network.
 * Timestamps are written as given by the caller, `updatedAt` included; `createdAt` is fixed at
 * the insert.
 */
export class SqlFlowPersister implements FlowPersister {
  readonly #ctx: SqlContext;
  readonly #q: Record<FlowKind, ReadStatement>;

  constructor(ctx: SqlContext) {
    this.#ctx = ctx;
    this.#q = statements(ctx.dialect);
  }

  get #db(): Kysely<FlowWriteDb> {
    return this.#ctx.kysely as unknown as Kysely<FlowWriteDb>;
  }

  async createFlow<K extends FlowKind>(flow: FlowOfKind<K>): Promise<void> {
    const { codec, nid } = this.#ctx;
    const values = {
      id: uuidColumn(flow.id, 'flow id'),
      nid,
      created_at: codec.time(flow.createdAt),
      ...mutableColumns(flow, codec),
    };
    await mapErrors(() => this.#db.insertInto(tableOf(flow.kind)).values(values).execute());
  }

  /** Throws notFound when no flow of that kind has the id in the current network. */
  async updateFlow<K extends FlowKind>(flow: FlowOfKind<K>): Promise<void> {
    if (!isUuid(flow.id)) throw notFound();
    const { codec, nid } = this.#ctx;
    const values = mutableColumns(flow, codec);
    const res = await mapErrors(() =>
      this.#db
        .updateTable(tableOf(flow.kind))
        .set(values)
        .where('id', '=', flow.id.toLowerCase())
        .where('nid', '=', nid)
        .executeTakeFirst(),
    );
    if (Number(res.numUpdatedRows) === 0) throw notFound();
  }

  async getFlow<K extends FlowKind>(kind: K, id: string): Promise<FlowOfKind<K> | null> {
    if (!isUuid(id)) return null;
    const stmt = this.#q[kind];
    if (!stmt) return null;
    const rows = await this.#ctx.read<FlowRow>(stmt, [id.toLowerCase(), this.#ctx.nid]);
    return rows[0] ? (decodeFlow(kind, rows[0]) as FlowOfKind<K>) : null;
  }
}
