/**
 * Settings flows of browsers: server-rendered apps without JavaScript (`type=browser`: a cookie
 * jar, HTML form posts, every redirect asserted) and SPAs (`type=spa`: `Accept: application/json`).
 * Covers api.md §4.1–4.4, flows.md §4.3, §5, §7 (CSRF) and §8 (paused updates resumed after
 * re-authentication).
 */
import { CSRF_ERROR } from '../helpers/expected.js';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { assertErrorEnvelope, assertMatchesOperation } from '../helpers/openapi.js';
import { Jar } from '../helpers/jar.js';
import { DIALECTS, request, SESSION_COOKIE, uniqueEmail, useGatehouse, type Gatehouse } from '../helpers/server.js';
import { sleep, withBase, type Flow, type Traits, type UiNode, type UiText } from './settings-support.js';


/** UI URLs of the harness's base configuration. */
const UI = {
  login: 'http://127.0.0.1:4455/login',
  settings: 'http://127.0.0.1:4455/settings',
  error: 'http://127.0.0.1:4455/error',
};
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const JSON_ACCEPT = 'application/json';
const CONTINUITY = 'ory_kratos_continuity';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const strongPassword = () => `Pw-${randomBytes(9).toString('base64url')}-42`;
const csrfCookieName = (publicUrl: string) => `csrf_token_${createHash('sha256').update(publicUrl).digest('hex')}`;

interface User {
  id: string;
  email: string;
  password: string;
  traits: Traits;
}

const SAVED: UiText = { id: 1050001, text: 'Your changes have been saved!', type: 'info' };

/** A user with a password, registered through the API flow. */
async function register(gh: Gatehouse): Promise<User> {
  const traits = { email: uniqueEmail('settings'), name: { first: 'Jane', last: 'Doe' } };
  const password = strongPassword();
  const init = await request('GET', new URL('self-service/registration/api', gh.publicUrl));
  assert.equal(init.status, 200, init.text);
  const res = await request('POST', new URL(`self-service/registration?flow=${(init.json as { id: string }).id}`, gh.publicUrl), {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'password', password, traits }),
  });
  assert.equal(res.status, 200, res.text);
  return { id: (res.json as { identity: { id: string } }).identity.id, email: traits.email, password, traits };
}

/** A jar holding a fresh session cookie of `user` (its `authenticated_at` is now). */
async function signedIn(gh: Gatehouse, user: User): Promise<Jar> {
  const s = await gh.issueSession(user.id);
  return new Jar().set(SESSION_COOKIE, s.cookie);
}

async function adminTraits(gh: Gatehouse, id: string): Promise<Traits> {
  const res = await request('GET', new URL(`identities/${id}`, gh.adminUrl));
  assert.equal(res.status, 200, res.text);
  return (res.json as { traits: Traits }).traits;
}

/** Status of an API password login. */
async function apiLogin(gh: Gatehouse, identifier: string, password: string): Promise<number> {
  const init = await request('GET', new URL('self-service/login/api', gh.publicUrl));
  const res = await request('POST', new URL(`self-service/login?flow=${(init.json as { id: string }).id}`, gh.publicUrl), {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'password', password_identifier: identifier, password }),
  });
  return res.status;
}

const flowIdFrom = (location: string | null, ui: string): string => {
  assert.ok(location, 'a Location header');
  const url = new URL(location);
  assert.equal(`${url.origin}${url.pathname}`, ui, `redirect target ${location}`);
  const id = url.searchParams.get('flow') ?? '';
  assert.match(id, UUID);
  return id;
};

/** `GET /self-service/settings/browser` as a plain navigation: 303 to the settings UI. */
async function browserInit(gh: Gatehouse, jar: Jar, query = ''): Promise<string> {
  const res = await jar.send('GET', new URL(`self-service/settings/browser${query}`, gh.publicUrl), { headers: { accept: HTML } });
  assert.equal(res.status, 303, res.text);
  return flowIdFrom(res.headers.get('location'), UI.settings);
}

/** What the UI does with `?flow=`: fetch the flow as JSON with the browser's cookies. */
async function fetchFlow(gh: Gatehouse, jar: Jar, id: string, kind = 'settings'): Promise<Flow> {
  const res = await jar.send('GET', new URL(`self-service/${kind}/flows?id=${id}`, gh.publicUrl), { headers: { accept: JSON_ACCEPT } });
  assert.equal(res.status, 200, res.text);
  return res.json as Flow;
}

