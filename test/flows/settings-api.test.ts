/**
 * Settings flows of native apps (`type=api`) through the real `@ory/kratos-client`
 * (api.md §4, flows.md §4.3, ui.md §5.4): nodes, profile and password updates, privileged
 * sessions, validation messages, identity checks, expiry and the API-flow guard.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { SubmitSelfServiceSettingsFlowBody } from '@ory/kratos-client';
import { assertErrorEnvelope, assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, request, uniqueEmail, useGatehouse, type Gatehouse } from '../helpers/server.js';
import { sleep, withBase, type Flow, type Traits, type UiNode, type UiText } from './settings-support.js';


interface User {
  id: string;
  token: string;
  email: string;
  password: string;
  traits: Traits;
}

const strongPassword = () => `Pw-${randomBytes(9).toString('base64url')}-42`;

/** Registers through the API flow (password method, `session` hook): a user with a password and a session token. */
async function register(gh: Gatehouse, first = 'Jane'): Promise<User> {
  const traits = { email: uniqueEmail('settings'), name: { first, last: 'Doe' } };
  const password = strongPassword();
  const init = await gh.publicApi.initializeSelfServiceRegistrationFlowWithoutBrowser();
  assert.equal(init.status, 200);
  const res = await gh.publicApi.submitSelfServiceRegistrationFlow(init.data.id, { method: 'password', password, traits });
  assert.equal(res.status, 200, JSON.stringify(res.data));
  assert.ok(res.data.session_token, 'the session hook returns a token');
  return { id: res.data.identity.id, token: res.data.session_token, email: traits.email, password, traits };
}

/** Status of an API password login (200 with a session, 400 with 4000006 otherwise). */
async function apiLogin(gh: Gatehouse, identifier: string, password: string): Promise<number> {
  const init = await gh.publicApi.initializeSelfServiceLoginFlowWithoutBrowser();
  assert.equal(init.status, 200);
  const res = await gh.publicApi.submitSelfServiceLoginFlow(init.data.id, undefined, {
    method: 'password',
    password_identifier: identifier,
    password,
  });
  if (res.status === 400) {
    const ids = ((res.data as unknown as Flow).ui.messages ?? []).map((m) => m.id);
    assert.deepEqual(ids, [4000006], 'a refused login says the credentials are invalid');
  }
  return res.status;
}

async function adminIdentity(gh: Gatehouse, id: string): Promise<Record<string, unknown> & { traits: Traits }> {
  const res = await request('GET', new URL(`identities/${id}`, gh.adminUrl));
  assert.equal(res.status, 200, res.text);
  return res.json as Record<string, unknown> & { traits: Traits };
}

async function initFlow(gh: Gatehouse, token: string): Promise<Flow> {
  const res = await gh.publicApi.initializeSelfServiceSettingsFlowWithoutBrowser(token);
  assert.equal(res.status, 200, JSON.stringify(res.data));
  assertMatchesOperation('initializeSelfServiceSettingsFlowWithoutBrowser', 200, res.data);
  return res.data as unknown as Flow;
}

async function submit(gh: Gatehouse, flowId: string, token: string, body: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await gh.publicApi.submitSelfServiceSettingsFlow(
    flowId,
    token,
    body as unknown as SubmitSelfServiceSettingsFlowBody,
    headers ? { headers } : undefined,
  );
  return { status: res.status, data: res.data as unknown };
}

const node = (flow: Flow, name: string, group?: string): UiNode => {
  const n = flow.ui.nodes.find((x) => x.attributes.name === name && (group === undefined || x.group === group));
  assert.ok(n, `node ${name} in ${JSON.stringify(flow.ui.nodes.map((x) => x.attributes.name))}`);
  return n;
};

/** The 400 flow of a failed submit, validated against the document. */
function failedFlow(res: { status: number; data: unknown }): Flow {
  assert.equal(res.status, 400, JSON.stringify(res.data));
  assertMatchesOperation('submitSelfServiceSettingsFlow', 400, res.data);
  return res.data as Flow;
}

const label = (id: number, text: string): { label: UiText } => ({ label: { id, text, type: 'info' } });

