/**
 * A native app on the client (`type=api`): registration → login → whoami → settings → logout,
 * and the failures the API answers on the way — validation errors as the flow with its
 * messages, envelopes with ids, expired flows with `use_flow_id`, stale sessions with
 * `redirect_browser_to` (api.md §2–§4, §7.3, §8; ui.md §7).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isGatehouseApiError, type GatehouseClient, type SelfServiceLoginFlow } from '../../src/client/index.js';
import { assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, type Gatehouse } from '../helpers/server.js';
import { freshEmail, merge, SESSION_HOOK, sleep, strongPassword, useFlowServer } from '../flows/support.js';
import { failure, traitsOf, useClientFactory, type Traits } from './support.js';

interface User {
  email: string;
  password: string;
  id: string;
  token: string;
}

/** Registration through an API flow with the `session` hook: the README example, step one. */
async function register(client: GatehouseClient<Traits>, email = freshEmail('Client')): Promise<User> {
  const { data: flow } = await client.initializeSelfServiceRegistrationFlowWithoutBrowser();
  const password = strongPassword();
  const { data } = await client.submitSelfServiceRegistrationFlow(flow.id, { method: 'password', password, traits: traitsOf(email) });
  assert.ok(data.session_token, 'the session hook issued a token');
  return { email, password, id: data.identity.id, token: data.session_token };
}

async function login(client: GatehouseClient<Traits>, identifier: string, password: string): Promise<string> {
  const { data: flow } = await client.initializeSelfServiceLoginFlowWithoutBrowser();
  const { data } = await client.submitSelfServiceLoginFlow(flow.id, undefined, { method: 'password', password_identifier: identifier, password });
  assert.ok(data.session_token);
  return data.session_token;
}

const clientOn = useClientFactory('native');

