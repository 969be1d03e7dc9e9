/**
 * Recovery and verification on the client, with the links read from mails delivered to a real
 * SMTP server on loopback, and admin recovery links (api.md §5, §6, §10; flows.md §4.4, §4.5).
 * Following an emailed link is a browser navigation: the client surfaces its 303.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { GatehouseClient } from '../../src/client/index.js';
import { linkIn, Mailbox } from '../helpers/mailbox.js';
import { assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, SESSION_COOKIE, type Gatehouse } from '../helpers/server.js';
import { LINK_UI, linkConfig } from '../flows/link-support.js';
import { freshEmail, useFlowServer } from '../flows/support.js';
import { browserFetch, csrfOf, failure, traitsOf, useClientFactory, type Traits } from './support.js';

const clientOn = useClientFactory('link');

/** `flow` and `token` of a link `<public>/self-service/<kind>?flow=…&token=…`. */
function partsOf(link: string | URL): { flow: string; token: string } {
  const u = new URL(link);
  return { flow: u.searchParams.get('flow') ?? '', token: u.searchParams.get('token') ?? '' };
}

async function createUser(client: GatehouseClient<Traits>): Promise<{ id: string; email: string }> {
  const email = freshEmail('Link');
  const { data } = await client.adminCreateIdentity({ schema_id: 'default', traits: traitsOf(email) });
  return { id: data.id, email };
}

