import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MESSAGE_TYPE_EMAIL, MessageStatus, type CourierMessage } from '../../src/courier/message.js';
import type { SqlDatabase } from '../../src/persistence/sql/connect.js';
import type { RecoveryFlow, VerificationFlow } from '../../src/selfservice/flow/flow.js';
import { hashLinkToken, linkTokenCandidates, newLinkToken } from '../../src/selfservice/strategy/link/token.js';
import { newId } from '../../src/x/random.js';
import { forEachDialect } from '../helpers/databases.js';
import { T0, later, makeIdentity } from './fixtures.js';

const SECRET = 'link-persister-secret-0001';

function mail(to: string): CourierMessage {
  return {
    id: newId(),
    type: MESSAGE_TYPE_EMAIL,
    status: MessageStatus.queued,
    recipient: to,
    subject: 'subject\n',
    body: 'body\n',
    templateType: 'verification_valid',
    templateData: { To: to },
    createdAt: T0,
    updatedAt: T0,
  };
}

function flowBase(kind: 'recovery' | 'verification') {
  const id = newId();
  return {
    id,
    type: 'browser' as const,
    expiresAt: later(3_600_000),
    issuedAt: T0,
    requestUrl: `http://127.0.0.1:4433/self-service/${kind}/browser`,
    ui: { action: `http://127.0.0.1:4433/self-service/${kind}?flow=${id}`, method: 'POST', nodes: [] },
    csrfToken: '',
    active: '',
    internalContext: {},
    createdAt: T0,
    updatedAt: T0,
    state: 'choose_method' as const,
  };
}

async function recoveryFlow(db: SqlDatabase): Promise<RecoveryFlow> {
  const f: RecoveryFlow = { ...flowBase('recovery'), kind: 'recovery', recoveredIdentityId: null };
  await db.flows.createFlow(f);
  return f;
}

async function verificationFlow(db: SqlDatabase): Promise<VerificationFlow> {
  const f: VerificationFlow = { ...flowBase('verification'), kind: 'verification' };
  await db.flows.createFlow(f);
  return f;
}