const node = (flow: Flow, name: string): UiNode => {
  const n = flow.ui.nodes.find((x) => x.attributes.name === name);
  assert.ok(n, `node ${name}`);
  return n;
};
const csrfOf = (flow: Flow) => String(node(flow, 'csrf_token').attributes.value);

/** An HTML form post of `fields` to the flow's action. */
function formPost(gh: Gatehouse, jar: Jar, flowId: string, fields: Record<string, string>, kind = 'settings') {
  return jar.send('POST', new URL(`self-service/${kind}?flow=${flowId}`, gh.publicUrl), {
    headers: { accept: HTML, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** An SPA's JSON submit. */
function jsonPost(gh: Gatehouse, jar: Jar, flowId: string, body: Record<string, unknown>) {
  return jar.send('POST', new URL(`self-service/settings?flow=${flowId}`, gh.publicUrl), {
    headers: { accept: JSON_ACCEPT, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const profileFields = (csrf: string, t: Traits) => ({
  csrf_token: csrf,
  method: 'profile',
  'traits.email': t.email,
  'traits.name.first': t.name.first,
  'traits.name.last': t.name.last,
});

/** `<public>/self-service/login/browser?refresh=true&return_to=<public>/self-service/settings?flow=<id>` (api.md §1.2). */
function refreshUrl(gh: Gatehouse, flowId: string): string {
  const returnTo = `${gh.publicUrl}self-service/settings?flow=${flowId}`;
  return `${gh.publicUrl}self-service/login/browser?refresh=true&return_to=${encodeURIComponent(returnTo)}`;
}

/** The stored error behind an error-UI redirect. */
async function errorBehind(gh: Gatehouse, location: string | null): Promise<Record<string, unknown>> {
  assert.ok(location);
  const url = new URL(location);
  assert.equal(`${url.origin}${url.pathname}`, UI.error);
  const res = await request('GET', new URL(`self-service/errors?id=${url.searchParams.get('id')}`, gh.publicUrl));
  assert.equal(res.status, 200, res.text);
  return (res.json as { error: Record<string, unknown> }).error;
}

/**
 * Re-authentication as a browser (flows.md §8): follows `redirect_browser_to` to a `refresh=true`
 * login flow and submits `identifier`/`password` with the jar's cookies; returns the answer.
 */
async function reauthenticate(gh: Gatehouse, jar: Jar, loginUrl: string, identifier: string, password: string) {
  const init = await jar.send('GET', loginUrl, { headers: { accept: HTML } });
  assert.equal(init.status, 303, init.text);
  const loginId = flowIdFrom(init.headers.get('location'), UI.login);
  const login = await fetchFlow(gh, jar, loginId, 'login');
  assert.equal(login.refresh, true);
  return formPost(gh, jar, loginId, { csrf_token: csrfOf(login), method: 'password', password_identifier: identifier, password }, 'login');
}

for (const dialect of DIALECTS) {
  describe(`settings type=browser,spa dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect, dev: true, config: withBase() });

    test('case=without a session init, fetch and submit send the browser to the login UI type=browser', async () => {
      const init = await request('GET', new URL('self-service/settings/browser', gh.publicUrl), { headers: { accept: HTML } });
      assert.equal(init.status, 302);
      assert.equal(init.headers.get('location'), UI.login, 'the login UI, not the login init endpoint');

      const user = await register(gh);
      const jar = await signedIn(gh, user);
      const id = await browserInit(gh, jar);
      const anonymous = new Jar();
      const fetched = await anonymous.send('GET', new URL(`self-service/settings/flows?id=${id}`, gh.publicUrl), { headers: { accept: HTML } });
      assert.equal(fetched.status, 302);
      assert.equal(fetched.headers.get('location'), UI.login);
      const submitted = await formPost(gh, anonymous, id, { method: 'profile', 'traits.email': uniqueEmail() });
      assert.equal(submitted.status, 302);
      assert.equal(submitted.headers.get('location'), UI.login);
      assert.deepEqual(await adminTraits(gh, user.id), user.traits);
    });

    test('case=init with a session cookie creates a browser flow and redirects to the settings UI type=browser', async () => {
      const user = await register(gh);
      const jar = await signedIn(gh, user);
      const id = await browserInit(gh, jar);
      const csrfCookie = jar.get(csrfCookieName(gh.publicUrl));
      assert.ok(csrfCookie, 'init issues the CSRF cookie');

      const flow = await fetchFlow(gh, jar, id);
      assertMatchesOperation('getSelfServiceSettingsFlow', 200, flow);
      assert.equal(flow.id, id);
      assert.equal(flow.type, 'browser');
      assert.equal(flow.state, 'show_form');
      assert.equal(flow.request_url, `${gh.publicUrl}self-service/settings/browser`);
      assert.equal(flow.identity.id, user.id);
      assert.equal(Buffer.from(csrfOf(flow), 'base64').length, 64, 'a masked CSRF token (flows.md §7)');
      assert.deepEqual(
        flow.ui.nodes.map((n) => [n.group, n.attributes.name, n.attributes.value]),
        [
          ['default', 'csrf_token', csrfOf(flow)],
          ['profile', 'traits.email', user.email],
          ['profile', 'traits.name.first', 'Jane'],
          ['profile', 'traits.name.last', 'Doe'],
          ['profile', 'method', 'profile'],
          ['password', 'password', undefined],
          ['password', 'method', 'password'],
        ],
      );

      // api.md §4.3 note: unlike login and registration, fetching a settings flow checks no CSRF.
      const sessionOnly = new Jar().set(SESSION_COOKIE, jar.get(SESSION_COOKIE) as string);
      const res = await sessionOnly.send('GET', new URL(`self-service/settings/flows?id=${id}`, gh.publicUrl), {
        headers: { accept: JSON_ACCEPT },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal((res.json as Flow).id, id);
    });

    test('case=a form submit with the CSRF token saves and redirects 303 to the settings UI type=browser', async () => {
      const user = await register(gh);
      const jar = await signedIn(gh, user);
      const id = await browserInit(gh, jar);
      const flow = await fetchFlow(gh, jar, id);
      const traits = { ...user.traits, name: { first: 'Joan', last: 'Doe' } };
      const res = await formPost(gh, jar, id, profileFields(csrfOf(flow), traits));
      assert.equal(res.status, 303, res.text);
      assert.equal(res.headers.get('location'), `${UI.settings}?flow=${id}`);
      assert.deepEqual(await adminTraits(gh, user.id), traits);
      const done = await fetchFlow(gh, jar, id);
      assert.equal(done.state, 'success');
      assert.deepEqual(done.ui.messages, [SAVED]);
      assert.equal(node(done, 'traits.name.first').attributes.value, 'Joan');

      const password = strongPassword();
      const pw = await formPost(gh, jar, id, { csrf_token: csrfOf(done), method: 'password', password });
      assert.equal(pw.status, 303, pw.text);
      assert.equal(pw.headers.get('location'), `${UI.settings}?flow=${id}`);
      assert.equal(await apiLogin(gh, user.email, password), 200, 'the new password works');
      assert.equal(await apiLogin(gh, user.email, user.password), 400, 'the old one does not');
    });

    test('case=a validation error redirects 303 back to the settings UI with the message in the flow type=browser', async () => {
      const user = await register(gh);
      const jar = await signedIn(gh, user);
      const id = await browserInit(gh, jar);
      const flow = await fetchFlow(gh, jar, id);
      const res = await formPost(gh, jar, id, { csrf_token: csrfOf(flow), method: 'password', password: 'short' });
      assert.equal(res.status, 303, res.text);
      assert.equal(res.headers.get('location'), `${UI.settings}?flow=${id}`);
      const failed = await fetchFlow(gh, jar, id);
      assert.deepEqual(
        node(failed, 'password').messages.map((m) => m.id),
        [4000005],
      );
      assert.notEqual(csrfOf(failed), csrfOf(flow), 'a fresh masked CSRF token after an error');
    });

    test('case=an allowed return_to given at init receives the browser after success; a foreign one is refused type=browser', async () => {
      const user = await register(gh);
      const jar = await signedIn(gh, user);
      const returnTo = 'http://127.0.0.1:4455/account?tab=profile';
      const id = await browserInit(gh, jar, `?return_to=${encodeURIComponent(returnTo)}`);
      const flow = await fetchFlow(gh, jar, id);
      assert.equal(flow.return_to, returnTo);
      const traits = { ...user.traits, name: { first: 'Back', last: 'Again' } };
      const res = await formPost(gh, jar, id, profileFields(csrfOf(flow), traits));
      assert.equal(res.status, 303, res.text);
      assert.equal(res.headers.get('location'), returnTo);
      assert.deepEqual(await adminTraits(gh, user.id), traits);

      const evil = await jar.send('GET', new URL(`self-service/settings/browser?return_to=${encodeURIComponent('https://evil.example/')}`, gh.publicUrl), {
        headers: { accept: HTML },
      });
      assert.equal(evil.status, 302, evil.text);
      const err = await errorBehind(gh, evil.headers.get('location'));
      assert.equal(err.id, 'self_service_flow_return_to_forbidden');
      assert.equal(err.reason, 'Requested return_to URL "https://evil.example/" is not whitelisted.');
    });

    test('case=a wrong or missing CSRF token sends the browser to the error UI and changes nothing type=browser', async () => {
      const user = await register(gh);
      const jar = await signedIn(gh, user);
      const id = await browserInit(gh, jar);
      const traits = { ...user.traits, name: { first: 'Forged', last: 'Doe' } };
      for (const csrf of [randomBytes(64).toString('base64'), '']) {
        const res = await formPost(gh, jar, id, profileFields(csrf, traits));
        assert.equal(res.status, 302, res.text);
        assert.deepEqual(await errorBehind(gh, res.headers.get('location')), CSRF_ERROR);
      }
      const flow = await fetchFlow(gh, jar, id);
      const pw = await formPost(gh, jar, id, { csrf_token: randomBytes(64).toString('base64'), method: 'password', password: strongPassword() });
      assert.equal(pw.status, 302);
      assert.deepEqual(await errorBehind(gh, pw.headers.get('location')), CSRF_ERROR);
      assert.equal(flow.ui.messages, undefined, 'a CSRF failure is not put into the flow');
      assert.deepEqual(await adminTraits(gh, user.id), user.traits);
      assert.equal(await apiLogin(gh, user.email, user.password), 200);
    });

    test('case=init answers the flow as JSON, 401 without a session type=spa', async () => {
      const none = await request('GET', new URL('self-service/settings/browser', gh.publicUrl), { headers: { accept: JSON_ACCEPT } });
      assert.equal(none.status, 401);
      assertMatchesOperation('initializeSelfServiceSettingsFlowForBrowsers', 401, none.json);
      assert.deepEqual(none.json, {
        error: {
          id: 'session_inactive',
          code: 401,
          status: 'Unauthorized',
          reason: 'No active session was found in this request.',
          message: 'request does not have a valid authentication session',
        },
      });

      const user = await register(gh);
      const jar = await signedIn(gh, user);
      const res = await jar.send('GET', new URL('self-service/settings/browser', gh.publicUrl), { headers: { accept: JSON_ACCEPT } });
      assert.equal(res.status, 200, res.text);
      assertMatchesOperation('initializeSelfServiceSettingsFlowForBrowsers', 200, res.json);
      const flow = res.json as Flow;
      assert.equal(flow.type, 'browser');
      assert.equal(flow.state, 'show_form');
      assert.equal(flow.identity.id, user.id);
      assert.ok(jar.get(csrfCookieName(gh.publicUrl)), 'the CSRF cookie is set for the SPA too');
    });

    test('case=JSON submit answers 200 with the updated flow, 400 with a failed one, 403 on CSRF failure type=spa', async () => {
      const user = await register(gh);
      const jar = await signedIn(gh, user);
      const init = await jar.send('GET', new URL('self-service/settings/browser', gh.publicUrl), { headers: { accept: JSON_ACCEPT } });
      const flow = init.json as Flow;
      const traits = { ...user.traits, name: { first: 'Spa', last: 'Doe' } };

      const ok = await jsonPost(gh, jar, flow.id, { method: 'profile', traits, csrf_token: csrfOf(flow) });
      assert.equal(ok.status, 200, ok.text);
      assertMatchesOperation('submitSelfServiceSettingsFlow', 200, ok.json);
      const done = ok.json as Flow;
      assert.equal(done.state, 'success');
      assert.deepEqual(done.ui.messages, [SAVED]);
      assert.deepEqual(done.identity.traits, traits);
      assert.deepEqual(await adminTraits(gh, user.id), traits);

      const bad = await jsonPost(gh, jar, flow.id, { method: 'profile', traits: {}, csrf_token: csrfOf(done) });
      assert.equal(bad.status, 400, bad.text);
      assertMatchesOperation('submitSelfServiceSettingsFlow', 400, bad.json);
      assert.deepEqual((bad.json as Flow).ui.messages, [{ id: 4000001, text: 'Did not receive any value changes.', type: 'error' }]);

      const forged = await jsonPost(gh, jar, flow.id, {
        method: 'profile',
        traits: { ...traits, name: { first: 'Forged', last: 'Doe' } },
        csrf_token: randomBytes(64).toString('base64'),
      });
      assert.equal(forged.status, 403, forged.text);
      assertMatchesOperation('submitSelfServiceSettingsFlow', 403, forged.json);
      assert.deepEqual(forged.json, { error: CSRF_ERROR });
      assert.deepEqual(await adminTraits(gh, user.id), traits);
    });
  });

  describe(`settings type=browser,spa privileged_session_max_age=1s dialect=${dialect}`, () => {
    const gh = useGatehouse({
      dialect,
      dev: true,
      config: withBase({ selfservice: { flows: { settings: { privileged_session_max_age: '1s' } } } }),
    });

    /** A signed-in browser whose session is no longer privileged, on a fresh settings flow. */
    async function staleBrowser(user: User): Promise<{ jar: Jar; flow: Flow }> {
      const jar = await signedIn(gh, user);
      await sleep(1500); // past privileged_session_max_age
      const flow = await fetchFlow(gh, jar, await browserInit(gh, jar));
      return { jar, flow };
    }

    test('case=a protected change with a stale session pauses it, re-login with refresh=true replays it type=browser', async () => {
      const user = await register(gh);
      const { jar, flow } = await staleBrowser(user);
      const email = uniqueEmail('replayed');
      const traits = { ...user.traits, email };

      const paused = await formPost(gh, jar, flow.id, profileFields(csrfOf(flow), traits));
      assert.equal(paused.status, 303, paused.text);
      assert.equal(paused.headers.get('location'), refreshUrl(gh, flow.id));
      const cont = paused.headers.getSetCookie().find((c) => c.startsWith(`${CONTINUITY}=`));
      assert.ok(cont, 'the continuity cookie is set');
      const attrs = cont.split(';').map((a) => a.trim().toLowerCase());
      assert.ok(attrs.includes('path=/') && attrs.includes('httponly') && attrs.includes('samesite=lax'), cont);
      assert.ok(!attrs.includes('secure'), 'not Secure in --dev');
      assert.ok(jar.get(CONTINUITY));
      assert.deepEqual(await adminTraits(gh, user.id), user.traits, 'nothing is applied before re-authentication');

      const whoamiBefore = await jar.send('GET', new URL('sessions/whoami', gh.publicUrl));
      const login = await reauthenticate(gh, jar, refreshUrl(gh, flow.id), user.email, user.password);
      assert.equal(login.status, 303, login.text);
      assert.equal(login.headers.get('location'), `${gh.publicUrl}self-service/settings?flow=${flow.id}`);
      const whoamiAfter = await jar.send('GET', new URL('sessions/whoami', gh.publicUrl));
      assert.equal((whoamiAfter.json as { id: string }).id, (whoamiBefore.json as { id: string }).id, 'the same session, refreshed');

      const resumed = await jar.send('GET', login.headers.get('location') as string, { headers: { accept: HTML } });
      assert.equal(resumed.status, 303, resumed.text);
      assert.equal(resumed.headers.get('location'), `${UI.settings}?flow=${flow.id}`);
      assert.deepEqual(await adminTraits(gh, user.id), traits, 'the paused update was applied');
      assert.equal(jar.get(CONTINUITY), undefined, 'the continuity entry is consumed');
      const done = await fetchFlow(gh, jar, flow.id);
      assert.equal(done.state, 'success');
      assert.deepEqual(done.ui.messages, [SAVED]);
      assert.equal(await apiLogin(gh, email, user.password), 200, 'the new email is the identifier');
    });

    test('case=a password change with a stale session is replayed after re-login type=browser', async () => {
      const user = await register(gh);
      const { jar, flow } = await staleBrowser(user);
      const password = strongPassword();
      const paused = await formPost(gh, jar, flow.id, { csrf_token: csrfOf(flow), method: 'password', password });
      assert.equal(paused.status, 303, paused.text);
      assert.equal(paused.headers.get('location'), refreshUrl(gh, flow.id));
      assert.equal(await apiLogin(gh, user.email, password), 400, 'not changed yet');

      const login = await reauthenticate(gh, jar, refreshUrl(gh, flow.id), user.email, user.password);
      assert.equal(login.status, 303, login.text);
      const resumed = await jar.send('GET', login.headers.get('location') as string, { headers: { accept: HTML } });
      assert.equal(resumed.status, 303, resumed.text);
      assert.equal(resumed.headers.get('location'), `${UI.settings}?flow=${flow.id}`);
      assert.equal(await apiLogin(gh, user.email, password), 200, 'the new password works');
      assert.equal(await apiLogin(gh, user.email, user.password), 400, 'the old one does not');
    });

    test('case=a paused update is not applied when a different identity re-authenticates type=browser', async () => {
      const owner = await register(gh);
      const other = await register(gh);
      const { jar, flow } = await staleBrowser(owner);
      const paused = await formPost(gh, jar, flow.id, profileFields(csrfOf(flow), { ...owner.traits, email: uniqueEmail('hijack') }));
      assert.equal(paused.status, 303);
      assert.equal(paused.headers.get('location'), refreshUrl(gh, flow.id));

      const login = await reauthenticate(gh, jar, refreshUrl(gh, flow.id), other.email, other.password);
      assert.equal(login.status, 303, login.text);
      const whoami = await jar.send('GET', new URL('sessions/whoami', gh.publicUrl));
      assert.equal((whoami.json as { identity: { id: string } }).identity.id, other.id, 'the browser is now the other identity');

      const resumed = await jar.send('GET', login.headers.get('location') as string, { headers: { accept: HTML } });
      assert.equal(resumed.status, 303, resumed.text);
      assert.equal(resumed.headers.get('location'), `${UI.settings}?flow=${flow.id}`);
      assert.deepEqual(await adminTraits(gh, owner.id), owner.traits, 'the owner is unchanged');
      assert.deepEqual(await adminTraits(gh, other.id), other.traits, 'the other identity is unchanged');

      // The UI cannot show the old flow to the new user, and starts a fresh one for them.
      const old = await jar.send('GET', new URL(`self-service/settings/flows?id=${flow.id}`, gh.publicUrl), { headers: { accept: JSON_ACCEPT } });
      assert.equal(old.status, 403);
      assert.equal((old.json as { error: { id: string } }).error.id, 'security_identity_mismatch');
      const fresh = await fetchFlow(gh, jar, await browserInit(gh, jar));
      assert.equal(node(fresh, 'traits.email').attributes.value, other.email);
    });

    test(
      'case=a new settings flow aborts the paused update of the previous one type=browser',
      async () => {
        const user = await register(gh);
        const { jar, flow } = await staleBrowser(user);
        const paused = await formPost(gh, jar, flow.id, profileFields(csrfOf(flow), { ...user.traits, email: uniqueEmail('aborted') }));
        assert.equal(paused.status, 303);
        assert.ok(jar.get(CONTINUITY));

        // The user leaves the login page and opens settings again: a new flow drops the paused update.
        await browserInit(gh, jar);
        assert.equal(jar.get(CONTINUITY), undefined, 'the continuity entry is removed by the new flow');

        const login = await reauthenticate(gh, jar, refreshUrl(gh, flow.id), user.email, user.password);
        assert.equal(login.status, 303, login.text);
        const resumed = await jar.send('GET', login.headers.get('location') as string, { headers: { accept: HTML } });
        assert.equal(resumed.status, 303, resumed.text);
        assert.deepEqual(await adminTraits(gh, user.id), user.traits, 'the aborted update is not replayed');
      },
    );

    test('case=a protected change with a stale session answers 403 session_refresh_required type=spa', async () => {
      const user = await register(gh);
      const jar = await signedIn(gh, user);
      await sleep(1500);
      const init = await jar.send('GET', new URL('self-service/settings/browser', gh.publicUrl), { headers: { accept: JSON_ACCEPT } });
      const flow = init.json as Flow;
      const res = await jsonPost(gh, jar, flow.id, { method: 'profile', traits: { ...user.traits, email: uniqueEmail('spa') }, csrf_token: csrfOf(flow) });
      assert.equal(res.status, 403, res.text);
      assertMatchesOperation('submitSelfServiceSettingsFlow', 403, res.json);
      assert.deepEqual(res.json, {
        error: {
          id: 'session_refresh_required',
          code: 403,
          status: 'Forbidden',
          reason: 'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
          message: 'The requested action was forbidden',
        },
        redirect_browser_to: refreshUrl(gh, flow.id),
      });
      const pw = await jsonPost(gh, jar, flow.id, { method: 'password', password: strongPassword(), csrf_token: csrfOf(flow) });
      assert.equal(pw.status, 403);
      assertErrorEnvelope(403, pw.json);
      assert.deepEqual(await adminTraits(gh, user.id), user.traits);
      assert.equal(await apiLogin(gh, user.email, user.password), 200);
    });
  });
}
