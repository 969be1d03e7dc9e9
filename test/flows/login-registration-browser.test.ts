/**
 * Login and registration for server-rendered browser apps without JavaScript: a cookie jar,
 * urlencoded form posts, every redirect asserted (flows.md §1, §5, §7, §12; api.md §1.4, §2, §3,
 * §7; session.md §2.2).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Browser, type BrowserResponse, type SetCookie } from '../helpers/browser.js';
import { assertErrorResponse, assertMatchesOperation } from '../helpers/openapi.js';
import { createIdentity, DIALECTS, identityCount, request, SESSION_COOKIE, type Gatehouse } from '../helpers/server.js';
import {
  assertNodes,
  csrfCookieName,
  CSRF_DETAILS,
  csrfValue,
  DAY_MS,
  flowIdFromLocation,
  freshEmail,
  loginNodes,
  MSG,
  REASON,
  registerApi,
  registrationNodes,
  RETURN_URL,
  SESSION_HOOK,
  sleep,
  storedErrorAt,
  strongPassword,
  UI_URL,
  unmask,
  useFlowServer,
  type FlowBody,
  type SessionBody,
  type UiText,
} from './support.js';

type Kind = 'login' | 'registration';
type Envelope = { error: { id?: string; code: number; status?: string; reason?: string; message: string; details?: unknown } };

const JSON_ACCEPT = { accept: 'application/json' };
/** Public routes registered by the server are never cached (spec README). */
const NO_STORE = 'private, no-cache, no-store, must-revalidate';

/** The UI's server-side fetch of the flow, with the browser's cookies. */
async function fetchFlow(gh: Gatehouse, b: Browser, kind: Kind, id: string): Promise<BrowserResponse> {
  return b.get(new URL(`self-service/${kind}/flows?id=${id}`, gh.publicUrl), { headers: JSON_ACCEPT });
}

/** Navigates to the init endpoint, asserts the 303 to the UI, and fetches the flow. */
async function startFlow(gh: Gatehouse, b: Browser, kind: Kind, query = ''): Promise<FlowBody> {
  const init = await b.get(new URL(`self-service/${kind}/browser${query}`, gh.publicUrl));
  assert.equal(init.status, 303, init.text);
  const id = flowIdFromLocation(init.location, UI_URL[kind]);
  const res = await fetchFlow(gh, b, kind, id);
  assert.equal(res.status, 200, res.text);
  return res.json as FlowBody;
}

const registrationForm = (flow: FlowBody, email: string, password: string, csrf = csrfValue(flow)) => ({
  csrf_token: csrf,
  'traits.email': email,
  'traits.name.first': 'Ada',
  'traits.name.last': 'Lovelace',
  password,
  method: 'password',
});
const loginForm = (flow: FlowBody, identifier: string, password: string, csrf = csrfValue(flow)) => ({
  csrf_token: csrf,
  password_identifier: identifier,
  password,
  method: 'password',
});

function cookieNamed(res: BrowserResponse, name: string): SetCookie {
  const c = res.setCookies.find((x) => x.name === name);
  assert.ok(c, `Set-Cookie ${name} in ${JSON.stringify(res.setCookies.map((x) => x.raw))}`);
  return c;
}

/** session.md §2.2 in `--dev`: HttpOnly, Path=/, Max-Age = lifespan, SameSite=Lax, no Secure, host-only. */
function assertSessionCookie(res: BrowserResponse): SetCookie {
  const c = cookieNamed(res, SESSION_COOKIE);
  assert.equal(c.attributes.httponly, true);
  assert.equal(c.attributes.path, '/');
  assert.equal(c.attributes['max-age'], '86400');
  assert.equal(c.attributes.samesite, 'Lax');
  assert.ok(typeof c.attributes.expires === 'string' && Math.abs(Date.parse(c.attributes.expires) - Date.now() - DAY_MS) < 60_000, 'Expires matches Max-Age');
  assert.equal('secure' in c.attributes, false, 'no Secure in --dev');
  assert.equal('domain' in c.attributes, false, 'host-only');
  assert.ok(c.value.length > 0);
  return c;
}

