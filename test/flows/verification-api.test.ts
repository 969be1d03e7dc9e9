/**
 * Address verification for native apps (`type=api`) and single-page apps (`type=spa`); the link
 * from the mail is opened in a browser (flows.md §4.5, §12; api.md §6; ui.md §5.5, §7.7).
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
  assertSentFlow,
  createUser,
  csrfOf,
  fetchApiFlow,
  fetchBrowserFlow,
  flowById,
  flowIdAt,
  flowIdAtFlowsEndpoint,
  initApiFlow,
  LINK_MSG,
  LINK_UI,
  linkNodes,
  linkOf,
  NO_STORE,
  sleepPast,
  submitEmailApi,
  useLinkServer,
  verifiableAddress,
  waitForMail,
  type Envelope,
  type LinkFlow,
} from './link-support.js';
import { freshEmail, REASON } from './support.js';

const spa = () => new Browser({ accept: 'application/json' });

async function spaInit(gh: Gatehouse, b: Browser): Promise<LinkFlow> {
  const res = await b.get(new URL('self-service/verification/browser', gh.publicUrl));
  assert.equal(res.status, 200, res.text);
  assertMatchesOperation('initializeSelfServiceVerificationFlowForBrowsers', 200, res.json);
  return res.json as LinkFlow;
}

for (const dialect of DIALECTS) {
  describe(`verification dialect=${dialect} type=api,spa`, () => {
    const { gh, mailbox } = useLinkServer(dialect);

    test('case=init, submit JSON, open the mailed link in a browser: verified, no session type=api', async () => {
      const user = await createUser(gh);
      const init = await request('GET', new URL('self-service/verification/api', gh.publicUrl));
      assert.equal(init.status, 200, init.text);
      assertMatchesOperation('initializeSelfServiceVerificationFlowWithoutBrowser', 200, init.json);
      assert.equal(init.headers.get('cache-control'), NO_STORE);
      assert.deepStrictEqual(init.headers.getSetCookie(), []);
      const flow = init.json as LinkFlow;
      assertLinkFlow(gh, 'verification', flow, { type: 'api', state: 'choose_method', requestUrl: `${gh.publicUrl}self-service/verification/api` });
      assertNodes(flow.ui.nodes, linkNodes({ csrf: '' }));

      const res = await submitEmailApi(flow, user.email);
      assert.equal(res.status, 200, res.text);
      assertMatchesOperation('submitSelfServiceVerificationFlow', 200, res.json);
      const sent = res.json as LinkFlow;
      assertSentFlow(gh, 'verification', sent, { type: 'api', id: flow.id, email: user.email });
      assertAddressState(await verifiableAddress(gh, user.id, user.email), 'sent');

      const mail = await waitForMail(mailbox, user.email, 'verification_valid');
      const link = linkOf(gh, 'verification', mail);
      assert.equal(link.flowId, flow.id);
      assertMail(mail, 'verification_valid', { to: user.email, link: link.url });

      const phone = new Browser();
      const clickedAt = Date.now();
      const click = await phone.get(link.url);
      assert.equal(click.status, 303, click.text);
      assert.equal(click.location, `${LINK_UI.verification}?flow=${flow.id}`);
      assert.equal(phone.jar.get(SESSION_COOKIE), undefined, 'no session');
      assertAddressState(await verifiableAddress(gh, user.id, user.email), 'completed', { from: clickedAt, to: Date.now() });

      const done = await fetchApiFlow(gh, 'verification', flow.id);
      assert.equal(done.status, 200, done.text);
      assertMatchesOperation('getSelfServiceVerificationFlow', 200, done.json);
      const body = done.json as LinkFlow;
      assertLinkFlow(gh, 'verification', body, { type: 'api', state: 'passed_challenge', id: flow.id });
      assert.deepStrictEqual(body.ui.messages, [LINK_MSG.verified]);
    });

    test('case=resubmitting after passed_challenge answers 303 to the flows endpoint of a new flow with 4070002 type=api', async () => {
      const user = await createUser(gh);
      const flow = await initApiFlow(gh, 'verification');
      assert.equal((await submitEmailApi(flow, user.email)).status, 200);
      const link = linkOf(gh, 'verification', await waitForMail(mailbox, user.email, 'verification_valid'));
      assert.equal((await new Browser().get(link.url)).status, 303);

      const res = await submitEmailApi(flow, user.email);
      const retryId = flowIdAtFlowsEndpoint(gh, 'verification', res);
      const retry = await flowById(gh, 'verification', retryId);
      assertLinkFlow(gh, 'verification', retry, { type: 'api', state: 'choose_method', id: retryId });
      assert.deepStrictEqual(retry.ui.messages, [LINK_MSG.verificationRetrySuccess]);
    });

    test('case=known and unknown addresses get identical answers; only the mail differs type=api', async () => {
      const known = await createUser(gh);
      const unknown = freshEmail('Nobody');
      const a = await initApiFlow(gh, 'verification');
      const b = await initApiFlow(gh, 'verification');
      const ra = await submitEmailApi(a, known.email);
      const rb = await submitEmailApi(b, unknown);
      assert.deepStrictEqual([ra.status, rb.status], [200, 200]);
      const strip = (f: LinkFlow, email: string) =>
        JSON.parse(
          JSON.stringify(f)
            .replaceAll(f.id, '<id>')
            .replaceAll(email, '<email>')
            .replace(/"(expires_at|issued_at)":"[^"]+"/g, '"$1":"<time>"'),
        ) as unknown;
      assert.deepStrictEqual(strip(rb.json as LinkFlow, unknown), strip(ra.json as LinkFlow, known.email));
      assertMail(await waitForMail(mailbox, unknown, 'verification_invalid'), 'verification_invalid', { to: unknown });
      await waitForMail(mailbox, known.email, 'verification_valid');
    });

    test('case=a missing email answers 400 with 4000002, an invalid one 4000001 type=api', async () => {
      const flow = await initApiFlow(gh, 'verification');
      const missing = await request('POST', flow.ui.action, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'link' }) });
      assert.equal(missing.status, 400, missing.text);
      assertMatchesOperation('submitSelfServiceVerificationFlow', 400, missing.json);
      const m = (missing.json as LinkFlow).ui.nodes.find((n) => n.attributes.name === 'email');
      assert.deepStrictEqual(m?.messages, [LINK_MSG.emailMissing]);

      const invalid = 'still not an email';
      const res = await submitEmailApi(flow, invalid);
      assert.equal(res.status, 400, res.text);
      const failed = res.json as LinkFlow;
      assert.equal(failed.state, 'choose_method');
      assertNodes(failed.ui.nodes, linkNodes({ csrf: '', email: invalid, emailMessages: [LINK_MSG.invalidEmail(invalid)] }));
    });

    test('case=a session is neither required nor forbidden: init with a session token answers 200 type=api', async () => {
      const user = await createUser(gh);
      const s = await gh.issueSession(user.id);
      const init = await request('GET', new URL('self-service/verification/api', gh.publicUrl), { headers: { 'x-session-token': s.token } });
      assert.equal(init.status, 200, init.text);
      const flow = init.json as LinkFlow;
      const res = await submitEmailApi(flow, user.email, { 'x-session-token': s.token });
      assert.equal(res.status, 200, res.text);
      assert.equal((res.json as LinkFlow).state, 'sent_email');
      await waitForMail(mailbox, user.email, 'verification_valid');
    });

    test('case=init and submit answer JSON; the link in the same browser verifies and the SPA can show the result type=spa', async () => {
      const user = await createUser(gh);
      const b = spa();
      const flow = await spaInit(gh, b);
      assertLinkFlow(gh, 'verification', flow, { type: 'browser', state: 'choose_method', requestUrl: `${gh.publicUrl}self-service/verification/browser` });
      assertNodes(flow.ui.nodes, linkNodes({ csrf: csrfOf(flow) }));

      const res = await b.post(flow.ui.action, { json: { method: 'link', email: user.email, csrf_token: csrfOf(flow) } });
      assert.equal(res.status, 200, res.text);
      assertMatchesOperation('submitSelfServiceVerificationFlow', 200, res.json);
      const sent = res.json as LinkFlow;
      assertSentFlow(gh, 'verification', sent, { type: 'browser', id: flow.id, email: user.email });

      const link = linkOf(gh, 'verification', await waitForMail(mailbox, user.email, 'verification_valid'));
      const click = await b.get(link.url, { headers: { accept: 'text/html' } });
      assert.equal(click.status, 303, click.text);
      assert.equal(click.location, `${LINK_UI.verification}?flow=${flow.id}`);
      const done = await fetchBrowserFlow(gh, b, 'verification', flow.id);
      assert.equal(done.status, 200, done.text);
      assert.deepStrictEqual((done.json as LinkFlow).ui.messages, [LINK_MSG.verified]);
      assertAddressState(await verifiableAddress(gh, user.id, user.email), 'completed');
    });

    test('case=a wrong CSRF token answers the 403 envelope and sends nothing type=spa', async () => {
      const user = await createUser(gh);
      const b = spa();
      const flow = await spaInit(gh, b);
      const res = await b.post(flow.ui.action, { json: { method: 'link', email: user.email, csrf_token: 'AAAA' } });
      assertErrorResponse(res, 403);
      assert.deepStrictEqual([(res.json as Envelope).error.id, (res.json as Envelope).error.reason], ['security_csrf_violation', REASON.csrf]);
      await assertMailCount(gh, mailbox, user.email, 0);
      assertAddressState(await verifiableAddress(gh, user.id, user.email), 'pending');
    });

    test('case=resubmitting after passed_challenge redirects 303 to the verification UI with a new flow carrying 4070002 type=spa', async () => {
      const user = await createUser(gh);
      const b = spa();
      const flow = await spaInit(gh, b);
      assert.equal((await b.post(flow.ui.action, { json: { method: 'link', email: user.email, csrf_token: csrfOf(flow) } })).status, 200);
      const link = linkOf(gh, 'verification', await waitForMail(mailbox, user.email, 'verification_valid'));
      assert.equal((await new Browser().get(link.url)).status, 303);
      const res = await b.post(flow.ui.action, { json: { method: 'link', email: user.email, csrf_token: csrfOf(flow) } });
      assert.equal(res.status, 303, res.text);
      const retryId = flowIdAt(res, LINK_UI.verification);
      const retry = await flowById(gh, 'verification', retryId, b);
      assert.deepStrictEqual(retry.ui.messages, [LINK_MSG.verificationRetrySuccess]);
    });
  });

  describe(`verification dialect=${dialect} type=api,spa,browser flow lifespan=2s`, () => {
    const { gh } = useLinkServer(dialect, { selfservice: { flows: { verification: { lifespan: '2s' } } } });

    test('case=a submit to an expired flow answers 303 to the flows endpoint of a new flow with 4070005 whose expired_at is the expiry instant (upstream put it in the future); the old one is 410 type=api', async () => {
      const flow = await initApiFlow(gh, 'verification');
      await sleepPast(flow.expires_at);
      const res = await submitEmailApi(flow, freshEmail());
      const newId = flowIdAtFlowsEndpoint(gh, 'verification', res);
      const fresh = await flowById(gh, 'verification', newId);
      assertLinkFlow(gh, 'verification', fresh, { type: 'api', state: 'choose_method', id: newId, lifespanMs: 2000, requestUrl: flow.request_url });
      const checkedAt = Date.now();
      assertExpiredMessage('verification', fresh.ui.messages, { notBefore: Date.parse(flow.expires_at), notAfter: checkedAt });

      const old = await fetchApiFlow(gh, 'verification', flow.id);
      assertErrorResponse(old, 410);
      const e = (old.json as Envelope).error;
      assert.deepStrictEqual(
        [e.id, e.status, e.reason],
        [undefined, 'Gone', 'The verification flow has expired. Call the verification flow init API endpoint to initialize a new verification flow.'],
      );
      assert.deepStrictEqual(Object.keys(e.details ?? {}), ['api']);
      assert.ok(String(e.details?.api).startsWith(`${gh.publicUrl}self-service/verification/`), String(e.details?.api));
      // Last, as the test's name says: Gatehouse fixes upstream's future expired_at.
      assertExpiredMessage('verification', fresh.ui.messages, { notBefore: Date.parse(flow.expires_at), notAfter: checkedAt }, { fixed: true });
    });

    test('case=a submit to an expired flow answers 303 to the flows endpoint; fetching the old one is 410 type=spa', async () => {
      const b = spa();
      const flow = await spaInit(gh, b);
      await sleepPast(flow.expires_at);
      const res = await b.post(flow.ui.action, { json: { method: 'link', email: freshEmail(), csrf_token: csrfOf(flow) } });
      const newId = flowIdAtFlowsEndpoint(gh, 'verification', res);
      const fresh = await flowById(gh, 'verification', newId, b);
      assertExpiredMessage('verification', fresh.ui.messages, { notBefore: Date.parse(flow.expires_at), notAfter: Date.now() });
      const old = await fetchBrowserFlow(gh, b, 'verification', flow.id);
      assertErrorResponse(old, 410);
      const e = (old.json as Envelope).error;
      assert.equal(e.reason, 'The verification flow has expired. Redirect the user to the verification flow init endpoint to initialize a new verification flow.');
      assert.deepStrictEqual(Object.keys(e.details ?? {}), ['redirect_to']);
    });

    test('case=a form post to an expired flow redirects 303 to the verification UI with a new flow type=browser', async () => {
      const b = new Browser();
      const init = await b.get(new URL('self-service/verification/browser', gh.publicUrl));
      assert.equal(init.status, 303, init.text);
      const flow = await flowById(gh, 'verification', flowIdAt(init, LINK_UI.verification), b);
      await sleepPast(flow.expires_at);
      const res = await b.post(flow.ui.action, { form: { csrf_token: csrfOf(flow), email: freshEmail(), method: 'link' } });
      assert.equal(res.status, 303, res.text);
      const newId = flowIdAt(res, LINK_UI.verification);
      const fresh = await flowById(gh, 'verification', newId, b);
      assertExpiredMessage('verification', fresh.ui.messages, { notBefore: Date.parse(flow.expires_at), notAfter: Date.now() });
    });
  });
}
