/**
 * Account recovery for native apps (`type=api`: JSON without cookies or Origin) and single-page
 * apps (`type=spa`: browser flows over `fetch` with `Accept: application/json` and cookies). The
 * link from the mail is always opened in a browser (flows.md §4.4, §12; api.md §5; session.md §4).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Browser } from '../helpers/browser.js';
import { assertErrorResponse, assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, request, SESSION_COOKIE, type Gatehouse } from '../helpers/server.js';
import {
  assertAddressState,
  assertExpiredMessage,
  assertLinkFlow,
  assertMailCount,
  assertMail,
  assertNodes,
  assertRecoveredMessage,
  assertSentFlow,
  createUser,
  csrfOf,
  DEFAULT_RETURN,
  fetchApiFlow,
  fetchBrowserFlow,
  flowById,
  flowIdAt,
  flowIdAtFlowsEndpoint,
  HOUR_MS,
  initApiFlow,
  LINK_MSG,
  LINK_UI,
  linkNodes,
  linkOf,
  NO_STORE,
  RECOVERY_WHILE_SIGNED_IN,
  sleepPast,
  submitEmailApi,
  useLinkServer,
  verifiableAddress,
  waitForMail,
  type Envelope,
  type LinkFlow,
  type SettingsFlowBody,
} from './link-support.js';
import { csrfCookieName, freshEmail, loginApi, REASON, type SessionBody } from './support.js';

const spa = () => new Browser({ accept: 'application/json' });

/** An SPA's init: `GET /self-service/recovery/browser` with `Accept: application/json`. */
async function spaInit(gh: Gatehouse, b: Browser): Promise<LinkFlow> {
  const res = await b.get(new URL('self-service/recovery/browser', gh.publicUrl));
  assert.equal(res.status, 200, res.text);
  assertMatchesOperation('initializeSelfServiceRecoveryFlowForBrowsers', 200, res.json);
  return res.json as LinkFlow;
}

/**
 * A phone's browser opens the recovery link (no cookies yet): 303 to the settings UI with a session
 * cookie; the settings flow it lands on is a browser flow carrying 1060001.
 */
async function openLinkOnPhone(gh: Gatehouse, url: string, identityId: string): Promise<{ phone: Browser; settings: SettingsFlowBody }> {
  const phone = new Browser();
  const clickedAt = Date.now();
  const res = await phone.get(url);
  assert.equal(res.status, 303, res.text);
  const settingsId = flowIdAt(res, LINK_UI.settings);
  assert.ok(phone.jar.get(SESSION_COOKIE), 'a session cookie, whatever the flow type (session.md §4)');
  const settingsRes = await phone.get(new URL(`self-service/settings/flows?id=${settingsId}`, gh.publicUrl), { headers: { accept: 'application/json' } });
  assert.equal(settingsRes.status, 200, settingsRes.text);
  const settings = settingsRes.json as SettingsFlowBody;
  assert.equal(settings.type, 'browser', 'recovery always continues in a browser settings flow');
  assert.equal(settings.identity.id, identityId);
  assertRecoveredMessage(settings.ui.messages, HOUR_MS, clickedAt);
  return { phone, settings };
}