async function whoamiOf(gh: Gatehouse, b: Browser): Promise<BrowserResponse> {
  return b.get(new URL('sessions/whoami', gh.publicUrl), { headers: JSON_ACCEPT });
}

function assertCsrfEnvelope(res: { status: number; headers: Headers; text: string; json: unknown }): void {
  assertErrorResponse(res, 403);
  const e = (res.json as Envelope).error;
  assert.deepStrictEqual(
    [e.id, e.reason, e.message, e.details],
    ['security_csrf_violation', REASON.csrf, 'the request was rejected to protect you from Cross-Site-Request-Forgery', CSRF_DETAILS],
  );
}

async function assertCsrfErrorUi(gh: Gatehouse, res: BrowserResponse): Promise<void> {
  assert.equal(res.status, 302, res.text);
  const stored = await storedErrorAt(gh, res.location);
  assertMatchesOperation('getSelfServiceError', 200, stored);
  const e = stored.error as Envelope['error'];
  assert.deepStrictEqual([e.id, e.code, e.reason, e.details], ['security_csrf_violation', 403, REASON.csrf, CSRF_DETAILS]);
}

function assertExpiredMessage(flow: FlowBody, id: 4010001 | 4040001): void {
  const [m, ...rest] = flow.ui.messages ?? [];
  assert.equal(rest.length, 0, JSON.stringify(flow.ui.messages));
  assert.ok(m, 'an expiry message');
  const what = id === 4010001 ? 'login' : 'registration';
  assert.deepStrictEqual([m.id, m.type], [id, 'error']);
  assert.match(m.text, new RegExp(`^The ${what} flow expired \\d+\\.\\d{2} minutes ago, please try again\\.$`));
  assert.ok(!Number.isNaN(Date.parse(String((m as UiText).context?.expired_at))), 'context.expired_at is a time');
}

