/**
 * A browser app on the client (`type=browser` flows with JSON requests, as a single-page app
 * makes them): cookies through the client's `fetch` option or its `cookie` parameters, CSRF
 * tokens from the flow, redirects surfaced instead of followed (api.md §2–§4, §7.1–§7.2;
 * flows.md §2, §7).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GatehouseClient } from '../../src/client/index.js';
import { assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, SESSION_COOKIE, type Gatehouse } from '../helpers/server.js';
import { csrfCookieName, freshEmail, SESSION_HOOK, strongPassword, UI_URL, useFlowServer } from '../flows/support.js';
import { browserFetch, csrfOf, failure, traitsOf, useClientFactory, type Traits } from './support.js';

const clientOn = useClientFactory('browser');

/** A browser (cookie jar) registered and signed in through a browser registration flow. */
async function registeredBrowser(gh: Gatehouse) {
  const browser = browserFetch();
  const client: GatehouseClient<Traits> = clientOn(gh, browser.fetch);
  const { data: flow } = await client.initializeSelfServiceRegistrationFlowForBrowsers();
  const email = freshEmail('Browser');
  const password = strongPassword();
  const res = await client.submitSelfServiceRegistrationFlow(flow.id, { method: 'password', csrf_token: csrfOf(flow), password, traits: traitsOf(email) });
  return { ...browser, client, email, password, identityId: res.data.identity.id };
}