forEachDialect('link persister', (getDb) => {
  it('case=addresses are found case-insensitively, unknown ones are null', async () => {
    const db = getDb();
    const identity = makeIdentity({ email: `Mixed.${newId().slice(0, 8)}@Example.org` });
    await db.identities.createIdentity(identity);
    const value = identity.recoveryAddresses[0]!.value;
    const r = await db.links.findRecoveryAddress(value.toUpperCase());
    assert.deepEqual(r, { id: identity.recoveryAddresses[0]!.id, identityId: identity.id, value });
    const v = await db.links.findVerifiableAddress(value.toLowerCase());
    assert.equal(v?.id, identity.verifiableAddresses[0]!.id);
    assert.equal(await db.links.findRecoveryAddress(`nobody-${newId()}@example.org`), null);
  });

  it('case=a recovery token is stored hashed with its mail in one write and used exactly once', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const flow = await recoveryFlow(db);
    const token = newLinkToken();
    assert.match(token, /^[A-Za-z0-9]{32}$/);
    const m = mail(identity.recoveryAddresses[0]!.value);
    await db.links.createRecoveryToken(
      { id: newId(), hash: hashLinkToken(SECRET, token), identityId: identity.id, addressId: identity.recoveryAddresses[0]!.id, flowId: flow.id, issuedAt: T0, expiresAt: later(60_000) },
      m,
    );
    const stored = await db.kysely.selectFrom('identity_recovery_tokens').select('token').where('identity_id', '=', identity.id).execute();
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.token, token, 'the raw token is never stored');
    assert.match(stored[0]!.token, /^[0-9a-f]{64}$/);
    assert.ok((await db.courier.list()).some((x) => x.id === m.id), 'the mail is queued with the token');

    // An old secret first in the list still finds the token signed by SECRET.
    const used = await db.links.useRecoveryToken(linkTokenCandidates(['rotated-new-secret-0002', SECRET], token), later(1000));
    assert.ok(used);
    assert.equal(used.identityId, identity.id);
    assert.equal(used.flowId, flow.id);
    assert.equal(used.address?.value, identity.recoveryAddresses[0]!.value);
    assert.equal(used.expiresAt.getTime(), later(60_000).getTime());
    assert.equal(await db.links.useRecoveryToken(linkTokenCandidates([SECRET], token), later(2000)), null, 'single use');
  });

  it('case=an admin recovery token has no address and no flow; an expired token is still consumed', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const token = newLinkToken();
    await db.links.createRecoveryToken(
      { id: newId(), hash: hashLinkToken(SECRET, token), identityId: identity.id, addressId: null, flowId: null, issuedAt: T0, expiresAt: later(1) },
      null,
    );
    const used = await db.links.useRecoveryToken([hashLinkToken(SECRET, token)], later(3_600_000));
    assert.deepEqual({ ...used, expiresAt: used?.expiresAt.getTime() }, { identityId: identity.id, address: null, flowId: null, expiresAt: later(1).getTime() });
    assert.equal(await db.links.useRecoveryToken([hashLinkToken(SECRET, token)], later(3_600_001)), null);
  });

  it('case=concurrent uses of one token: exactly one wins', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const token = newLinkToken();
    await db.links.createRecoveryToken(
      { id: newId(), hash: hashLinkToken(SECRET, token), identityId: identity.id, addressId: null, flowId: null, issuedAt: T0, expiresAt: later(60_000) },
      null,
    );
    const results = await Promise.all(Array.from({ length: 8 }, () => db.links.useRecoveryToken([hashLinkToken(SECRET, token)], later(1))));
    assert.equal(results.filter((r) => r !== null).length, 1);
  });

  it('case=a verification token moves its address to sent with the mail, and verifying completes it', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const address = identity.verifiableAddresses[0]!;
    const flow = await verificationFlow(db);
    const token = newLinkToken();
    await db.links.createVerificationToken(
      { id: newId(), hash: hashLinkToken(SECRET, token), addressId: address.id, flowId: flow.id, issuedAt: T0, expiresAt: later(60_000) },
      mail(address.value),
    );
    let stored = await db.identities.getIdentity(identity.id);
    assert.equal(stored.verifiableAddresses[0]!.status, 'sent');
    assert.equal(stored.verifiableAddresses[0]!.verified, false);

    const used = await db.links.useVerificationToken([hashLinkToken(SECRET, token)], later(10));
    assert.deepEqual(used?.address, { id: address.id, identityId: identity.id, value: address.value });
    assert.equal(used?.flowId, flow.id);
    assert.equal(await db.links.markAddressVerified(address.id, later(20)), true);
    stored = await db.identities.getIdentity(identity.id);
    assert.equal(stored.verifiableAddresses[0]!.status, 'completed');
    assert.equal(stored.verifiableAddresses[0]!.verified, true);
    assert.equal(stored.verifiableAddresses[0]!.verifiedAt?.getTime(), later(20).getTime());
    assert.equal(await db.links.useVerificationToken([hashLinkToken(SECRET, token)], later(30)), null, 'single use');
    assert.equal(await db.links.markAddressVerified(newId(), later(20)), false);
  });

  it('case=a failed write leaves neither token nor mail (one transaction)', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const before = (await db.courier.list()).length;
    const m = mail('x@example.org');
    m.id = 'not-a-uuid';
    await assert.rejects(
      db.links.createVerificationToken(
        { id: newId(), hash: hashLinkToken(SECRET, newLinkToken()), addressId: identity.verifiableAddresses[0]!.id, flowId: null, issuedAt: T0, expiresAt: later(60_000) },
        m,
      ),
    );
    assert.equal((await db.courier.list()).length, before);
    const tokens = await db.kysely.selectFrom('identity_verification_tokens').select('id').where('identity_verifiable_address_id', '=', identity.verifiableAddresses[0]!.id).execute();
    assert.equal(tokens.length, 0);
    assert.equal((await db.identities.getIdentity(identity.id)).verifiableAddresses[0]!.status, 'pending');
  });

  it('case=markValueVerified verifies the identity’s address with that value, case-insensitively', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    await db.links.markValueVerified(identity.id, identity.verifiableAddresses[0]!.value.toUpperCase(), later(5));
    const stored = await db.identities.getIdentity(identity.id);
    assert.equal(stored.verifiableAddresses[0]!.verified, true);
    assert.equal(stored.verifiableAddresses[0]!.status, 'completed');
  });

  it('case=deleting the identity removes its tokens (cascade)', async () => {
    const db = getDb();
    const identity = makeIdentity();
    await db.identities.createIdentity(identity);
    const token = newLinkToken();
    await db.links.createRecoveryToken(
      { id: newId(), hash: hashLinkToken(SECRET, token), identityId: identity.id, addressId: identity.recoveryAddresses[0]!.id, flowId: null, issuedAt: T0, expiresAt: later(60_000) },
      null,
    );
    await db.identities.deleteIdentity(identity.id);
    assert.equal(await db.links.useRecoveryToken([hashLinkToken(SECRET, token)], later(1)), null);
  });
});