for (const dialect of DIALECTS) {
  describe(`login and registration dialect=${dialect} type=browser`, () => {
    const gh = useFlowServer(dialect, SESSION_HOOK);

    test('case=register, whoami, logout and log in again through HTML forms, every redirect asserted type=browser', async () => {
      const b = new Browser();
      const csrfName = csrfCookieName(gh.publicUrl);

      // Registration init: 303 to the UI with the CSRF cookie (flows.md §7).
      const init = await b.get(new URL('self-service/registration/browser', gh.publicUrl));
      assert.equal(init.status, 303, init.text);
      assert.equal(init.text, '');
      assert.equal(init.headers.get('cache-control'), NO_STORE);
      const flowId = flowIdFromLocation(init.location, UI_URL.registration);
      assert.deepStrictEqual(init.setCookies.map((c) => c.name), [csrfName]);
      const csrf = cookieNamed(init, csrfName);
      assert.deepStrictEqual(csrf.attributes, {
        path: '/',
        expires: csrf.attributes.expires,
        'max-age': '31536000',
        httponly: true,
        samesite: 'Lax',
      });
      const cookieToken = Buffer.from(csrf.value, 'base64');
      assert.equal(cookieToken.length, 32);
      assert.equal(cookieToken.toString('base64'), csrf.value, 'standard base64 with padding');

      // Fetching the flow needs the CSRF cookie it was created with.
      const flowsUrl = new URL(`self-service/registration/flows?id=${flowId}`, gh.publicUrl);
      const stranger = await new Browser().get(flowsUrl, { headers: JSON_ACCEPT });
      assertCsrfEnvelope(stranger);
      assertMatchesOperation('getSelfServiceRegistrationFlow', 403, stranger.json);
      const fetched = await b.get(flowsUrl, { headers: JSON_ACCEPT });
      assert.equal(fetched.status, 200, fetched.text);
      assertMatchesOperation('getSelfServiceRegistrationFlow', 200, fetched.json);
      assert.equal(fetched.headers.get('cache-control'), NO_STORE);
      const flow = fetched.json as FlowBody;
      assert.equal(flow.id, flowId);
      assert.equal(flow.type, 'browser');
      assert.equal(flow.request_url, `${gh.publicUrl}self-service/registration/browser`);
      assert.equal(flow.ui.action, `${gh.publicUrl}self-service/registration?flow=${flowId}`);
      assertNodes(flow.ui.nodes, registrationNodes({ csrf: csrfValue(flow) }));
      assert.deepStrictEqual(unmask(csrfValue(flow)), cookieToken, 'the form token unmasks to the cookie token');

      // Submit the form: 303 to the default return URL with the session cookie.
      const email = freshEmail();
      const password = strongPassword();
      const before = await identityCount(gh);
      const done = await b.post(flow.ui.action, { form: registrationForm(flow, email, password) });
      assert.equal(done.status, 303, done.text);
      assert.equal(done.location, RETURN_URL);
      assert.equal(done.text, '');
      assert.equal(done.headers.get('cache-control'), NO_STORE);
      assertSessionCookie(done);
      assert.notEqual(cookieNamed(done, csrfName).value, csrf.value, 'a new session rotates the CSRF cookie');
      assert.equal(await identityCount(gh), before + 1);

      const me = await whoamiOf(gh, b);
      assert.equal(me.status, 200, me.text);
      assertMatchesOperation('toSession', 200, me.json);
      const registered = me.json as SessionBody;
      assert.equal(registered.identity.traits.email, email);
      assert.deepStrictEqual(registered.authentication_methods.map((m) => m.method), ['password']);

      // Logout through the logout URL (api.md §7).
      const logoutUrl = await b.get(new URL('self-service/logout/browser', gh.publicUrl), { headers: JSON_ACCEPT });
      assert.equal(logoutUrl.status, 200, logoutUrl.text);
      const out = await b.get((logoutUrl.json as { logout_url: string }).logout_url);
      assert.equal(out.status, 303);
      assert.equal(out.location, RETURN_URL);
      assert.equal(b.jar.get(SESSION_COOKIE), undefined, 'the session cookie is deleted');
      assert.equal((await whoamiOf(gh, b)).status, 401);

      // Login through the form, identifier in another case.
      const login = await startFlow(gh, b, 'login');
      assertMatchesOperation('getSelfServiceLoginFlow', 200, login);
      assert.equal(login.type, 'browser');
      assert.equal(login.request_url, `${gh.publicUrl}self-service/login/browser`);
      assertNodes(login.ui.nodes, loginNodes({ csrf: csrfValue(login) }));
      const loggedIn = await b.post(login.ui.action, { form: loginForm(login, email.toUpperCase(), password) });
      assert.equal(loggedIn.status, 303, loggedIn.text);
      assert.equal(loggedIn.location, RETURN_URL);
      assertSessionCookie(loggedIn);
      const again = await whoamiOf(gh, b);
      assert.equal(again.status, 200);
      assert.equal((again.json as SessionBody).identity.id, registered.identity.id);
      assert.notEqual((again.json as SessionBody).id, registered.id, 'a new session');
    });

    test('case=wrong password redirects (302) back to the login UI with the flow showing 4000006 type=browser', async () => {
      const reg = await registerApi(gh);
      const b = new Browser();
      const flow = await startFlow(gh, b, 'login');
      const res = await b.post(flow.ui.action, { form: loginForm(flow, reg.email, 'wrong-password-123') });
      assert.equal(res.status, 302, res.text);
      assert.equal(flowIdFromLocation(res.location, UI_URL.login), flow.id, 'back to the same flow');
      assert.equal(res.setCookies.some((c) => c.name === SESSION_COOKIE), false, 'no session cookie');

      const shown = await fetchFlow(gh, b, 'login', flow.id);
      assert.equal(shown.status, 200);
      assertMatchesOperation('getSelfServiceLoginFlow', 200, shown.json);
      const failed = shown.json as FlowBody;
      assert.deepStrictEqual(failed.ui.messages, [MSG.invalidCredentials]);
      assertNodes(failed.ui.nodes, loginNodes({ csrf: csrfValue(failed), identifier: reg.email }));
      assert.deepStrictEqual(unmask(csrfValue(failed)), unmask(csrfValue(flow)), 'a fresh form token for the same cookie');

      const retry = await b.post(failed.ui.action, { form: loginForm(failed, reg.email, reg.password) });
      assert.equal(retry.status, 303);
      assert.equal(retry.location, RETURN_URL);
      assertSessionCookie(retry);
    });

    test('case=a registration form failing validation redirects (302) back to the registration UI showing the message type=browser', async () => {
      const b = new Browser();
      const flow = await startFlow(gh, b, 'registration');
      const before = await identityCount(gh);
      const res = await b.post(flow.ui.action, { form: registrationForm(flow, freshEmail(), 'short') });
      assert.equal(res.status, 302, res.text);
      assert.equal(flowIdFromLocation(res.location, UI_URL.registration), flow.id);
      assert.equal(res.setCookies.some((c) => c.name === SESSION_COOKIE), false);
      assert.equal(await identityCount(gh), before);
      const shown = await fetchFlow(gh, b, 'registration', flow.id);
      assert.equal(shown.status, 200);
      const failed = shown.json as FlowBody;
      assert.equal(failed.ui.messages, undefined);
      const password = failed.ui.nodes.find((n) => n.attributes.name === 'password');
      assert.deepStrictEqual(password?.messages, [MSG.policy(REASON.tooShort(5))]);
      assert.equal(password?.attributes.value, undefined, 'the password is never echoed');
      assert.deepStrictEqual(unmask(csrfValue(failed)), unmask(csrfValue(flow)));
    });

    test('case=an allowed return_to is kept on the flow and is where login and registration end type=browser', async () => {
      const returnTo = 'http://127.0.0.1:4455/dashboard?tab=security';
      const query = `?return_to=${encodeURIComponent(returnTo)}`;

      const b = new Browser();
      const reg = await startFlow(gh, b, 'registration', query);
      assert.equal(reg.return_to, returnTo);
      assert.equal(reg.request_url, `${gh.publicUrl}self-service/registration/browser${query}`);
      const email = freshEmail();
      const password = strongPassword();
      const registered = await b.post(reg.ui.action, { form: registrationForm(reg, email, password) });
      assert.equal(registered.status, 303, registered.text);
      assert.equal(registered.location, returnTo);

      const other = new Browser();
      const login = await startFlow(gh, other, 'login', query);
      assert.equal(login.return_to, returnTo);
      const loggedIn = await other.post(login.ui.action, { form: loginForm(login, email, password) });
      assert.equal(loggedIn.status, 303, loggedIn.text);
      assert.equal(loggedIn.location, returnTo);
      assertSessionCookie(loggedIn);
    });

    test('case=a foreign return_to is refused at init: error UI with self_service_flow_return_to_forbidden type=browser', async () => {
      const evil = 'https://evil.example/steal';
      for (const kind of ['login', 'registration'] as const) {
        const b = new Browser();
        const url = new URL(`self-service/${kind}/browser?return_to=${encodeURIComponent(evil)}`, gh.publicUrl);
        const res = await b.get(url);
        assert.equal(res.status, 302, `${kind}: ${res.text}`);
        const stored = await storedErrorAt(gh, res.location);
        assertMatchesOperation('getSelfServiceError', 200, stored);
        const e = stored.error as Envelope['error'];
        assert.deepStrictEqual(
          [e.id, e.code, e.reason],
          ['self_service_flow_return_to_forbidden', 400, `Requested return_to URL "${evil}" is not whitelisted.`],
          kind,
        );

        const json = await b.get(url, { headers: JSON_ACCEPT });
        assertErrorResponse(json, 400);
        assert.equal((json.json as Envelope).error.id, 'self_service_flow_return_to_forbidden');
        if (kind === 'login') assertMatchesOperation('initializeSelfServiceLoginFlowForBrowsers', 400, json.json);
      }
    });

    for (const kind of ['login', 'registration'] as const) {
      test(`case=CSRF: a ${kind} submit without, with a wrong, or without the cookie's csrf_token goes to the error UI, JSON gets 403 type=browser`, async () => {
        const reg = await registerApi(gh);
        const before = await identityCount(gh);
        const victim = new Browser();
        const flow = await startFlow(gh, victim, kind);
        const form = (csrf: string) =>
          kind === 'login' ? loginForm(flow, reg.email, reg.password, csrf) : registrationForm(flow, freshEmail(), strongPassword(), csrf);
        const withoutToken = Object.fromEntries(Object.entries(form('')).filter(([k]) => k !== 'csrf_token'));
        const wrongToken = randomBytes(64).toString('base64');

        await assertCsrfErrorUi(gh, await victim.post(flow.ui.action, { form: withoutToken }));
        await assertCsrfErrorUi(gh, await victim.post(flow.ui.action, { form: form(wrongToken) }));
        // An attacker page posting the victim's (leaked) form token, but without the victim's cookie.
        const attacker = await new Browser().post(flow.ui.action, { form: form(csrfValue(flow)) });
        await assertCsrfErrorUi(gh, attacker);
        assert.deepStrictEqual(attacker.setCookies, [], 'submit routes never issue a CSRF cookie (flows.md §7)');
        // The same attacks from JavaScript get the 403 envelope.
        assertCsrfEnvelope(await victim.post(flow.ui.action, { form: form(wrongToken), headers: JSON_ACCEPT }));
        assertCsrfEnvelope(await new Browser().post(flow.ui.action, { json: form(csrfValue(flow)), headers: JSON_ACCEPT }));

        assert.equal(await identityCount(gh), before, 'nothing was registered');
        assert.equal(victim.jar.get(SESSION_COOKIE), undefined, 'no session was issued');

        // The raw (unmasked) cookie value is a valid token too (flows.md §7).
        const raw = victim.jar.get(csrfCookieName(gh.publicUrl)) as string;
        const ok = await victim.post(flow.ui.action, { form: form(raw) });
        assert.equal(ok.status, 303, ok.text);
        assert.equal(ok.location, RETURN_URL);
      });
    }

    test('case=with a session, browser inits and submits of login and registration go to the return URL type=browser', async () => {
      const b = new Browser();
      const login = await startFlow(gh, b, 'login');
      const registration = await startFlow(gh, b, 'registration');
      const reg = await registerApi(gh);
      const issued = await gh.issueSession(reg.identityId);
      b.jar.set(SESSION_COOKIE, issued.cookie);
      const before = await identityCount(gh);

      for (const kind of ['login', 'registration'] as const) {
        const init = await b.get(new URL(`self-service/${kind}/browser`, gh.publicUrl));
        assert.equal(init.status, 303, `${kind}: ${init.text}`);
        assert.equal(init.location, RETURN_URL, kind);
      }
      const l = await b.post(login.ui.action, { form: loginForm(login, reg.email, reg.password) });
      assert.equal(l.status, 303, l.text);
      assert.equal(l.location, RETURN_URL);
      assert.equal(l.setCookies.some((c) => c.name === SESSION_COOKIE), false, 'no new session');
      const r = await b.post(registration.ui.action, { form: registrationForm(registration, freshEmail(), strongPassword()) });
      assert.equal(r.status, 302, r.text);
      assert.equal(r.location, RETURN_URL);
      assert.equal(await identityCount(gh), before);
      const me = await whoamiOf(gh, b);
      assert.equal((me.json as SessionBody).id, issued.session.id, 'still the same session');
    });

    test('case=login with refresh=true re-authenticates the cookie session in place type=browser', async () => {
      const reg = await registerApi(gh);
      const b = new Browser();
      const first = await startFlow(gh, b, 'login');
      const signedIn = await b.post(first.ui.action, { form: loginForm(first, reg.email, reg.password) });
      assert.equal(signedIn.status, 303);
      const session = (await whoamiOf(gh, b)).json as SessionBody;
      const csrfBefore = b.jar.get(csrfCookieName(gh.publicUrl));
      await sleep(25);

      const flow = await startFlow(gh, b, 'login', '?refresh=true');
      assert.equal(flow.refresh, true);
      assert.deepStrictEqual(flow.ui.messages, [MSG.refresh]);
      assertNodes(flow.ui.nodes, loginNodes({ csrf: csrfValue(flow), identifier: reg.email.toLowerCase() }));
      const res = await b.post(flow.ui.action, { form: loginForm(flow, reg.email, reg.password) });
      assert.equal(res.status, 303, res.text);
      assert.equal(res.location, RETURN_URL);
      assertSessionCookie(res);
      assert.equal(b.jar.get(csrfCookieName(gh.publicUrl)), csrfBefore, 'same identity: the CSRF cookie is not rotated');
      const after = (await whoamiOf(gh, b)).json as SessionBody;
      assert.equal(after.id, session.id);
      assert.deepStrictEqual(after.authentication_methods.map((m) => m.method), ['password', 'password']);
      assert.ok(Date.parse(after.authenticated_at) > Date.parse(session.authenticated_at));
    });
  });

  describe(`expired flows dialect=${dialect} type=browser`, () => {
    const gh = useFlowServer(dialect, SESSION_HOOK, {
      selfservice: { flows: { login: { lifespan: '1s' }, registration: { lifespan: '1s' } } },
    });
    const EXPIRY_WAIT = 1200;

    for (const [kind, messageId] of [
      ['login', 4010001],
      ['registration', 4040001],
    ] as const) {
      test(`case=an expired ${kind} flow: fetch answers 410, a form submit is sent (303) to a new flow carrying ${messageId} type=browser`, async () => {
        const b = new Browser();
        const flow = await startFlow(gh, b, kind);
        await sleep(EXPIRY_WAIT);

        const fetched = await fetchFlow(gh, b, kind, flow.id);
        assertErrorResponse(fetched, 410);
        assertMatchesOperation(kind === 'login' ? 'getSelfServiceLoginFlow' : 'getSelfServiceRegistrationFlow', 410, fetched.json);
        const e = (fetched.json as Envelope).error;
        assert.deepStrictEqual(
          [e.id, e.reason, e.details],
          [
            'self_service_flow_expired',
            `The ${kind} flow has expired. Redirect the user to the ${kind} flow init endpoint to initialize a new ${kind} flow.`,
            { redirect_to: `${gh.publicUrl}self-service/${kind}/browser` },
          ],
        );

        const before = await identityCount(gh);
        const form = kind === 'login' ? loginForm(flow, freshEmail(), strongPassword()) : registrationForm(flow, freshEmail(), strongPassword());
        const res = await b.post(flow.ui.action, { form });
        assert.equal(res.status, 303, res.text);
        const newId = flowIdFromLocation(res.location, UI_URL[kind]);
        assert.notEqual(newId, flow.id, 'a new flow');
        const shown = await fetchFlow(gh, b, kind, newId);
        assert.equal(shown.status, 200, shown.text);
        const fresh = shown.json as FlowBody;
        assert.equal(fresh.type, 'browser');
        assert.equal(fresh.request_url, flow.request_url, 'the old request_url is kept');
        assertExpiredMessage(fresh, messageId);
        assert.equal(await identityCount(gh), before, 'nothing registered');
      });

      test(`case=an expired ${kind} flow submitted as JSON answers the 410 envelope with use_flow_id type=spa`, async () => {
        const b = new Browser({ accept: 'application/json' });
        const init = await b.get(new URL(`self-service/${kind}/browser`, gh.publicUrl));
        assert.equal(init.status, 200, init.text);
        const flow = init.json as FlowBody;
        await sleep(EXPIRY_WAIT);
        const body = kind === 'login' ? loginForm(flow, freshEmail(), strongPassword()) : registrationForm(flow, freshEmail(), strongPassword());
        const res = await b.post(flow.ui.action, { json: body });
        assertExpiredEnvelope(res);
        const newId = (res.json as { use_flow_id: string }).use_flow_id;
        const shown = await fetchFlow(gh, b, kind, newId);
        assert.equal(shown.status, 200, shown.text);
        assertExpiredMessage(shown.json as FlowBody, messageId);
      });

      test(`case=an expired ${kind} API flow answers the 410 envelope with use_flow_id type=api`, async () => {
        const init = await request('GET', new URL(`self-service/${kind}/api`, gh.publicUrl));
        assert.equal(init.status, 200, init.text);
        const flow = init.json as FlowBody;
        await sleep(EXPIRY_WAIT);
        const body = kind === 'login' ? { method: 'password', password_identifier: freshEmail(), password: strongPassword() } : { method: 'password', password: strongPassword(), traits: { email: freshEmail() } };
        const res = await new Browser({ accept: 'application/json' }).post(flow.ui.action, { json: body });
        assertExpiredEnvelope(res);
        const next = await request('GET', new URL(`self-service/${kind}/flows?id=${(res.json as { use_flow_id: string }).use_flow_id}`, gh.publicUrl));
        assert.equal(next.status, 200, next.text);
        const fresh = next.json as FlowBody;
        assert.equal(fresh.type, 'api');
        assertExpiredMessage(fresh, messageId);
      });
    }

    test('case=submitting an expired refresh=true login flow while still logged in answers (upstream bug: unbounded recursion in the login error handler, no response ever written, ory/kratos#2120) type=browser', async () => {
      const identity = await createIdentity(gh);
      const issued = await gh.issueSession(identity.id);
      const b = new Browser({ timeoutMs: 10_000 });
      b.jar.set(SESSION_COOKIE, issued.cookie);
      const flow = await startFlow(gh, b, 'login', '?refresh=true');
      assert.equal(flow.refresh, true);
      await sleep(EXPIRY_WAIT);

      const res = await b.post(flow.ui.action, { form: loginForm(flow, 'someone@example.org', strongPassword()) });
      assert.equal(res.status, 303, res.text);
      const newId = flowIdFromLocation(res.location, UI_URL.login);
      const fresh = (await fetchFlow(gh, b, 'login', newId)).json as FlowBody;
      assert.equal(fresh.refresh, false, 'the replacement is a plain login flow (api.md §2.4)');
      assert.equal(fresh.requested_aal, 'aal1');
      assert.equal(fresh.request_url, flow.request_url);
      assertExpiredMessage(fresh, 4010001);
      assert.equal((await whoamiOf(gh, b)).status, 200, 'the session is untouched');

      // The same for a native app holding a session token.
      const api = await request('GET', new URL('self-service/login/api?refresh=true', gh.publicUrl), { headers: { 'x-session-token': issued.token } });
      assert.equal(api.status, 200, api.text);
      const apiFlow = api.json as FlowBody;
      await sleep(EXPIRY_WAIT);
      const apiRes = await new Browser({ accept: 'application/json', timeoutMs: 10_000 }).post(apiFlow.ui.action, {
        json: { method: 'password', password_identifier: 'someone@example.org', password: strongPassword() },
        headers: { 'x-session-token': issued.token },
      });
      assertExpiredEnvelope(apiRes);
    });
  });
}

/** The flow-expired envelope of a submit (api.md §1.2). */
function assertExpiredEnvelope(res: BrowserResponse): void {
  assertErrorResponse(res, 410);
  const body = res.json as Envelope & { since: number; use_flow_id: string };
  assert.deepStrictEqual(Object.keys(body).sort(), ['error', 'since', 'use_flow_id']);
  const e = body.error;
  assert.deepStrictEqual([e.id, e.code, e.status, e.message], ['self_service_flow_expired', 410, 'Gone', 'self-service flow expired']);
  assert.match(e.reason ?? '', /^The self-service flow expired \d+\.\d{2} minutes ago, initialize a new one\.$/);
  assert.ok(Number.isInteger(body.since) && body.since > 0, 'since: nanoseconds since expiry');
  assert.match(body.use_flow_id, /^[0-9a-f-]{36}$/);
}
