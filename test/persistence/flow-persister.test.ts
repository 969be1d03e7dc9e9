import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import type { SqlDatabase } from '../../src/persistence/sql/connect.js';
import type { BaseFlow, Flow, FlowKind, FlowOfKind } from '../../src/selfservice/flow/flow.js';
import { newId } from '../../src/x/random.js';
import { forEachDialect, openTestDatabase } from '../helpers/databases.js';
import { T0, later, makeIdentity, rejectsWithStatus } from './fixtures.js';

const KINDS: readonly FlowKind[] = ['login', 'registration', 'settings', 'recovery', 'verification'];

/** A ui container with nested nodes, messages and text outside ASCII (ui.md). */
function makeUi(id: string, kind: FlowKind): Record<string, unknown> {
  return {
    action: `http://127.0.0.1:4433/self-service/${kind}?flow=${id}`,
    method: 'POST',
    nodes: [
      {
        type: 'input',
        group: 'default',
        attributes: { name: 'csrf_token', type: 'hidden', value: 'tok€n', required: true, disabled: false, node_type: 'input' },
        messages: [],
        meta: {},
      },
      {
        type: 'input',
        group: 'password',
        attributes: { name: 'traits.name', type: 'text', value: { first: 'Zoë', last: '山田 🔐', rtl: 'שלום' }, disabled: false, node_type: 'input' },
        messages: [{ id: 4000001, text: 'length must be >= 8, but got 3 — «é»', type: 'error', context: { expected: 8, actual: 3 } }],
        meta: { label: { id: 1070001, text: 'Passwort', type: 'info', context: {} } },
      },
    ],
    messages: [{ id: 1010003, text: 'Please confirm this action by verifying that it is you.', type: 'info' }],
  };
}

function base(kind: FlowKind, over: Partial<BaseFlow> = {}): BaseFlow {
  const id = over.id ?? newId();
  return {
    id,
    type: 'browser',
    expiresAt: later(3_600_000),
    issuedAt: T0,
    requestUrl: `http://127.0.0.1:4433/self-service/${kind}/browser?return_to=https%3A%2F%2Fapp.example%2F%C3%BC`,
    ui: makeUi(id, kind),
    csrfToken: 'bWFza2VkLWNzcmYtdG9rZW4tMTIzNDU2Nzg5MA==',
    active: '',
    internalContext: { webauthn_session_data: { challenge: 'c2hh', user_id: 'dXNlcg==', allowed: [1, 2, 3] }, note: 'ünïcödé' },
    createdAt: T0,
    updatedAt: later(1),
    ...over,
  };
}

/** A flow of `kind` whose kind fields differ from every column default. */
function makeFlow<K extends FlowKind>(kind: K, identityId: string, over: Partial<BaseFlow> = {}): FlowOfKind<K> {
  const b = base(kind, over);
  const flows: { [P in FlowKind]: FlowOfKind<P> } = {
    login: { ...b, kind: 'login', active: 'password', refresh: true, requestedAal: 'aal2' },
    registration: { ...b, kind: 'registration', active: 'password' },
    settings: { ...b, kind: 'settings', active: 'profile', identityId, state: 'success' },
    recovery: { ...b, kind: 'recovery', active: 'link', state: 'sent_email', recoveredIdentityId: identityId },
    verification: { ...b, kind: 'verification', active: 'link', state: 'passed_challenge' },
  };
  return flows[kind];
}

/** The same flow with every mutable field changed. */
function changed(flow: Flow, otherIdentityId: string): Flow {
  const b = {
    ...flow,
    type: 'api' as const,
    expiresAt: later(7_200_001),
    issuedAt: later(5),
    requestUrl: `${flow.requestUrl}&refresh=true`,
    ui: { ...flow.ui, messages: [{ id: 4000006, text: 'The provided credentials are invalid — 認証', type: 'error' }] },
    csrfToken: 'b3RoZXItbWFza2VkLXRva2Vu',
    active: 'oidc',
    internalContext: { totp_url: 'otpauth://totp/Gatehouse:zoë?secret=JBSWY3DPEHPK3PXP' },
    createdAt: later(999_999),
    updatedAt: later(60_000),
  };
  switch (b.kind) {
    case 'login':
      return { ...b, refresh: false, requestedAal: 'aal1' };
    case 'registration':
      return b;
    case 'settings':
      return { ...b, identityId: otherIdentityId, state: 'show_form' };
    case 'recovery':
      return { ...b, state: 'passed_challenge', recoveredIdentityId: otherIdentityId };
    case 'verification':
      return { ...b, state: 'sent_email' };
  }
}