for (const dialect of DIALECTS) {
  describe(`client recovery and verification dialect=${dialect}`, () => {
    const mailbox = new Mailbox();
    before(() => mailbox.start());
    after(() => mailbox.stop());
    const gh: Gatehouse = useFlowServer(dialect, () => linkConfig(mailbox));

    test('case=recovery type=api: send the link, follow it, land signed in on settings', async () => {
      const client = clientOn(gh);
      const user = await createUser(client);
      const { data: flow } = await client.initializeSelfServiceRecoveryFlowWithoutBrowser();
      assertMatchesOperation('initializeSelfServiceRecoveryFlowWithoutBrowser', 200, flow);
      assert.deepEqual([flow.type, flow.state], ['api', 'choose_method']);
      assert.equal((await client.getSelfServiceRecoveryFlow(flow.id)).data.id, flow.id);

      const invalid = await failure(client.submitSelfServiceRecoveryFlow(flow.id, undefined, { method: 'link', email: 'not-an-email' }));
      assert.equal(invalid.status, 400);
      // The message id is pinned by the conformance suites; here: an error on the email node.
      assert.deepEqual(invalid.messages.map((m) => [m.type, m.text]), [['error', '"not-an-email" is not valid "email"']]);
      assert.equal(invalid.flow?.ui.nodes.find((n) => n.messages.length > 0)?.group, 'link');

      const { data: sent } = await client.submitSelfServiceRecoveryFlow(flow.id, undefined, { method: 'link', email: user.email });
      assertMatchesOperation('submitSelfServiceRecoveryFlow', 200, sent);
      assert.deepEqual([sent.state, sent.active, sent.ui.messages?.map((m) => m.id)], ['sent_email', 'link', [1060002]]);

      const link = partsOf(linkIn(await mailbox.waitForMailTo(user.email)));
      assert.equal(link.flow, flow.id);
      const { fetch, jar } = browserFetch();
      const clicked = await failure(clientOn(gh, fetch).submitSelfServiceRecoveryFlow(link.flow, link.token));
      assert.equal(clicked.status, 303);
      const to = new URL(clicked.redirectTo ?? '');
      assert.equal(`${to.origin}${to.pathname}`, LINK_UI.settings);
      assert.ok(jar.get(SESSION_COOKIE), 'the recovery session cookie came with the redirect');
      const { data: session } = await clientOn(gh, fetch).toSession();
      assert.deepEqual(session.authentication_methods.map((m) => m.method), ['link_recovery']);

      const used = await failure(clientOn(gh).submitSelfServiceRecoveryFlow(link.flow, link.token));
      assert.equal(used.status, 303, 'a used token starts a new flow');
      assert.ok(used.redirectTo?.startsWith(`${LINK_UI.recovery}?flow=`));
    });

    test('case=recovery type=browser: JSON init with the CSRF cookie', async () => {
      const { fetch, jar } = browserFetch();
      const client = clientOn(gh, fetch);
      const user = await createUser(client);
      const { data: flow } = await client.initializeSelfServiceRecoveryFlowForBrowsers();
      assertMatchesOperation('initializeSelfServiceRecoveryFlowForBrowsers', 200, flow);
      assert.equal(flow.type, 'browser');
      assert.equal((await clientOn(gh).getSelfServiceRecoveryFlow(flow.id, jar.header())).data.id, flow.id);
      const { data: sent } = await client.submitSelfServiceRecoveryFlow(flow.id, undefined, { method: 'link', csrf_token: csrfOf(flow), email: user.email });
      assert.equal(sent.state, 'sent_email');
      await mailbox.waitForMailTo(user.email);
    });

    test('case=admin recovery links', async () => {
      const client = clientOn(gh);
      const user = await createUser(client);
      const res = await client.adminCreateSelfServiceRecoveryLink({ identity_id: user.id, expires_in: '10m' });
      assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 200, res.data);
      const link = partsOf(res.data.recovery_link);
      assert.ok(Date.parse(res.data.expires_at) > Date.now());
      const clicked = await failure(client.submitSelfServiceRecoveryFlow(link.flow, link.token));
      assert.ok(clicked.redirectTo?.startsWith(`${LINK_UI.settings}?flow=`), clicked.redirectTo);

      const bad = await failure(client.adminCreateSelfServiceRecoveryLink({ identity_id: user.id, expires_in: 'soon' }));
      assert.equal(bad.status, 400);
      assert.match(bad.reason ?? '', /^Unable to parse "expires_in"/);
      const unknown = await failure(client.adminCreateSelfServiceRecoveryLink({ identity_id: '00000000-0000-4000-8000-000000000000' }));
      assert.equal(unknown.status, 404);
    });

    test('case=verification type=api: send the link, follow it, the address is verified', async () => {
      const client = clientOn(gh);
      const user = await createUser(client);
      const { data: flow } = await client.initializeSelfServiceVerificationFlowWithoutBrowser();
      assertMatchesOperation('initializeSelfServiceVerificationFlowWithoutBrowser', 200, flow);
      assert.equal((await client.getSelfServiceVerificationFlow(flow.id)).data.state, 'choose_method');
      const { data: sent } = await client.submitSelfServiceVerificationFlow(flow.id, undefined, { method: 'link', email: user.email });
      assertMatchesOperation('submitSelfServiceVerificationFlow', 200, sent);
      assert.deepEqual([sent.state, sent.ui.messages?.map((m) => m.id)], ['sent_email', [1080001]]);

      const link = partsOf(linkIn(await mailbox.waitForMailTo(user.email)));
      const clicked = await failure(client.submitSelfServiceVerificationFlow(link.flow, link.token));
      assert.equal(clicked.status, 303);
      const { data: done } = await client.getSelfServiceVerificationFlow(link.flow);
      assert.deepEqual([done.state, done.ui.messages?.map((m) => m.id)], ['passed_challenge', [1080002]]);
      const { data: identity } = await client.adminGetIdentity(user.id);
      assert.deepEqual(identity.verifiable_addresses?.map((a) => [a.verified, a.status]), [[true, 'completed']]);
    });

    test('case=verification type=browser: JSON init', async () => {
      const { fetch, jar } = browserFetch();
      const { data: flow } = await clientOn(gh, fetch).initializeSelfServiceVerificationFlowForBrowsers(LINK_UI.login);
      assertMatchesOperation('initializeSelfServiceVerificationFlowForBrowsers', 200, flow);
      assert.equal(flow.type, 'browser');
      assert.equal(flow.return_to, LINK_UI.login);
      assert.equal((await clientOn(gh).getSelfServiceVerificationFlow(flow.id, jar.header())).data.id, flow.id);
      const csrf = await failure(clientOn(gh).getSelfServiceVerificationFlow(flow.id));
      assert.equal(csrf.id, 'security_csrf_violation');
    });
  });
}