/** ui.md §5.4 for the default fixture schema on an API flow (no oidc/webauthn), in §5.1 order. */
function expectedNodes(traits: Traits): UiNode[] {
  const input = (group: string, attributes: Record<string, unknown>, meta: UiNode['meta'] = {}): UiNode => ({
    type: 'input',
    group,
    attributes: { ...attributes, disabled: false, node_type: 'input' },
    messages: [],
    meta,
  });
  return [
    input('default', { name: 'csrf_token', type: 'hidden', value: '', required: true }),
    input('profile', { name: 'traits.email', type: 'email', value: traits.email, required: true }, label(1070002, 'E-Mail')),
    input('profile', { name: 'traits.name.first', type: 'text', value: traits.name.first }, label(1070002, 'First Name')),
    input('profile', { name: 'traits.name.last', type: 'text', value: traits.name.last }, label(1070002, 'Last Name')),
    input('profile', { name: 'method', type: 'submit', value: 'profile' }, label(1070003, 'Save')),
    input('password', { name: 'password', type: 'password', required: true }, label(1070001, 'Password')),
    input('password', { name: 'method', type: 'submit', value: 'password' }, label(1070003, 'Save')),
  ];
}

const SAVED: UiText = { id: 1050001, text: 'Your changes have been saved!', type: 'info' };
const OTHER_PERSON = 'You must restart the flow because the resumable session was initiated by another person.';
const COOKIE_GUARD =
  'The HTTP Request Header included the "Cookie" key, indicating that this request was made by a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.';
const ORIGIN_GUARD =
  'The HTTP Request Header included the "Origin" key, indicating that this request was made as part of an AJAX request in a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.';