async function newIdentity(db: SqlDatabase): Promise<string> {
  const identity = makeIdentity();
  await db.identities.createIdentity(identity);
  return identity.id;
}

const tableOf = (kind: FlowKind) => `selfservice_${kind}_flows` as const;

async function rawRow(db: SqlDatabase, kind: FlowKind, id: string): Promise<Record<string, unknown> | undefined> {
  const res = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(tableOf(kind))} WHERE id = ${id}`.execute(db.kysely);
  return res.rows[0];
}

forEachDialect('flow persister', (getDb, ctx) => {
  for (const kind of KINDS) {
    it(`case=create then get returns every field kind=${kind}`, async () => {
      const db = getDb();
      const flow = makeFlow(kind, await newIdentity(db));
      await db.flows.createFlow(flow);
      const got = await db.flows.getFlow(kind, flow.id);
      assert.deepEqual(got, flow);
      assert.equal(got?.expiresAt.getUTCMilliseconds(), 123, 'ms precision');
      // ui is stored as the JSON document itself.
      const row = await rawRow(db, kind, flow.id);
      const ui = typeof row?.ui === 'string' ? JSON.parse(row.ui) : row?.ui;
      assert.deepEqual(ui, flow.ui);
      assert.equal(row?.nid, db.networkId);
    });

    it(`case=update replaces every mutable field and keeps created_at kind=${kind}`, async () => {
      const db = getDb();
      const flow = makeFlow(kind, await newIdentity(db));
      await db.flows.createFlow(flow);
      const update = changed(flow, await newIdentity(db));
      await db.flows.updateFlow(update);
      const got = await db.flows.getFlow(kind, flow.id);
      assert.deepEqual(got, { ...update, createdAt: flow.createdAt });
    });

    it(`case=empty active and empty documents round-trip kind=${kind}`, async () => {
      const db = getDb();
      const flow: Flow = { ...makeFlow(kind, await newIdentity(db)), active: '', ui: {}, internalContext: {}, csrfToken: '' };
      if (flow.kind === 'recovery') flow.recoveredIdentityId = null;
      await db.flows.createFlow(flow);
      assert.deepEqual(await db.flows.getFlow(kind, flow.id), flow);
      const row = await rawRow(db, kind, flow.id);
      // Upstream: active_method is NOT NULL '' on login/registration, nullable elsewhere.
      assert.equal(row?.active_method, kind === 'login' || kind === 'registration' ? '' : null);
      if (kind === 'recovery') assert.equal(row?.recovered_identity_id, null);
    });

    it(`case=unknown, malformed and other-kind ids are not found kind=${kind}`, async () => {
      const db = getDb();
      const identityId = await newIdentity(db);
      const flow = makeFlow(kind, identityId);
      await db.flows.createFlow(flow);
      assert.equal(await db.flows.getFlow(kind, newId()), null);
      for (const bad of ['', 'not-a-uuid', `${flow.id}x`, flow.id.slice(1), `' OR 1=1 --`, `{${flow.id}}`, flow.id.replace(/-/g, '')]) {
        assert.equal(await db.flows.getFlow(kind, bad), null, `malformed id ${JSON.stringify(bad)}`);
      }
      for (const other of KINDS.filter((k) => k !== kind)) {
        assert.equal(await db.flows.getFlow(other, flow.id), null, `${kind} flow is not a ${other} flow`);
        await rejectsWithStatus(db.flows.updateFlow({ ...makeFlow(other, identityId), id: flow.id }), 404);
      }
      assert.deepEqual(await db.flows.getFlow(kind, flow.id.toUpperCase()), flow, 'ids are case-insensitive');
    });

    it(`case=update of an unknown or malformed id is not found kind=${kind}`, async () => {
      const db = getDb();
      const flow = makeFlow(kind, await newIdentity(db));
      await rejectsWithStatus(db.flows.updateFlow(flow), 404);
      assert.equal(await db.flows.getFlow(kind, flow.id), null, 'update does not insert');
      await rejectsWithStatus(db.flows.updateFlow({ ...flow, id: 'not-a-uuid' }), 404);
    });

    it(`case=creating an existing id conflicts kind=${kind}`, async () => {
      const db = getDb();
      const flow = makeFlow(kind, await newIdentity(db));
      await db.flows.createFlow(flow);
      await rejectsWithStatus(db.flows.createFlow({ ...flow, requestUrl: 'http://other.example/' }), 409);
      assert.deepEqual(await db.flows.getFlow(kind, flow.id), flow);
    });
  }

  it('case=a flow id that is not a UUID is rejected alike on every dialect', async () => {
    const db = getDb();
    const identityId = await newIdentity(db);
    await rejectsWithStatus(db.flows.createFlow({ ...makeFlow('login', identityId), id: 'not-a-uuid' }), 500);
    await rejectsWithStatus(db.flows.createFlow({ ...makeFlow('settings', identityId), identityId: 'nope' }), 500);
    await rejectsWithStatus(db.flows.createFlow({ ...makeFlow('recovery', identityId), recoveredIdentityId: 'nope' }), 500);
  });

  // Regression: PostgreSQL's jsonb rejected the escape JSON.stringify writes for a lone
  // surrogate (22P02, answered as 404) while SQLite stored it; both now store U+FFFD.
  it('case=lone surrogates in ui and internal context are stored as U+FFFD on every dialect', async () => {
    const db = getDb();
    const flow = makeFlow('registration', await newIdentity(db));
    flow.ui = { ...flow.ui, messages: [{ text: 'a\ud800b', context: { ['k\udc00']: '\udc00\ud83d\udd10' } }] };
    flow.internalContext = { v: '\ud83d' };
    await db.flows.createFlow(flow);
    const got = await db.flows.getFlow('registration', flow.id);
    assert.deepEqual(got?.ui.messages, [{ text: 'a\ufffdb', context: { ['k\ufffd']: '\ufffd\ud83d\udd10' } }]);
    assert.deepEqual(got?.internalContext, { v: '\ufffd' });
    await db.flows.updateFlow({ ...flow, ui: { v: '\udbff' } });
    assert.deepEqual((await db.flows.getFlow('registration', flow.id))?.ui, { v: '\ufffd' });
  });

  it('case=a settings flow needs an existing identity', async () => {
    const db = getDb();
    const flow = makeFlow('settings', newId());
    await rejectsWithStatus(db.flows.createFlow(flow), 500);
    assert.equal(await db.flows.getFlow('settings', flow.id), null);
  });

  it('case=flows are scoped to the network', async () => {
    const db = getDb();
    const identityId = await newIdentity(db);
    const mine = KINDS.map((kind) => makeFlow(kind, identityId));
    for (const f of mine) await db.flows.createFlow(f);
    const other = await openTestDatabase(ctx.dsn(), { migrate: false });
    try {
      await other.init({ networkId: newId() });
      assert.notEqual(other.networkId, db.networkId);
      for (const f of mine) {
        assert.equal(await other.flows.getFlow(f.kind, f.id), null, `${f.kind} flow invisible to another network`);
        await rejectsWithStatus(other.flows.updateFlow(changed(f, identityId)), 404);
        assert.deepEqual(await db.flows.getFlow(f.kind, f.id), f, `${f.kind} flow untouched by another network`);
      }
      const theirs = makeFlow('registration', identityId);
      await other.flows.createFlow(theirs);
      assert.deepEqual(await other.flows.getFlow('registration', theirs.id), theirs);
      assert.equal(await db.flows.getFlow('registration', theirs.id), null);
    } finally {
      await other.close();
    }
  });

  it('case=deleting an identity deletes its settings flows and the recovery flows that recovered it', async () => {
    const db = getDb();
    const doomed = await newIdentity(db);
    const survivor = await newIdentity(db);
    const settings = makeFlow('settings', doomed);
    const recovery = makeFlow('recovery', doomed);
    const keptSettings = makeFlow('settings', survivor);
    const keptRecovery = makeFlow('recovery', survivor);
    const unboundRecovery: Flow = { ...makeFlow('recovery', doomed), recoveredIdentityId: null };
    const others = (['login', 'registration', 'verification'] as const).map((k) => makeFlow(k, doomed));
    for (const f of [settings, recovery, keptSettings, keptRecovery, unboundRecovery, ...others]) await db.flows.createFlow(f);
    await db.identities.deleteIdentity(doomed);
    assert.equal(await db.flows.getFlow('settings', settings.id), null);
    assert.equal(await db.flows.getFlow('recovery', recovery.id), null);
    for (const f of [keptSettings, keptRecovery, unboundRecovery, ...others]) {
      assert.deepEqual(await db.flows.getFlow(f.kind, f.id), f, `${f.kind} flow kept`);
    }
  });
});
