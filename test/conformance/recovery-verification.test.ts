/**
 * Recovery, verification and the admin recovery link through the real `@ory/kratos-client`
 * (v0.8.2-alpha.1), every JSON body validated against the OpenAPI document's response schema of
 * its operation (test/helpers/openapi.ts). Where the server answers a status the document does
 * not list (api.md notes: 303 retries and expiry redirects, 403 CSRF on fetch), the answer is
 * checked against the spec instead and the test says so.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { SelfServiceRecoveryFlow, SelfServiceVerificationFlow } from '@ory/kratos-client';
import { Browser } from '../helpers/browser.js';
import { assertErrorEnvelope, assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, SESSION_COOKIE } from '../helpers/server.js';
import {
  createUser,
  ENDPOINT_DISABLED,
  LINK_MSG,
  linkOf,
  useLinkServer,
  waitForMail,
  type Envelope,
} from '../flows/link-support.js';
import { freshEmail } from '../flows/support.js';

type Headers = Record<string, unknown>;

/** The `Cookie` request header made of a response's `Set-Cookie` pairs. */
function cookieFrom(headers: Headers): string {
  const set = headers['set-cookie'];
  const list = Array.isArray(set) ? (set as string[]) : typeof set === 'string' ? [set] : [];
  return list.map((c) => c.split(';')[0]).join('; ');
}

const csrfOfFlow = (flow: { ui: { nodes: { attributes: unknown }[] } }): string => {
  const n = flow.ui.nodes.find((x) => (x.attributes as { name?: string }).name === 'csrf_token');
  return String((n?.attributes as { value?: unknown } | undefined)?.value ?? '');
};