for (const dialect of DIALECTS) {
  describe(`recovery dialect=${dialect} type=api,spa`, () => {
    const { gh, mailbox } = useLinkServer(dialect);

    test('case=init, submit JSON, open the mailed link in a browser, set a password there type=api', async () => {
      const user = await createUser(gh);
      const init = await request('GET', new URL('self-service/recovery/api', gh.publicUrl));
      assert.equal(init.status, 200, init.text);
      assertMatchesOperation('initializeSelfServiceRecoveryFlowWithoutBrowser', 200, init.json);
      assert.equal(init.headers.get('cache-control'), NO_STORE);
      assert.deepStrictEqual(init.headers.getSetCookie(), [], 'API init sets no cookie');
      const flow = init.json as LinkFlow;
      assertLinkFlow(gh, 'recovery', flow, { type: 'api', state: 'choose_method', requestUrl: `${gh.publicUrl}self-service/recovery/api` });
      assert.equal(flow.ui.messages, undefined);
      assertNodes(flow.ui.nodes, linkNodes({ csrf: '' }));

      const fetched = await fetchApiFlow(gh, 'recovery', flow.id);
      assert.equal(fetched.status, 200, fetched.text);
      assertMatchesOperation('getSelfServiceRecoveryFlow', 200, fetched.json);
      assert.deepStrictEqual(fetched.json, flow);

      const res = await submitEmailApi(flow, user.email);
      assert.equal(res.status, 200, res.text);
      assertMatchesOperation('submitSelfServiceRecoveryFlow', 200, res.json);
      const sent = res.json as LinkFlow;
      assertSentFlow(gh, 'recovery', sent, { type: 'api', id: flow.id, email: user.email });
      assert.equal((await flowById(gh, 'recovery', flow.id)).state, 'sent_email');

      const mail = await waitForMail(mailbox, user.email, 'recovery_valid');
      const link = linkOf(gh, 'recovery', mail);
      assert.equal(link.flowId, flow.id);
      assertMail(mail, 'recovery_valid', { to: user.email, link: link.url });

      const { phone, settings } = await openLinkOnPhone(gh, link.url, user.id);
      const me = await phone.get(new URL('sessions/whoami', gh.publicUrl), { headers: { accept: 'application/json' } });
      assert.equal(me.status, 200, me.text);
      assert.deepStrictEqual((me.json as SessionBody).authentication_methods.map((m) => m.method), ['link_recovery']);

      const password = `Recovered-${Date.now()}-pw!`;
      const csrf = settings.ui.nodes.find((n) => n.attributes.name === 'csrf_token')?.attributes.value;
      const changed = await phone.post(settings.ui.action, { form: { csrf_token: String(csrf), method: 'password', password } });
      assert.equal(changed.status, 303, changed.text);
      assert.equal((await loginApi(gh, user.email, password)).session.identity.id, user.id);

      const done = await flowById(gh, 'recovery', flow.id);
      assertLinkFlow(gh, 'recovery', done, { type: 'api', state: 'passed_challenge', id: flow.id });
      assertAddressState(await verifiableAddress(gh, user.id, user.email), 'completed');
    });

    test('case=resubmitting after passed_challenge answers 303 to the flows endpoint of a new flow with 4060001 type=api', async () => {
      const user = await createUser(gh);
      const flow = await initApiFlow(gh, 'recovery');
      assert.equal((await submitEmailApi(flow, user.email)).status, 200);
      const link = linkOf(gh, 'recovery', await waitForMail(mailbox, user.email, 'recovery_valid'));
      await openLinkOnPhone(gh, link.url, user.id);

      const res = await submitEmailApi(flow, user.email);
      const retryId = flowIdAtFlowsEndpoint(gh, 'recovery', res);
      assert.notEqual(retryId, flow.id);
      const retry = await fetchApiFlow(gh, 'recovery', retryId);
      assert.equal(retry.status, 200, retry.text);
      assertMatchesOperation('getSelfServiceRecoveryFlow', 200, retry.json);
      const body = retry.json as LinkFlow;
      assertLinkFlow(gh, 'recovery', body, { type: 'api', state: 'choose_method', id: retryId });
      assert.deepStrictEqual(body.ui.messages, [LINK_MSG.recoveryRetrySuccess]);
      await assertMailCount(gh, mailbox, user.email, 1, 'no second mail');
    });

    test('case=known and unknown addresses get identical answers; only the mail differs type=api', async () => {
      const known = await createUser(gh);
      const unknown = freshEmail('Nobody');
      const a = await initApiFlow(gh, 'recovery');
      const b = await initApiFlow(gh, 'recovery');
      const ra = await submitEmailApi(a, known.email);
      const rb = await submitEmailApi(b, unknown);
      assert.deepStrictEqual([ra.status, rb.status], [200, 200]);
      const strip = (f: LinkFlow, email: string) =>
        JSON.parse(
          JSON.stringify(f)
            .replaceAll(f.id, '<id>')
            .replaceAll(JSON.stringify(email).slice(1, -1), '<email>')
            .replace(/"(expires_at|issued_at)":"[^"]+"/g, '"$1":"<time>"'),
        ) as unknown;
      assert.deepStrictEqual(strip(rb.json as LinkFlow, unknown), strip(ra.json as LinkFlow, known.email));
      assert.deepStrictEqual(
        [...rb.headers.keys()].filter((k) => k !== 'date' && k !== 'content-length').sort(),
        [...ra.headers.keys()].filter((k) => k !== 'date' && k !== 'content-length').sort(),
        'the same headers',
      );
      assertMail(await waitForMail(mailbox, unknown, 'recovery_invalid'), 'recovery_invalid', { to: unknown });
      const valid = await waitForMail(mailbox, known.email, 'recovery_valid');
      assertMail(valid, 'recovery_valid', { to: known.email, link: linkOf(gh, 'recovery', valid).url });
    });

    test('case=a missing email answers 400 with 4000002, an invalid one 4000001; the state stays and nothing is sent type=api', async () => {
      const flow = await initApiFlow(gh, 'recovery');
      for (const body of [{ method: 'link' }, { method: 'link', email: '' }]) {
        const res = await request('POST', flow.ui.action, { headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
        assert.equal(res.status, 400, res.text);
        assertMatchesOperation('submitSelfServiceRecoveryFlow', 400, res.json);
        const failed = res.json as LinkFlow;
        assert.equal(failed.state, 'choose_method');
        assert.equal(failed.ui.messages, undefined, 'the message is on the email node');
        const email = failed.ui.nodes.find((n) => n.attributes.name === 'email');
        assert.deepStrictEqual(email?.messages, [LINK_MSG.emailMissing]);
        assert.ok(email.attributes.value === '' || email.attributes.value === undefined, JSON.stringify(email.attributes));
      }
      const invalid = `not-an-email-${Date.now()}`;
      const res = await submitEmailApi(flow, invalid);
      assert.equal(res.status, 400, res.text);
      assertMatchesOperation('submitSelfServiceRecoveryFlow', 400, res.json);
      const failed = res.json as LinkFlow;
      assert.equal(failed.state, 'choose_method');
      assertNodes(failed.ui.nodes, linkNodes({ csrf: '', email: invalid, emailMessages: [LINK_MSG.invalidEmail(invalid)] }));
      assert.equal((await flowById(gh, 'recovery', flow.id)).state, 'choose_method');
      await assertMailCount(gh, mailbox, invalid, 0);
    });

    test('case=with a session token init answers 400 and submit answers 302 to the default return URL type=api', async () => {
      const user = await createUser(gh);
      const s = await gh.issueSession(user.id);
      const init = await request('GET', new URL('self-service/recovery/api', gh.publicUrl), { headers: { 'x-session-token': s.token } });
      assertErrorResponse(init, 400);
      assertMatchesOperation('initializeSelfServiceRecoveryFlowWithoutBrowser', 400, init.json);
      assert.equal((init.json as Envelope).error.reason, RECOVERY_WHILE_SIGNED_IN);

      const flow = await initApiFlow(gh, 'recovery');
      const res = await submitEmailApi(flow, user.email, { 'x-session-token': s.token });
      assert.equal(res.status, 302, res.text);
      assert.equal(res.headers.get('location'), DEFAULT_RETURN);
      assert.equal((await flowById(gh, 'recovery', flow.id)).state, 'choose_method', 'nothing happened to the flow');
    });

    test('case=init answers the flow as JSON with the CSRF cookie; submit answers 200 JSON; the link in the same browser signs in type=spa', async () => {
      const user = await createUser(gh);
      const b = spa();
      const flow = await spaInit(gh, b);
      assertLinkFlow(gh, 'recovery', flow, { type: 'browser', state: 'choose_method', requestUrl: `${gh.publicUrl}self-service/recovery/browser` });
      assert.ok(b.jar.get(csrfCookieName(gh.publicUrl)), 'the CSRF cookie');
      assertNodes(flow.ui.nodes, linkNodes({ csrf: csrfOf(flow) }));

      const res = await b.post(flow.ui.action, { json: { method: 'link', email: user.email, csrf_token: csrfOf(flow) } });
      assert.equal(res.status, 200, res.text);
      assertMatchesOperation('submitSelfServiceRecoveryFlow', 200, res.json);
      const sent = res.json as LinkFlow;
      assertSentFlow(gh, 'recovery', sent, { type: 'browser', id: flow.id, email: user.email });

      const link = linkOf(gh, 'recovery', await waitForMail(mailbox, user.email, 'recovery_valid'));
      // The SPA user clicks the mail link: a navigation in the same browser.
      const click = await b.get(link.url, { headers: { accept: 'text/html' } });
      assert.equal(click.status, 303, click.text);
      flowIdAt(click, LINK_UI.settings);
      const me = await b.get(new URL('sessions/whoami', gh.publicUrl));
      assert.equal(me.status, 200, me.text);
      assert.equal((me.json as SessionBody).identity.id, user.id);
    });

    test('case=a wrong CSRF token answers the 403 envelope and sends nothing type=spa', async () => {
      const user = await createUser(gh);
      const b = spa();
      const flow = await spaInit(gh, b);
      const res = await b.post(flow.ui.action, { json: { method: 'link', email: user.email, csrf_token: Buffer.alloc(64, 3).toString('base64') } });
      assertErrorResponse(res, 403);
      const e = (res.json as Envelope).error;
      assert.deepStrictEqual([e.id, e.reason], ['security_csrf_violation', REASON.csrf]);
      assert.equal((await flowById(gh, 'recovery', flow.id, b)).state, 'choose_method');
      await assertMailCount(gh, mailbox, user.email, 0);
    });

    test('case=signed in: init answers 400 JSON, submit answers 302 to the default return URL type=spa', async () => {
      const user = await createUser(gh);
      const b = spa();
      const flow = await spaInit(gh, b);
      const s = await gh.issueSession(user.id);
      b.jar.set(SESSION_COOKIE, s.cookie);
      const init = await b.get(new URL('self-service/recovery/browser', gh.publicUrl));
      assertErrorResponse(init, 400);
      assert.deepStrictEqual([(init.json as Envelope).error.reason, (init.json as Envelope).error.id], [RECOVERY_WHILE_SIGNED_IN, undefined]);
      const res = await b.post(flow.ui.action, { json: { method: 'link', email: user.email, csrf_token: csrfOf(flow) } });
      assert.equal(res.status, 302, res.text);
      assert.equal(res.location, DEFAULT_RETURN);
    });

    test('case=resubmitting after passed_challenge redirects 303 to the recovery UI with a new flow carrying 4060001 type=spa', async () => {
      const user = await createUser(gh);
      const b = spa();
      const flow = await spaInit(gh, b);
      assert.equal((await b.post(flow.ui.action, { json: { method: 'link', email: user.email, csrf_token: csrfOf(flow) } })).status, 200);
      const link = linkOf(gh, 'recovery', await waitForMail(mailbox, user.email, 'recovery_valid'));
      await openLinkOnPhone(gh, link.url, user.id);

      const res = await b.post(flow.ui.action, { json: { method: 'link', email: user.email, csrf_token: csrfOf(flow) } });
      assert.equal(res.status, 303, res.text);
      const retryId = flowIdAt(res, LINK_UI.recovery);
      const retry = await flowById(gh, 'recovery', retryId, b);
      assertLinkFlow(gh, 'recovery', retry, { type: 'browser', state: 'choose_method', id: retryId });
      assert.deepStrictEqual(retry.ui.messages, [LINK_MSG.recoveryRetrySuccess]);
    });
  });

  describe(`recovery dialect=${dialect} type=api,spa,browser flow lifespan=2s`, () => {
    const { gh } = useLinkServer(dialect, { selfservice: { flows: { recovery: { lifespan: '2s' } } } });

    test('case=a submit to an expired flow answers 303 to the flows endpoint of a new flow with 4060005 whose expired_at is the expiry instant (upstream put it in the future) type=api', async () => {
      const flow = await initApiFlow(gh, 'recovery', '?return_to=http%3A%2F%2F127.0.0.1%3A4455%2Fback');
      const expiresAt = Date.parse(flow.expires_at);
      await sleepPast(flow.expires_at);
      const res = await submitEmailApi(flow, freshEmail());
      const newId = flowIdAtFlowsEndpoint(gh, 'recovery', res);
      const fresh = await flowById(gh, 'recovery', newId);
      assertLinkFlow(gh, 'recovery', fresh, { type: 'api', state: 'choose_method', id: newId, lifespanMs: 2000, requestUrl: flow.request_url });
      const checkedAt = Date.now();
      assertExpiredMessage('recovery', fresh.ui.messages, { notBefore: expiresAt, notAfter: checkedAt });

      const old = await fetchApiFlow(gh, 'recovery', flow.id);
      assertErrorResponse(old, 410);
      assertMatchesOperation('getSelfServiceRecoveryFlow', 410, old.json);
      const e = (old.json as Envelope).error;
      assert.deepStrictEqual(
        [e.id, e.status, e.message, e.reason],
        [
          undefined,
          'Gone',
          'The requested resource is no longer available because it has expired or is otherwise invalid.',
          'The recovery flow has expired. Call the recovery flow init API endpoint to initialize a new recovery flow.',
        ],
      );
      assert.deepStrictEqual(Object.keys(e.details ?? {}), ['api']);
      assert.ok(String(e.details?.api).startsWith(`${gh.publicUrl}self-service/recovery/`), String(e.details?.api));
      // Last, as the test's name says: Gatehouse fixes upstream's future expired_at.
      assertExpiredMessage('recovery', fresh.ui.messages, { notBefore: expiresAt, notAfter: checkedAt }, { fixed: true });
    });

    test('case=a submit to an expired flow answers 303 to the flows endpoint; fetching the old one is 410 type=spa', async () => {
      const b = spa();
      const flow = await spaInit(gh, b);
      await sleepPast(flow.expires_at);
      const res = await b.post(flow.ui.action, { json: { method: 'link', email: freshEmail(), csrf_token: csrfOf(flow) } });
      const newId = flowIdAtFlowsEndpoint(gh, 'recovery', res);
      const fresh = await flowById(gh, 'recovery', newId, b);
      assertLinkFlow(gh, 'recovery', fresh, { type: 'browser', state: 'choose_method', id: newId, lifespanMs: 2000 });
      assertExpiredMessage('recovery', fresh.ui.messages, { notBefore: Date.parse(flow.expires_at), notAfter: Date.now() });

      const old = await fetchBrowserFlow(gh, b, 'recovery', flow.id);
      assertErrorResponse(old, 410);
      const e = (old.json as Envelope).error;
      assert.equal(e.id, undefined);
      assert.equal(e.reason, 'The recovery flow has expired. Redirect the user to the recovery flow init endpoint to initialize a new recovery flow.');
      assert.deepStrictEqual(Object.keys(e.details ?? {}), ['redirect_to']);
      assert.ok(String(e.details?.redirect_to).startsWith(`${gh.publicUrl}self-service/recovery/`), String(e.details?.redirect_to));
    });

    test('case=a form post to an expired flow redirects 303 to the recovery UI with a new flow type=browser', async () => {
      const b = new Browser();
      const init = await b.get(new URL('self-service/recovery/browser', gh.publicUrl));
      assert.equal(init.status, 303, init.text);
      const flow = await flowById(gh, 'recovery', flowIdAt(init, LINK_UI.recovery), b);
      await sleepPast(flow.expires_at);
      const res = await b.post(flow.ui.action, { form: { csrf_token: csrfOf(flow), email: freshEmail(), method: 'link' } });
      assert.equal(res.status, 303, res.text);
      const newId = flowIdAt(res, LINK_UI.recovery);
      assert.notEqual(newId, flow.id);
      const fresh = await flowById(gh, 'recovery', newId, b);
      assertExpiredMessage('recovery', fresh.ui.messages, { notBefore: Date.parse(flow.expires_at), notAfter: Date.now() });
      assert.equal(fresh.request_url, flow.request_url, 'the new flow keeps the request_url (flows.md §3)');
    });
  });
}