for (const dialect of DIALECTS) {
  describe(`client type=browser dialect=${dialect}`, () => {
    const gh = useFlowServer(dialect, SESSION_HOOK);

    test('case=registration sets the session cookie; no token is returned', async () => {
      const { fetch, jar } = browserFetch();
      const client = clientOn(gh, fetch);
      const { data: flow, headers } = await client.initializeSelfServiceRegistrationFlowForBrowsers(UI_URL.login);
      assertMatchesOperation('initializeSelfServiceRegistrationFlowForBrowsers', 200, flow);
      assert.equal(flow.type, 'browser');
      assert.equal(flow.return_to, UI_URL.login);
      assert.ok(jar.get(csrfCookieName(gh.publicUrl)), 'the CSRF cookie is set');
      assert.ok(headers.getSetCookie?.().length, 'Set-Cookie is readable in Node');
      assert.equal((await client.getSelfServiceRegistrationFlow(flow.id)).data.id, flow.id);

      const email = freshEmail('Browser');
      const res = await client.submitSelfServiceRegistrationFlow(flow.id, {
        method: 'password',
        csrf_token: csrfOf(flow),
        password: strongPassword(),
        traits: traitsOf(email),
      });
      assertMatchesOperation('submitSelfServiceRegistrationFlow', 200, res.data);
      assert.equal(res.data.session_token, undefined, 'browsers get a cookie, not a token');
      assert.ok(jar.get(SESSION_COOKIE), 'the session cookie is set');
      assert.equal((await client.toSession()).data.identity?.traits.email, email);
    });

    test('case=the cookie parameters carry the browser cookies for a server-side app', async () => {
      const { jar, client: inBrowser } = await registeredBrowser(gh);
      const { data: flow } = await inBrowser.initializeSelfServiceSettingsFlowForBrowsers();
      const server = clientOn(gh); // no jar: everything goes through the parameters
      const cookie = jar.header();
      assert.equal((await server.toSession(undefined, cookie)).data.id, (await inBrowser.toSession()).data.id);
      assert.equal((await server.getSelfServiceSettingsFlow(flow.id, undefined, cookie)).data.id, flow.id);
      const { data: login } = await server.initializeSelfServiceLoginFlowForBrowsers(true, undefined, undefined, { headers: { cookie } });
      assert.equal((await server.getSelfServiceLoginFlow(login.id, cookie)).data.refresh, true);
      const csrf = await failure(server.getSelfServiceLoginFlow(login.id));
      assert.deepEqual([csrf.status, csrf.id], [403, 'security_csrf_violation']);
    });

    test('case=logout, then login with the CSRF token of the flow', async () => {
      const { client, jar, email, password } = await registeredBrowser(gh);
      const already = await failure(client.initializeSelfServiceLoginFlowForBrowsers());
      assert.deepEqual([already.status, already.id], [400, 'session_already_available']);

      const { data: logout } = await client.createSelfServiceLogoutFlowUrlForBrowsers();
      assertMatchesOperation('createSelfServiceLogoutFlowUrlForBrowsers', 200, logout);
      assert.equal(logout.logout_url, `${gh.publicUrl}self-service/logout?token=${logout.logout_token}`);
      assert.equal((await client.submitSelfServiceLogoutFlow(logout.logout_token)).status, 204);
      assert.equal(jar.get(SESSION_COOKIE), undefined, 'the session cookie is deleted');
      assert.equal((await failure(client.toSession())).status, 401);
      assert.equal((await failure(client.createSelfServiceLogoutFlowUrlForBrowsers())).id, 'session_inactive');

      const { data: flow } = await client.initializeSelfServiceLoginFlowForBrowsers(false, 'aal1');
      assertMatchesOperation('initializeSelfServiceLoginFlowForBrowsers', 200, flow);
      const noCsrf = await failure(client.submitSelfServiceLoginFlow(flow.id, undefined, { method: 'password', password_identifier: email, password }));
      assert.deepEqual([noCsrf.status, noCsrf.id], [403, 'security_csrf_violation']);
      const res = await client.submitSelfServiceLoginFlow(flow.id, undefined, { method: 'password', csrf_token: csrfOf(flow), password_identifier: email, password });
      assert.equal(res.data.session_token, undefined);
      assert.equal(res.data.session.identity?.traits.email, email);
      assert.ok(jar.get(SESSION_COOKIE));
    });

    test('case=settings flow for the cookie session', async () => {
      const { client, email } = await registeredBrowser(gh);
      const { data: flow } = await client.initializeSelfServiceSettingsFlowForBrowsers();
      assertMatchesOperation('initializeSelfServiceSettingsFlowForBrowsers', 200, flow);
      assert.equal(flow.identity.traits.email, email);
      const traits = { email, name: { first: 'Ada', last: 'Byron' } };
      const res = await client.submitSelfServiceSettingsFlow(flow.id, undefined, { method: 'profile', csrf_token: csrfOf(flow), traits });
      assert.equal(res.data.state, 'success');
      assert.deepEqual((await client.toSession()).data.identity?.traits, traits);
      const anonymous = await failure(clientOn(gh).initializeSelfServiceSettingsFlowForBrowsers());
      assert.deepEqual([anonymous.status, anonymous.id], [401, 'session_inactive']);
    });

    test('case=a redirect of a browser endpoint is surfaced, not followed', async () => {
      const { fetch, jar } = browserFetch();
      const client = clientOn(gh, fetch);
      // An HTML navigation instead of the client's JSON request: the server answers 303 to the UI.
      const redirect = await failure(client.initializeSelfServiceLoginFlowForBrowsers(undefined, undefined, undefined, { headers: { accept: 'text/html' } }));
      assert.equal(redirect.status, 303);
      assert.equal(redirect.isRedirect, true);
      const to = new URL(redirect.redirectTo ?? '');
      assert.equal(`${to.origin}${to.pathname}`, UI_URL.login);
      assert.ok(jar.get(csrfCookieName(gh.publicUrl)), 'cookies of the redirect are kept');
      const flowId = to.searchParams.get('flow') ?? '';
      assert.equal((await client.getSelfServiceLoginFlow(flowId)).data.id, flowId);
      assert.equal(redirect.message, `initializeSelfServiceLoginFlowForBrowsers: redirect 303 to ${redirect.redirectTo}`);
    });
  });
}