for (const dialect of DIALECTS) {
  describe(`recovery and verification through @ory/kratos-client dialect=${dialect}`, () => {
    const { gh, mailbox } = useLinkServer(dialect);

    async function apiRecoveryFlow(api = gh.publicApi): Promise<SelfServiceRecoveryFlow> {
      const res = await api.initializeSelfServiceRecoveryFlowWithoutBrowser();
      assert.equal(res.status, 200);
      assertMatchesOperation('initializeSelfServiceRecoveryFlowWithoutBrowser', 200, res.data);
      return res.data;
    }

    test('case=recovery: init, get and submit type=api', async () => {
      const user = await createUser(gh);
      const flow = await apiRecoveryFlow();
      assert.equal(flow.type, 'api');
      assert.equal(flow.state, 'choose_method');

      const got = await gh.publicApi.getSelfServiceRecoveryFlow(flow.id);
      assert.equal(got.status, 200);
      assertMatchesOperation('getSelfServiceRecoveryFlow', 200, got.data);
      assert.deepStrictEqual(got.data, flow);

      const sent = await gh.publicApi.submitSelfServiceRecoveryFlow(flow.id, undefined, { method: 'link', email: user.email });
      assert.equal(sent.status, 200);
      assertMatchesOperation('submitSelfServiceRecoveryFlow', 200, sent.data);
      assert.equal(sent.data.state, 'sent_email');
      assert.deepStrictEqual(sent.data.ui.messages, [LINK_MSG.recoverySent]);

      const bad = await gh.publicApi.submitSelfServiceRecoveryFlow(flow.id, undefined, { method: 'link', email: '' });
      assert.equal(bad.status, 400);
      assertMatchesOperation('submitSelfServiceRecoveryFlow', 400, bad.data);

      const unknown = await gh.publicApi.getSelfServiceRecoveryFlow(randomUUID());
      assert.equal(unknown.status, 404);
      assertMatchesOperation('getSelfServiceRecoveryFlow', 404, unknown.data);
      await waitForMail(mailbox, user.email, 'recovery_valid');
    });

    test('case=recovery: init, get and submit with the browser\'s cookie type=spa', async () => {
      const user = await createUser(gh);
      const init = await gh.publicApi.initializeSelfServiceRecoveryFlowForBrowsers();
      assert.equal(init.status, 200, 'the client asks for JSON');
      assertMatchesOperation('initializeSelfServiceRecoveryFlowForBrowsers', 200, init.data);
      assert.equal(init.data.type, 'browser');
      const cookie = cookieFrom(init.headers as Headers);
      assert.ok(cookie.startsWith('csrf_token_'), cookie);

      const got = await gh.publicApi.getSelfServiceRecoveryFlow(init.data.id, cookie);
      assert.equal(got.status, 200);
      assertMatchesOperation('getSelfServiceRecoveryFlow', 200, got.data);

      // Fetching a browser flow without its CSRF cookie: 403 (flows.md §7; the document lists no 403 here).
      const stranger = await gh.publicApi.getSelfServiceRecoveryFlow(init.data.id);
      assert.equal(stranger.status, 403);
      assertErrorEnvelope(403, stranger.data);
      assert.equal((stranger.data as unknown as Envelope).error.id, 'security_csrf_violation');

      const sent = await gh.publicApi.submitSelfServiceRecoveryFlow(
        init.data.id,
        undefined,
        { method: 'link', email: user.email, csrf_token: csrfOfFlow(init.data) },
        { headers: { Cookie: cookie } },
      );
      assert.equal(sent.status, 200);
      assertMatchesOperation('submitSelfServiceRecoveryFlow', 200, sent.data);
      assert.equal(sent.data.state, 'sent_email');

      const s = await gh.issueSession(user.id);
      const signedIn = await gh.publicApi.initializeSelfServiceRecoveryFlowForBrowsers(undefined, { headers: { Cookie: `${SESSION_COOKIE}=${s.cookie}` } });
      assert.equal(signedIn.status, 400);
      assertMatchesOperation('initializeSelfServiceRecoveryFlowForBrowsers', 400, signedIn.data);
      assert.equal((signedIn.data as unknown as Envelope).error.reason, 'A valid session was detected and thus recovery is not possible.');
      await waitForMail(mailbox, user.email, 'recovery_valid');
    });

    test('case=a retry after passed_challenge answers 303 (the document lists 302); the stock client follows it to the new flow type=api', async () => {
      const user = await createUser(gh);
      const flow = await apiRecoveryFlow();
      assert.equal((await gh.publicApi.submitSelfServiceRecoveryFlow(flow.id, undefined, { method: 'link', email: user.email })).status, 200);
      const link = linkOf(gh, 'recovery', await waitForMail(mailbox, user.email, 'recovery_valid'));
      assert.equal((await new Browser().get(link.url)).status, 303);

      const raw = await gh.publicApi.submitSelfServiceRecoveryFlow(flow.id, undefined, { method: 'link', email: user.email });
      assert.equal(raw.status, 303);
      assert.match(String(raw.headers.location), new RegExp(`^${gh.publicUrl}self-service/recovery/flows\\?id=[0-9a-f-]{36}$`));

      const followed = await gh.followingApi(gh.publicUrl).submitSelfServiceRecoveryFlow(flow.id, undefined, { method: 'link', email: user.email });
      assert.equal(followed.status, 200);
      assertMatchesOperation('getSelfServiceRecoveryFlow', 200, followed.data);
      assert.notEqual(followed.data.id, flow.id);
      assert.deepStrictEqual(followed.data.ui.messages, [LINK_MSG.recoveryRetrySuccess]);
    });

    test('case=verification: init, get and submit type=api,spa', async () => {
      const user = await createUser(gh);
      const init = await gh.publicApi.initializeSelfServiceVerificationFlowWithoutBrowser();
      assert.equal(init.status, 200);
      assertMatchesOperation('initializeSelfServiceVerificationFlowWithoutBrowser', 200, init.data);
      const flow: SelfServiceVerificationFlow = init.data;
      assert.equal(flow.state, 'choose_method');

      const got = await gh.publicApi.getSelfServiceVerificationFlow(flow.id);
      assert.equal(got.status, 200);
      assertMatchesOperation('getSelfServiceVerificationFlow', 200, got.data);

      const sent = await gh.publicApi.submitSelfServiceVerificationFlow(flow.id, undefined, { method: 'link', email: user.email });
      assert.equal(sent.status, 200);
      assertMatchesOperation('submitSelfServiceVerificationFlow', 200, sent.data);
      assert.deepStrictEqual(sent.data.ui.messages, [LINK_MSG.verificationSent]);

      const bad = await gh.publicApi.submitSelfServiceVerificationFlow(flow.id, undefined, { method: 'link', email: 'x' });
      assert.equal(bad.status, 400);
      assertMatchesOperation('submitSelfServiceVerificationFlow', 400, bad.data);

      const browser = await gh.publicApi.initializeSelfServiceVerificationFlowForBrowsers();
      assert.equal(browser.status, 200);
      assertMatchesOperation('initializeSelfServiceVerificationFlowForBrowsers', 200, browser.data);
      assert.equal(browser.data.type, 'browser');
      const cookie = cookieFrom(browser.headers as Headers);
      const spaGot = await gh.publicApi.getSelfServiceVerificationFlow(browser.data.id, cookie);
      assert.equal(spaGot.status, 200);
      assertMatchesOperation('getSelfServiceVerificationFlow', 200, spaGot.data);
      await waitForMail(mailbox, user.email, 'verification_valid');
    });

    test('case=unknown verification flow id is a 404 as documented (upstream answered 200 null)', async () => {
      const res = await gh.publicApi.getSelfServiceVerificationFlow(randomUUID());
      assert.equal(res.status, 404);
      assertMatchesOperation('getSelfServiceVerificationFlow', 404, res.data);
      assert.notEqual(res.data, null);
    });

    test('case=adminCreateSelfServiceRecoveryLink: 200, 400, 404', async () => {
      const user = await createUser(gh);
      const ok = await gh.adminApi.adminCreateSelfServiceRecoveryLink({ identity_id: user.id, expires_in: '15m' });
      assert.equal(ok.status, 200);
      assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 200, ok.data);
      assert.ok(ok.data.recovery_link.startsWith(`${gh.publicUrl}self-service/recovery?flow=`), ok.data.recovery_link);
      assert.ok(Math.abs(Date.parse(String(ok.data.expires_at)) - Date.now() - 15 * 60_000) < 60_000, String(ok.data.expires_at));

      const noExpiry = await gh.adminApi.adminCreateSelfServiceRecoveryLink({ identity_id: user.id });
      assert.equal(noExpiry.status, 200);
      assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 200, noExpiry.data);

      const bad = await gh.adminApi.adminCreateSelfServiceRecoveryLink({ identity_id: user.id, expires_in: 'soon' });
      assert.equal(bad.status, 400);
      assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 400, bad.data);

      const unknown = await gh.adminApi.adminCreateSelfServiceRecoveryLink({ identity_id: randomUUID() });
      assert.equal(unknown.status, 404);
      assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 404, unknown.data);
      assert.notEqual((unknown.data as unknown as Envelope).error.reason, ENDPOINT_DISABLED);

      // Through the public listener the stock client follows the 307 to the admin listener.
      const viaPublic = await gh.followingApi(gh.publicUrl).adminCreateSelfServiceRecoveryLink({ identity_id: user.id });
      assert.equal(viaPublic.status, 200);
      assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 200, viaPublic.data);
    });

    test('case=the link returned by the admin API signs the person in type=browser', async () => {
      const user = await createUser(gh, freshEmail('Conformance'));
      const ok = await gh.adminApi.adminCreateSelfServiceRecoveryLink({ identity_id: user.id });
      const b = new Browser();
      const res = await b.get(ok.data.recovery_link);
      assert.equal(res.status, 303, res.text);
      const whoami = await gh.publicApi.toSession(undefined, `${SESSION_COOKIE}=${b.jar.get(SESSION_COOKIE) ?? ''}`);
      assert.equal(whoami.status, 200);
      assertMatchesOperation('toSession', 200, whoami.data);
      assert.deepStrictEqual(whoami.data.authentication_methods?.map((m) => m.method), ['link_recovery']);
    });
  });
}