for (const dialect of DIALECTS) {
  describe(`settings type=api dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect, dev: true, config: withBase() });

    test('case=init, fetch and submit without a session answer 401 type=api', async () => {
      const init = await gh.publicApi.initializeSelfServiceSettingsFlowWithoutBrowser();
      assert.equal(init.status, 401);
      assertErrorEnvelope(401, init.data);
      assert.deepEqual(init.data, {
        error: {
          id: 'session_inactive',
          code: 401,
          status: 'Unauthorized',
          reason: 'This endpoint can only be accessed with a valid session. Please log in and try again.',
          message: 'request does not have a valid authentication session',
        },
      });
      const revoked = await register(gh);
      const flow = await initFlow(gh, revoked.token);
      await gh.revokeSession(revoked.token);
      const again = await gh.publicApi.initializeSelfServiceSettingsFlowWithoutBrowser(revoked.token);
      assert.equal(again.status, 401, 'a revoked token is no session');

      for (const [op, res] of [
        ['getSelfServiceSettingsFlow', await gh.publicApi.getSelfServiceSettingsFlow(flow.id)],
        [
          'submitSelfServiceSettingsFlow',
          await gh.publicApi.submitSelfServiceSettingsFlow(flow.id, undefined, { method: 'profile', traits: revoked.traits }),
        ],
      ] as const) {
        assert.equal(res.status, 401);
        assertMatchesOperation(op, 401, res.data);
        const err = (res.data as unknown as { error: Record<string, unknown> }).error;
        assert.equal(err.reason, 'A valid Ory Session Cookie or Ory Session Token is missing.');
        assert.equal(err.id, undefined, 'this 401 has no id (api.md §4.3)');
      }
    });

    test('case=init builds the profile and password nodes of ui.md §5.4 in §5.1 order type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      assert.equal(flow.type, 'api');
      assert.equal(flow.state, 'show_form');
      assert.equal(flow.request_url, `${gh.publicUrl}self-service/settings/api`);
      assert.equal(flow.ui.action, `${gh.publicUrl}self-service/settings?flow=${flow.id}`);
      assert.equal(flow.ui.method, 'POST');
      assert.equal(flow.ui.messages, undefined, 'no messages at creation');
      assert.equal(flow.active, undefined);
      assert.equal(flow.return_to, undefined);
      assert.equal(Date.parse(flow.expires_at) - Date.parse(flow.issued_at), 60 * 60 * 1000, 'default lifespan 1h');
      assert.equal(flow.identity.id, user.id);
      assert.deepEqual(flow.identity.traits, user.traits);
      assert.ok(!('credentials' in flow.identity), 'the flow identity carries no credentials');
      assert.deepEqual(flow.ui.nodes, expectedNodes(user.traits));

      const fetched = await gh.publicApi.getSelfServiceSettingsFlow(flow.id, user.token);
      assert.equal(fetched.status, 200);
      assertMatchesOperation('getSelfServiceSettingsFlow', 200, fetched.data);
      assert.deepEqual(fetched.data, flow);
    });

    test('case=profile update of a non-protected trait succeeds and the flow can be submitted again type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      const traits = { ...user.traits, name: { first: 'Joan', last: 'Doe' } };
      const res = await submit(gh, flow.id, user.token, { method: 'profile', traits });
      assert.equal(res.status, 200, JSON.stringify(res.data));
      assertMatchesOperation('submitSelfServiceSettingsFlow', 200, res.data);
      const done = res.data as Flow;
      assert.equal(done.id, flow.id);
      assert.equal(done.state, 'success');
      assert.deepEqual(done.ui.messages, [SAVED]);
      assert.deepEqual(done.ui.nodes, expectedNodes(traits), 'the UI is rebuilt from the updated identity');
      assert.deepEqual(done.identity.traits, traits);
      assert.deepEqual((await adminIdentity(gh, user.id)).traits, traits);

      const fetched = await gh.publicApi.getSelfServiceSettingsFlow(flow.id, user.token);
      assert.equal((fetched.data as unknown as Flow).state, 'success', 'the stored flow is in state success');

      const traits2 = { ...traits, name: { first: 'Joan', last: 'Roe' } };
      const second = await submit(gh, flow.id, user.token, { method: 'profile', traits: traits2 });
      assert.equal(second.status, 200, 'a successful flow can be submitted again');
      assert.deepEqual((second.data as Flow).ui.messages, [SAVED]);
      assert.deepEqual((await adminIdentity(gh, user.id)).traits, traits2);
    });

    test('case=changing the email with a privileged session moves the identifier and the addresses type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      const email = uniqueEmail('moved');
      const traits = { ...user.traits, email };
      const res = await submit(gh, flow.id, user.token, { method: 'profile', traits });
      assert.equal(res.status, 200, JSON.stringify(res.data));
      assertMatchesOperation('submitSelfServiceSettingsFlow', 200, res.data);
      assert.equal(node(res.data as Flow, 'traits.email').attributes.value, email);
      const stored = await adminIdentity(gh, user.id);
      assert.equal(stored.traits.email, email);
      const addrs = stored.verifiable_addresses as { value: string; status: string; verified: boolean }[];
      assert.deepEqual(
        addrs.map((a) => [a.value, a.status, a.verified]),
        [[email, 'pending', false]],
      );
      assert.deepEqual(
        (stored.recovery_addresses as { value: string }[]).map((a) => a.value),
        [email],
      );
      assert.equal(await apiLogin(gh, email, user.password), 200, 'the new email is the identifier');
      assert.equal(await apiLogin(gh, user.email, user.password), 400, 'the old email is not');
    });

    test('case=password change with a privileged session type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      const password = strongPassword();
      const res = await submit(gh, flow.id, user.token, { method: 'password', password });
      assert.equal(res.status, 200, JSON.stringify(res.data));
      assertMatchesOperation('submitSelfServiceSettingsFlow', 200, res.data);
      const done = res.data as Flow;
      assert.equal(done.state, 'success');
      assert.deepEqual(done.ui.messages, [SAVED]);
      assert.equal(node(done, 'password').attributes.value, undefined, 'the password is never echoed');
      assert.equal(await apiLogin(gh, user.email, password), 200, 'the new password works');
      assert.equal(await apiLogin(gh, user.email, user.password), 400, 'the old password does not');
    });

    test('case=password policy violations answer 4000005 on the password node type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      const cases: [string, string][] = [
        ['short', 'password length must be at least 8 characters but only got 5'],
        [user.email, 'the password is too similar to the user identifier'],
      ];
      for (const [password, reason] of cases) {
        const failed = failedFlow(await submit(gh, flow.id, user.token, { method: 'password', password }));
        assert.equal(failed.state, 'show_form');
        assert.equal(failed.ui.messages, undefined, 'no flow-level message');
        const pw = node(failed, 'password');
        assert.equal(pw.attributes.value, undefined, 'the rejected password is not echoed');
        assert.deepEqual(pw.messages, [
          { id: 4000005, text: `The password can not be used because ${reason}.`, type: 'error', context: { reason } },
        ]);
      }
      assert.equal(await apiLogin(gh, user.email, user.password), 200, 'the old password still works');
    });

    test('case=missing password answers 4000002 on the password node type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      const failed = failedFlow(await submit(gh, flow.id, user.token, { method: 'password' }));
      assert.deepEqual(node(failed, 'password').messages, [
        { id: 4000002, text: 'Property password is missing.', type: 'error', context: { property: 'password' } },
      ]);
    });

    test('case=empty traits answer 4000001 "Did not receive any value changes." type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      const failed = failedFlow(await submit(gh, flow.id, user.token, { method: 'profile', traits: {} }));
      assert.deepEqual(failed.ui.messages, [{ id: 4000001, text: 'Did not receive any value changes.', type: 'error' }]);
      assert.deepEqual((await adminIdentity(gh, user.id)).traits, user.traits);
    });

    test('case=schema-invalid traits put the validator messages on the trait nodes type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      const bad = { email: 'not-an-email', name: { first: 'Jane', last: 7 } };
      const failed = failedFlow(await submit(gh, flow.id, user.token, { method: 'profile', traits: bad }));
      assert.equal(failed.ui.messages, undefined);
      const email = node(failed, 'traits.email');
      assert.ok(email.messages.length > 0, 'the email node carries the format error');
      for (const m of email.messages) assert.deepEqual(m, { id: 4000001, text: '"not-an-email" is not valid "email"', type: 'error' });
      assert.deepEqual(node(failed, 'traits.name.last').messages, [
        { id: 4000001, text: 'expected string, but got number', type: 'error' },
      ]);
      assert.deepEqual(node(failed, 'traits.name.first').messages, []);

      const missing = failedFlow(await submit(gh, flow.id, user.token, { method: 'profile', traits: { name: { first: 'x' } } }));
      assert.deepEqual(node(missing, 'traits.email').messages, [
        { id: 4000002, text: 'Property email is missing.', type: 'error', context: { property: 'email' } },
      ]);
      assert.deepEqual((await adminIdentity(gh, user.id)).traits, user.traits, 'nothing was stored');
    });

    test(
      'case=trait inputs are refilled from the submitted traits after a profile validation error type=api',
      async () => {
        const user = await register(gh);
        const flow = await initFlow(gh, user.token);
        const bad = { email: 'not-an-email', name: { first: 'Jane', last: 7 } };
        const failed = failedFlow(await submit(gh, flow.id, user.token, { method: 'profile', traits: bad }));
        // ui.md §5.4 "After a profile error: trait inputs reset and refilled from the submitted traits".
        assert.equal(node(failed, 'traits.email').attributes.value, 'not-an-email');
        assert.equal(node(failed, 'traits.name.last').attributes.value, 7);
        assert.equal(node(failed, 'traits.email').attributes.type, 'email', 'only the value is replaced, the input keeps its type');
      },
    );

    test("case=another identity's flow: fetch 403 security_identity_mismatch, submit 400 with 4000001 type=api", async () => {
      const owner = await register(gh);
      const intruder = await register(gh);
      const flow = await initFlow(gh, owner.token);

      const fetched = await gh.publicApi.getSelfServiceSettingsFlow(flow.id, intruder.token);
      assert.equal(fetched.status, 403);
      assertMatchesOperation('getSelfServiceSettingsFlow', 403, fetched.data);
      const err = (fetched.data as unknown as { error: Record<string, unknown> }).error;
      assert.equal(err.id, 'security_identity_mismatch');
      assert.equal(err.reason, 'The request was made for another identity and has been blocked for security reasons.');

      const res = await submit(gh, flow.id, intruder.token, {
        method: 'profile',
        traits: { ...owner.traits, name: { first: 'Mallory', last: 'X' } },
      });
      const failed = failedFlow(res);
      assert.deepEqual(failed.ui.messages, [{ id: 4000001, text: OTHER_PERSON, type: 'error' }]);
      const pw = await submit(gh, flow.id, intruder.token, { method: 'password', password: strongPassword() });
      assert.deepEqual(failedFlow(pw).ui.messages, [{ id: 4000001, text: OTHER_PERSON, type: 'error' }]);
      assert.deepEqual((await adminIdentity(gh, owner.id)).traits, owner.traits, 'the owner is unchanged');
      assert.deepEqual((await adminIdentity(gh, intruder.id)).traits, intruder.traits, 'the intruder is unchanged');
      assert.equal(await apiLogin(gh, owner.email, owner.password), 200);
    });

    test('case=unknown flow answers 404 type=api', async () => {
      const user = await register(gh);
      const res = await gh.publicApi.submitSelfServiceSettingsFlow(randomUUID(), user.token, { method: 'profile', traits: user.traits });
      assert.equal(res.status, 404);
      assertErrorEnvelope(404, res.data);
      assert.equal(
        (res.data as unknown as { error: { reason: string } }).error.reason,
        'The settings request could not be found. Please restart the flow.',
      );
      const fetched = await gh.publicApi.getSelfServiceSettingsFlow(randomUUID(), user.token);
      assert.equal(fetched.status, 404);
      assertMatchesOperation('getSelfServiceSettingsFlow', 404, fetched.data);
    });

    test('case=the email of another identity answers 4000007 type=api', async () => {
      const user = await register(gh);
      const other = await register(gh);
      const flow = await initFlow(gh, user.token);
      const failed = failedFlow(await submit(gh, flow.id, user.token, { method: 'profile', traits: { ...user.traits, email: other.email } }));
      assert.deepEqual(failed.ui.messages, [
        {
          id: 4000007,
          text: 'An account with the same identifier (email, phone, username, ...) exists already.',
          type: 'error',
          context: {},
        },
      ]);
      assert.equal((await adminIdentity(gh, user.id)).traits.email, user.email);
      assert.equal(await apiLogin(gh, other.email, other.password), 200, 'the other identity keeps its identifier');
    });

    test('case=a Cookie or Origin header on an API flow submit is refused with the guard reason type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      const traits = { ...user.traits, name: { first: 'Guarded', last: 'Doe' } };
      for (const [headers, reason] of [
        [{ Cookie: 'some_cookie=1' }, COOKIE_GUARD],
        [{ Origin: 'http://127.0.0.1:4455' }, ORIGIN_GUARD],
      ] as const) {
        const failed = failedFlow(await submit(gh, flow.id, user.token, { method: 'profile', traits }, headers));
        assert.deepEqual(failed.ui.messages, [{ id: 4000001, text: reason, type: 'error' }]);
        const pw = failedFlow(await submit(gh, flow.id, user.token, { method: 'password', password: strongPassword() }, headers));
        assert.deepEqual(pw.ui.messages, [{ id: 4000001, text: reason, type: 'error' }]);
      }
      assert.deepEqual((await adminIdentity(gh, user.id)).traits, user.traits);
      assert.equal(await apiLogin(gh, user.email, user.password), 200);
    });
  });

  describe(`settings type=api privileged_session_max_age=1s dialect=${dialect}`, () => {
    const gh = useGatehouse({
      dialect,
      dev: true,
      config: withBase({ selfservice: { flows: { settings: { privileged_session_max_age: '1s' } } } }),
    });

    test('case=protected changes with a stale session answer 403 session_refresh_required and change nothing type=api', async () => {
      const user = await register(gh);
      await sleep(1500); // past privileged_session_max_age
      const flow = await initFlow(gh, user.token);
      const refresh = new URL('self-service/login/browser', gh.publicUrl);
      refresh.searchParams.set('refresh', 'true');
      refresh.searchParams.set('return_to', `${gh.publicUrl}self-service/settings?flow=${flow.id}`);
      assert.equal(
        refresh.href,
        `${gh.publicUrl}self-service/login/browser?refresh=true&return_to=${encodeURIComponent(`${gh.publicUrl}self-service/settings?flow=${flow.id}`)}`,
      );
      const expected = {
        error: {
          id: 'session_refresh_required',
          code: 403,
          status: 'Forbidden',
          reason: 'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
          message: 'The requested action was forbidden',
        },
        redirect_browser_to: refresh.href,
      };

      const email = await submit(
        gh,
        flow.id,
        user.token,
        { method: 'profile', traits: { ...user.traits, email: uniqueEmail('stale') } },
        { 'X-Request-ID': 'settings-stale' },
      );
      assert.equal(email.status, 403, JSON.stringify(email.data));
      assertMatchesOperation('submitSelfServiceSettingsFlow', 403, email.data);
      assert.deepEqual(email.data, expected, 'exact envelope, no request id (api.md §1.2)');

      const password = await submit(gh, flow.id, user.token, { method: 'password', password: strongPassword() });
      assert.equal(password.status, 403);
      assert.deepEqual(password.data, expected);

      // identity.md §4.3: only the case changes, yet the verifiable address is a new one.
      const upper = await submit(gh, flow.id, user.token, { method: 'profile', traits: { ...user.traits, email: user.email.toUpperCase() } });
      assert.equal(upper.status, 403, JSON.stringify(upper.data));
      assert.deepEqual(upper.data, expected);

      const stored = await adminIdentity(gh, user.id);
      assert.deepEqual(stored.traits, user.traits, 'nothing changed');
      assert.deepEqual(
        (stored.verifiable_addresses as { value: string }[]).map((a) => a.value),
        [user.email],
      );
      const fetched = await gh.publicApi.getSelfServiceSettingsFlow(flow.id, user.token);
      assert.equal((fetched.data as unknown as Flow).state, 'show_form');
      assert.equal(await apiLogin(gh, user.email, user.password), 200, 'the password is unchanged');
    });

    test('case=non-protected changes do not need a privileged session type=api', async () => {
      const user = await register(gh);
      await sleep(1500);
      const flow = await initFlow(gh, user.token);
      const traits = { ...user.traits, name: { first: 'Late', last: 'Comer' } };
      const res = await submit(gh, flow.id, user.token, { method: 'profile', traits });
      assert.equal(res.status, 200, JSON.stringify(res.data));
      assert.deepEqual((res.data as Flow).ui.messages, [SAVED]);
      assert.deepEqual((await adminIdentity(gh, user.id)).traits, traits);
    });
  });

  describe(`settings type=api lifespan=1s dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect, dev: true, config: withBase({ selfservice: { flows: { settings: { lifespan: '1s' } } } }) });

    test('case=expired flow: submit answers 410 with a replacement flow carrying 4050001, fetch answers 410 type=api', async () => {
      const user = await register(gh);
      const flow = await initFlow(gh, user.token);
      await sleep(1500);
      const traits = { ...user.traits, name: { first: 'Too', last: 'Late' } };
      const res = await submit(gh, flow.id, user.token, { method: 'profile', traits });
      assert.equal(res.status, 410, JSON.stringify(res.data));
      assertErrorEnvelope(410, res.data);
      const body = res.data as { error: Record<string, unknown>; since: number; use_flow_id: string };
      assert.deepEqual(Object.keys(body).sort(), ['error', 'since', 'use_flow_id']);
      assert.equal(body.error.id, 'self_service_flow_expired');
      assert.equal(body.error.status, 'Gone');
      assert.equal(body.error.message, 'self-service flow expired');
      assert.match(String(body.error.reason), /^The self-service flow expired \d+\.\d{2} minutes ago, initialize a new one\.$/);
      assert.ok(Number.isInteger(body.since) && body.since > 0, `since is nanoseconds since expiry: ${body.since}`);
      assert.notEqual(body.use_flow_id, flow.id);
      // Fetched at once: the replacement has the same 1s lifespan.
      const fresh = await gh.publicApi.getSelfServiceSettingsFlow(body.use_flow_id, user.token);
      assert.equal(fresh.status, 200);
      assertMatchesOperation('getSelfServiceSettingsFlow', 200, fresh.data);
      const next = fresh.data as unknown as Flow;
      assert.equal(next.type, 'api');
      assert.equal(next.request_url, flow.request_url);
      const msgs = next.ui.messages ?? [];
      assert.equal(msgs.length, 1, JSON.stringify(msgs));
      assert.equal(msgs[0]?.id, 4050001);
      assert.equal(msgs[0]?.type, 'error');
      assert.match(msgs[0]?.text ?? '', /^The settings flow expired \d+\.\d{2} minutes ago, please try again\.$/);
      assert.deepEqual(Object.keys(msgs[0]?.context ?? {}), ['expired_at']);

      assert.deepEqual((await adminIdentity(gh, user.id)).traits, user.traits, 'nothing changed');

      const old = await gh.publicApi.getSelfServiceSettingsFlow(flow.id, user.token);
      assert.equal(old.status, 410);
      assertMatchesOperation('getSelfServiceSettingsFlow', 410, old.data);
      assert.deepEqual(old.data, {
        error: {
          code: 410,
          status: 'Gone',
          reason: 'The settings flow has expired. Call the settings flow init API endpoint to initialize a new settings flow.',
          details: { api: `${gh.publicUrl}self-service/settings/api` },
          message: 'The requested resource is no longer available because it has expired or is otherwise invalid.',
        },
      });
    });
  });
}