for (const dialect of DIALECTS) {
  describe(`client type=api dialect=${dialect}`, () => {
    const gh: Gatehouse = useFlowServer(dialect, SESSION_HOOK);

    test('case=registration, login and whoami', async () => {
      const client = clientOn(gh);
      const { data: flow, status } = await client.initializeSelfServiceRegistrationFlowWithoutBrowser();
      assert.equal(status, 200);
      assertMatchesOperation('initializeSelfServiceRegistrationFlowWithoutBrowser', 200, flow);
      assert.equal(flow.type, 'api');
      assert.deepEqual((await client.getSelfServiceRegistrationFlow(flow.id)).data, flow);

      const email = freshEmail('Client');
      const password = strongPassword();
      const registered = await client.submitSelfServiceRegistrationFlow(flow.id, { method: 'password', password, traits: traitsOf(email) });
      assertMatchesOperation('submitSelfServiceRegistrationFlow', 200, registered.data);
      assert.equal(registered.data.identity.traits.email, email);
      assert.equal(registered.data.session?.identity?.id, registered.data.identity.id);

      const { data: loginFlow } = await client.initializeSelfServiceLoginFlowWithoutBrowser();
      assertMatchesOperation('initializeSelfServiceLoginFlowWithoutBrowser', 200, loginFlow);
      assert.deepEqual([loginFlow.refresh, loginFlow.requested_aal], [false, 'aal1']);
      assert.equal((await client.getSelfServiceLoginFlow(loginFlow.id)).data.id, loginFlow.id);
      const { data: session } = await client.submitSelfServiceLoginFlow(loginFlow.id, undefined, {
        method: 'password',
        password_identifier: email,
        password,
      });
      assertMatchesOperation('submitSelfServiceLoginFlow', 200, session);
      assert.match(session.session_token ?? '', /^[A-Za-z0-9]{32}$/);

      const whoami = await client.toSession(session.session_token);
      assertMatchesOperation('toSession', 200, whoami.data);
      assert.equal(whoami.data.identity?.traits.email, email);
      assert.deepEqual(whoami.data.authentication_methods.map((m) => m.method), ['password']);
      assert.equal(whoami.headers.get('x-kratos-authenticated-identity-id'), registered.data.identity.id);
    });

    test('case=wrong password rejects with the login flow and message 4000006', async () => {
      const client = clientOn(gh);
      const user = await register(client);
      const { data: flow } = await client.initializeSelfServiceLoginFlowWithoutBrowser();
      let flowOfError: SelfServiceLoginFlow | undefined;
      try {
        await client.submitSelfServiceLoginFlow(flow.id, undefined, { method: 'password', password_identifier: user.email, password: 'wrong-password' });
        assert.fail('login must fail');
      } catch (e) {
        assert.ok(isGatehouseApiError(e, 'submitSelfServiceLoginFlow'), String(e));
        assert.equal(e.status, 400);
        assert.equal(e.error, undefined, 'a flow, not an envelope');
        flowOfError = e.flow;
        assert.deepEqual(e.messages.map((m) => m.id), [4000006]);
      }
      assert.ok(flowOfError);
      assertMatchesOperation('submitSelfServiceLoginFlow', 400, flowOfError);
      assert.equal(flowOfError.id, flow.id);
      const identifier = flowOfError.ui.nodes.find((n) => n.type === 'input' && n.attributes.name === 'password_identifier');
      assert.equal(identifier?.type === 'input' ? identifier.attributes.value : undefined, user.email, 'the identifier is kept');
    });

    test('case=registration errors are node messages of the flow', async () => {
      const client = clientOn(gh);
      const user = await register(client);
      const { data: flow } = await client.initializeSelfServiceRegistrationFlowWithoutBrowser();
      const duplicate = await failure(client.submitSelfServiceRegistrationFlow(flow.id, { method: 'password', password: strongPassword(), traits: traitsOf(user.email) }));
      assert.equal(duplicate.status, 400);
      assert.deepEqual(duplicate.messages.map((m) => m.id), [4000007]);
      const missing = await failure(client.submitSelfServiceRegistrationFlow(flow.id, { method: 'password', password: '', traits: traitsOf(freshEmail()) }));
      const node = missing.flow?.ui.nodes.find((n) => n.messages.length > 0);
      assert.equal(node?.type === 'input' ? node.attributes.name : undefined, 'password');
      assert.deepEqual(node?.messages.map((m) => [m.id, m.context]), [[4000002, { property: 'password' }]]);
    });

    test('case=logged in: a second login needs refresh=true', async () => {
      const client = clientOn(gh);
      const user = await register(client);
      const already = await failure(client.initializeSelfServiceLoginFlowWithoutBrowser(undefined, undefined, user.token));
      assert.deepEqual([already.status, already.id], [400, 'session_already_available']);
      const { data: refresh } = await client.initializeSelfServiceLoginFlowWithoutBrowser(true, 'aal1', user.token);
      assert.equal(refresh.refresh, true);
      assert.deepEqual(refresh.ui.messages?.map((m) => m.id), [1010003]);
      const { data } = await client.submitSelfServiceLoginFlow(refresh.id, user.token, { method: 'password', password_identifier: user.email, password: user.password });
      assert.equal(data.session.authentication_methods.length, 2, 'a refresh appends a method');
    });

    test('case=settings: profile and password updates with the session token', async () => {
      const client = clientOn(gh);
      const user = await register(client);
      const noSession = await failure(client.initializeSelfServiceSettingsFlowWithoutBrowser());
      assert.deepEqual([noSession.status, noSession.id], [401, 'session_inactive']);

      const { data: flow } = await client.initializeSelfServiceSettingsFlowWithoutBrowser(user.token);
      assertMatchesOperation('initializeSelfServiceSettingsFlowWithoutBrowser', 200, flow);
      assert.equal(flow.identity.traits.email, user.email);
      assert.equal((await client.getSelfServiceSettingsFlow(flow.id, user.token)).data.state, 'show_form');

      const traits = { email: user.email, name: { first: 'Grace', last: 'Hopper' } };
      const profile = await client.submitSelfServiceSettingsFlow(flow.id, user.token, { method: 'profile', traits });
      assertMatchesOperation('submitSelfServiceSettingsFlow', 200, profile.data);
      assert.equal(profile.data.state, 'success');
      assert.deepEqual(profile.data.identity.traits, traits);
      assert.deepEqual(profile.data.ui.messages?.map((m) => m.id), [1050001]);

      const password = strongPassword();
      const changed = await client.submitSelfServiceSettingsFlow(flow.id, user.token, { method: 'password', password });
      assert.equal(changed.data.state, 'success');
      assert.ok(await login(client, user.email, password), 'the new password works');
    });

    test('case=logout revokes the token; admin revocation ends every session', async () => {
      const client = clientOn(gh);
      const user = await register(client);
      const res = await client.submitSelfServiceLogoutFlowWithoutBrowser({ session_token: user.token });
      assert.deepEqual([res.status, res.data], [204, undefined]);
      assert.equal((await failure(client.toSession(user.token))).status, 401);
      const unknown = await failure(client.submitSelfServiceLogoutFlowWithoutBrowser({ session_token: 'not-a-token' }));
      assert.equal(unknown.status, 403);

      const token = await login(client, user.email, user.password);
      assert.equal((await client.adminDeleteIdentitySessions(user.id)).status, 204);
      const gone = await failure(client.toSession(token));
      assert.equal(gone.status, 401);
      assert.equal(gone.reason, 'No valid session cookie found.');
    });
  });

  describe(`client type=api short lifespans dialect=${dialect}`, () => {
    const gh = useFlowServer(
      dialect,
      merge(SESSION_HOOK, { selfservice: { flows: { login: { lifespan: '1s' }, settings: { privileged_session_max_age: '1s' } } } }),
    );

    test('case=an expired login flow rejects with 410 and use_flow_id of its replacement', async () => {
      const client = clientOn(gh);
      const user = await register(client);
      const { data: flow } = await client.initializeSelfServiceLoginFlowWithoutBrowser();
      await sleep(1500);
      const expired = await failure(client.submitSelfServiceLoginFlow(flow.id, undefined, { method: 'password', password_identifier: user.email, password: user.password }));
      assert.deepEqual([expired.status, expired.id], [410, 'self_service_flow_expired']);
      assert.ok(expired.useFlowId && expired.useFlowId !== flow.id);
      const { data: fresh } = await client.getSelfServiceLoginFlow(expired.useFlowId);
      assert.deepEqual(fresh.ui.messages?.map((m) => m.id), [4010001]);
    });

    test('case=a stale session rejects a password change with redirect_browser_to', async () => {
      const client = clientOn(gh);
      const user = await register(client);
      await sleep(1500);
      const { data: flow } = await client.initializeSelfServiceSettingsFlowWithoutBrowser(user.token);
      const stale = await failure(client.submitSelfServiceSettingsFlow(flow.id, user.token, { method: 'password', password: strongPassword() }));
      assert.deepEqual([stale.status, stale.id], [403, 'session_refresh_required']);
      assert.equal(new URL(stale.redirectBrowserTo ?? '').searchParams.get('refresh'), 'true');
    });
  });
}
