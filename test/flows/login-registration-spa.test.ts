/**
 * Login and registration for single-page apps: browser flows driven by `fetch` with
 * `Accept: application/json` and cookies (flows.md §1, §2; api.md §1.4, §2, §3).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Browser, type BrowserResponse } from '../helpers/browser.js';
import { assertErrorResponse, assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, identityCount, SESSION_COOKIE, type Gatehouse } from '../helpers/server.js';
import {
  assertNodes,
  csrfCookieName,
  CSRF_DETAILS,
  csrfValue,
  freshEmail,
  loginNodes,
  MSG,
  nodeNamed,
  REASON,
  registerApi,
  registrationNodes,
  SESSION_HOOK,
  strongPassword,
  unmask,
  useFlowServer,
  type FlowBody,
  type SessionBody,
} from './support.js';

type Kind = 'login' | 'registration';
type Envelope = { error: { id?: string; code: number; reason?: string; message: string; details?: unknown } };

const spa = () => new Browser({ accept: 'application/json' });

async function initFlow(gh: Gatehouse, b: Browser, kind: Kind): Promise<{ res: BrowserResponse; flow: FlowBody }> {
  const res = await b.get(new URL(`self-service/${kind}/browser`, gh.publicUrl));
  assert.equal(res.status, 200, res.text);
  return { res, flow: res.json as FlowBody };
}

const registrationBody = (flow: FlowBody, email: string, password: string, csrf: string = csrfValue(flow)) => ({
  method: 'password',
  csrf_token: csrf,
  password,
  traits: { email, name: { first: 'Ada', last: 'Lovelace' } },
});
const loginBody = (flow: FlowBody, identifier: string, password: string, csrf: string = csrfValue(flow)) => ({
  method: 'password',
  csrf_token: csrf,
  password_identifier: identifier,
  password,
});

function assertCsrfEnvelope(res: BrowserResponse): void {
  assertErrorResponse(res, 403);
  const e = (res.json as Envelope).error;
  assert.deepStrictEqual([e.id, e.reason, e.details], ['security_csrf_violation', REASON.csrf, CSRF_DETAILS]);
}

for (const dialect of DIALECTS) {
  describe(`login and registration dialect=${dialect} type=spa`, () => {
    const gh = useFlowServer(dialect, SESSION_HOOK);

    test('case=registration: init answers 200 JSON, a JSON submit answers 200 {identity, session} with the session cookie type=spa', async () => {
      const b = spa();
      const { res, flow } = await initFlow(gh, b, 'registration');
      assertMatchesOperation('initializeSelfServiceRegistrationFlowForBrowsers', 200, res.json);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(flow.type, 'browser');
      assert.deepStrictEqual(res.setCookies.map((c) => c.name), [csrfCookieName(gh.publicUrl)]);
      assertNodes(flow.ui.nodes, registrationNodes({ csrf: csrfValue(flow) }));
      assert.deepStrictEqual(unmask(csrfValue(flow)), Buffer.from(b.jar.get(csrfCookieName(gh.publicUrl)) as string, 'base64'));

      const email = freshEmail();
      const before = await identityCount(gh);
      const done = await b.post(flow.ui.action, { json: registrationBody(flow, email, strongPassword()) });
      assert.equal(done.status, 200, done.text);
      assertMatchesOperation('submitSelfServiceRegistrationFlow', 200, done.json);
      const body = done.json as { identity: { id: string; traits: unknown }; session: SessionBody };
      assert.deepStrictEqual(Object.keys(body).sort(), ['identity', 'session'], 'no session_token for browsers');
      assert.equal(body.session.identity.id, body.identity.id);
      assert.ok(done.setCookies.some((c) => c.name === SESSION_COOKIE), 'session cookie set');
      assert.equal(await identityCount(gh), before + 1);

      const me = await b.get(new URL('sessions/whoami', gh.publicUrl));
      assert.equal(me.status, 200);
      assert.equal((me.json as SessionBody).id, body.session.id);
    });

    test('case=login: init answers 200 JSON, a JSON submit answers 200 {session} (no session_token) with the session cookie type=spa', async () => {
      const reg = await registerApi(gh);
      const b = spa();
      const { res, flow } = await initFlow(gh, b, 'login');
      assertMatchesOperation('initializeSelfServiceLoginFlowForBrowsers', 200, res.json);
      assert.equal(flow.type, 'browser');
      assert.equal(flow.request_url, `${gh.publicUrl}self-service/login/browser`);
      assertNodes(flow.ui.nodes, loginNodes({ csrf: csrfValue(flow) }));

      const done = await b.post(flow.ui.action, { json: loginBody(flow, reg.email.toUpperCase(), reg.password) });
      assert.equal(done.status, 200, done.text);
      assertMatchesOperation('submitSelfServiceLoginFlow', 200, done.json);
      const body = done.json as { session: SessionBody };
      assert.deepStrictEqual(Object.keys(body), ['session'], 'no session_token for browsers');
      assert.equal(body.session.identity.id, reg.identityId);
      const cookie = done.setCookies.find((c) => c.name === SESSION_COOKIE);
      assert.ok(cookie, 'session cookie set');
      assert.equal(cookie.attributes.httponly, true);

      const me = await b.get(new URL('sessions/whoami', gh.publicUrl));
      assert.equal(me.status, 200);
      assert.equal((me.json as SessionBody).id, body.session.id);
    });

    test('case=validation errors answer 400 with the flow as JSON type=spa', async () => {
      const reg = await registerApi(gh);
      const b = spa();
      const { flow: login } = await initFlow(gh, b, 'login');
      const wrong = await b.post(login.ui.action, { json: loginBody(login, reg.email, `${reg.password}!`) });
      assert.equal(wrong.status, 400, wrong.text);
      assertMatchesOperation('submitSelfServiceLoginFlow', 400, wrong.json);
      const failed = wrong.json as FlowBody;
      assert.deepStrictEqual(failed.ui.messages, [MSG.invalidCredentials]);
      assertNodes(failed.ui.nodes, loginNodes({ csrf: csrfValue(failed), identifier: reg.email }));
      assert.equal(wrong.setCookies.some((c) => c.name === SESSION_COOKIE), false);

      const before = await identityCount(gh);
      const { flow: registration } = await initFlow(gh, b, 'registration');
      const short = await b.post(registration.ui.action, { json: registrationBody(registration, freshEmail(), 'short') });
      assert.equal(short.status, 400, short.text);
      assertMatchesOperation('submitSelfServiceRegistrationFlow', 400, short.json);
      assert.deepStrictEqual(nodeNamed(short.json as FlowBody, 'password').messages, [MSG.policy(REASON.tooShort(5))]);
      assert.equal(await identityCount(gh), before);
    });

    for (const kind of ['login', 'registration'] as const) {
      test(`case=a ${kind} submit failing the CSRF check answers the 403 envelope type=spa`, async () => {
        const reg = await registerApi(gh);
        const before = await identityCount(gh);
        const b = spa();
        const { flow } = await initFlow(gh, b, kind);
        const body = (csrf: string | undefined) => {
          const b0: Record<string, unknown> =
            kind === 'login' ? loginBody(flow, reg.email, reg.password) : registrationBody(flow, freshEmail(), strongPassword());
          if (csrf === undefined) delete b0.csrf_token;
          else b0.csrf_token = csrf;
          return b0;
        };
        assertCsrfEnvelope(await b.post(flow.ui.action, { json: body(undefined) }));
        assertCsrfEnvelope(await b.post(flow.ui.action, { json: body(Buffer.alloc(64, 7).toString('base64')) }));
        assertCsrfEnvelope(await spa().post(flow.ui.action, { json: body(csrfValue(flow)) }));
        // The X-CSRF-Token header is not consulted by flow submits (flows.md §7).
        assertCsrfEnvelope(await b.post(flow.ui.action, { json: body(undefined), headers: { 'x-csrf-token': csrfValue(flow) } }));
        assert.equal(await identityCount(gh), before);
        assert.equal(b.jar.get(SESSION_COOKIE), undefined);
      });
    }

    test('case=with a session cookie, init and submit answer session_already_available type=spa', async () => {
      const b = spa();
      const { flow: login } = await initFlow(gh, b, 'login');
      const { flow: registration } = await initFlow(gh, b, 'registration');
      const reg = await registerApi(gh);
      const issued = await gh.issueSession(reg.identityId);
      b.jar.set(SESSION_COOKIE, issued.cookie);

      const loginInit = await b.get(new URL('self-service/login/browser', gh.publicUrl));
      assertErrorResponse(loginInit, 400);
      assertMatchesOperation('initializeSelfServiceLoginFlowForBrowsers', 400, loginInit.json);
      assert.deepStrictEqual(
        [(loginInit.json as Envelope).error.id, (loginInit.json as Envelope).error.reason],
        ['session_already_available', REASON.loginAlready],
      );
      const regInit = await b.get(new URL('self-service/registration/browser', gh.publicUrl));
      assertErrorResponse(regInit, 400);
      assert.deepStrictEqual(
        [(regInit.json as Envelope).error.id, (regInit.json as Envelope).error.reason],
        ['session_already_available', REASON.registrationAlready],
      );

      const loginSubmit = await b.post(login.ui.action, { json: loginBody(login, reg.email, reg.password) });
      assert.equal(loginSubmit.status, 400, loginSubmit.text);
      assertMatchesOperation('submitSelfServiceLoginFlow', 400, loginSubmit.json);
      assert.deepStrictEqual((loginSubmit.json as FlowBody).ui.messages, [MSG.generic(REASON.loginAlready)]);

      const before = await identityCount(gh);
      const regSubmit = await b.post(registration.ui.action, { json: registrationBody(registration, freshEmail(), strongPassword()) });
      assertErrorResponse(regSubmit, 400);
      assert.equal((regSubmit.json as Envelope).error.id, 'session_already_available');
      assert.equal(await identityCount(gh), before);
      assert.equal(((await b.get(new URL('sessions/whoami', gh.publicUrl))).json as SessionBody).id, issued.session.id);
    });
  });
}
