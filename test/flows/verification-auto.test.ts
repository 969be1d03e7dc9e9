/**
 * Verification mails sent by the server on its own: after a registration and after a settings
 * update, for every verifiable address still `pending` (flows.md §4.2, §4.3, §4.5, §9;
 * courier.md §5; identity.md §6.1). `after_verification_return_to` on the originating flow's init
 * is where the link finally redirects; without it the verification flow's fallback applies.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Browser } from '../helpers/browser.js';
import { request, DIALECTS, SESSION_COOKIE, type Gatehouse } from '../helpers/server.js';
import {
  adminIdentity,
  assertAddressState,
  assertLinkFlow,
  assertMailCount,
  assertMail,
  createUser,
  DEFAULT_RETURN,
  flowById,
  flowIdAt,
  LINK_MSG,
  LINK_UI,
  linkOf,
  useLinkServer,
  verifiableAddress,
  waitForMail,
  type SettingsFlowBody,
} from './link-support.js';
import { csrfValue, flowIdFromLocation, freshEmail, jsonPost, strongPassword, UI_URL, type FlowBody } from './support.js';

/** `selfservice.flows.verification.after.default_browser_return_url` of this suite. */
const AFTER_VERIFICATION = 'http://127.0.0.1:4455/verified';
const WELCOME = 'http://127.0.0.1:4455/welcome?step=2';
const AFTER_REGISTRATION = 'http://127.0.0.1:4455/after-registration';

/** Registers through the browser form; answers the registration flow and the submit response. */
async function registerInBrowser(gh: Gatehouse, b: Browser, email: string, query = '') {
  const init = await b.get(new URL(`self-service/registration/browser${query}`, gh.publicUrl));
  assert.equal(init.status, 303, init.text);
  const id = flowIdFromLocation(init.location, UI_URL.registration);
  const fetched = await b.get(new URL(`self-service/registration/flows?id=${id}`, gh.publicUrl), { headers: { accept: 'application/json' } });
  assert.equal(fetched.status, 200, fetched.text);
  const flow = fetched.json as FlowBody;
  const res = await b.post(flow.ui.action, {
    form: { csrf_token: csrfValue(flow), 'traits.email': email, 'traits.name.first': 'Ada', password: strongPassword(), method: 'password' },
  });
  assert.equal(res.status, 303, res.text);
  return { flow, res };
}

/** Registers through an API flow (no session hook: the body carries the identity). */
async function registerApiWith(gh: Gatehouse, email: string, query = ''): Promise<{ flow: FlowBody; identityId: string }> {
  const init = await request('GET', new URL(`self-service/registration/api${query}`, gh.publicUrl));
  assert.equal(init.status, 200, init.text);
  const flow = init.json as FlowBody;
  const res = await jsonPost(flow.ui.action, { method: 'password', password: strongPassword(), traits: { email, name: { first: 'Ada' } } });
  assert.equal(res.status, 200, res.text);
  return { flow, identityId: (res.json as { identity: { id: string } }).identity.id };
}

async function identityIdOf(gh: Gatehouse, email: string): Promise<string> {
  const res = await request('GET', new URL('identities?per_page=1000', gh.adminUrl));
  const found = (res.json as { id: string; traits: { email: string } }[]).find((i) => i.traits.email === email);
  assert.ok(found, `an identity with ${email}`);
  return found.id;
}

/** A browser with a fresh session of `identityId`, on a new settings flow (init with `query`). */
async function settingsBrowser(gh: Gatehouse, identityId: string, query = ''): Promise<{ b: Browser; flow: SettingsFlowBody }> {
  const b = new Browser();
  b.jar.set(SESSION_COOKIE, (await gh.issueSession(identityId)).cookie);
  const init = await b.get(new URL(`self-service/settings/browser${query}`, gh.publicUrl));
  assert.equal(init.status, 303, init.text);
  const id = flowIdAt(init, LINK_UI.settings);
  const res = await b.get(new URL(`self-service/settings/flows?id=${id}`, gh.publicUrl), { headers: { accept: 'application/json' } });
  assert.equal(res.status, 200, res.text);
  return { b, flow: res.json as SettingsFlowBody };
}

/** A profile form post; fails unless the settings UI receives the browser (303). */
async function saveProfile(b: Browser, flow: SettingsFlowBody, email: string, first: string): Promise<void> {
  const res = await b.post(flow.ui.action, {
    form: { csrf_token: csrfValue(flow), method: 'profile', 'traits.email': email, 'traits.name.first': first },
  });
  assert.equal(res.status, 303, res.text);
}

for (const dialect of DIALECTS) {
  describe(`verification after registration and settings dialect=${dialect}`, () => {
    const { gh, mailbox } = useLinkServer(dialect, {
      selfservice: { flows: { verification: { after: { default_browser_return_url: AFTER_VERIFICATION } } } },
    });

    test('case=a registration mails a link; the address goes pending→sent→completed with verified_at type=browser', async () => {
      const email = freshEmail('Registered');
      const b = new Browser();
      const { res } = await registerInBrowser(gh, b, email);
      assert.equal(res.location, DEFAULT_RETURN);
      const identityId = await identityIdOf(gh, email);

      // The mail was queued inside the registration: the address is already `sent`.
      assertAddressState(await verifiableAddress(gh, identityId, email), 'sent');
      const mail = await waitForMail(mailbox, email, 'verification_valid');
      const link = linkOf(gh, 'verification', mail);
      assertMail(mail, 'verification_valid', { to: email, link: link.url });

      // The verification flow made for it: a browser flow (as the registration), whose
      // request_url is the registration's with an empty `return_to=` (flows.md §4.5).
      const clickedAt = Date.now();
      const click = await b.get(link.url);
      assert.equal(click.status, 303, click.text);
      assert.equal(click.location, AFTER_VERIFICATION, 'verification.after.default_browser_return_url (api.md §6.3)');
      assertAddressState(await verifiableAddress(gh, identityId, email), 'completed', { from: clickedAt, to: Date.now() });

      const vflow = await flowById(gh, 'verification', link.flowId, b);
      assertLinkFlow(gh, 'verification', vflow, {
        type: 'browser',
        state: 'passed_challenge',
        id: link.flowId,
        requestUrl: `${gh.publicUrl}self-service/registration/browser?return_to=`,
      });
      assert.equal(vflow.return_to, undefined);
      assert.deepStrictEqual(vflow.ui.messages, [LINK_MSG.verified]);
      assert.deepStrictEqual((await adminIdentity(gh, identityId)).recovery_addresses?.map((a) => a.value), [email]);
    });

    test('case=after_verification_return_to on registration init is where the link finally redirects; return_to is not type=browser', async () => {
      const email = freshEmail('Welcome');
      const b = new Browser();
      const query = `?return_to=${encodeURIComponent(AFTER_REGISTRATION)}&after_verification_return_to=${encodeURIComponent(WELCOME)}`;
      const { res } = await registerInBrowser(gh, b, email, query);
      assert.equal(res.location, AFTER_REGISTRATION, 'the registration itself honours return_to');
      const link = linkOf(gh, 'verification', await waitForMail(mailbox, email, 'verification_valid'));
      const click = await b.get(link.url);
      assert.equal(click.status, 303, click.text);
      assert.equal(click.location, WELCOME);

      const vflow = await flowById(gh, 'verification', link.flowId, b);
      assert.equal(vflow.return_to, WELCOME);
      const requestUrl = new URL(vflow.request_url);
      assert.equal(`${requestUrl.origin}${requestUrl.pathname}`, `${gh.publicUrl}self-service/registration/browser`);
      assert.deepStrictEqual([...requestUrl.searchParams], [['return_to', WELCOME]], 'moved to return_to, replacing the original');
    });

    test('case=a return_to on registration init without after_verification_return_to does not reach the link type=browser', async () => {
      const email = freshEmail('Dropped');
      const b = new Browser();
      await registerInBrowser(gh, b, email, `?return_to=${encodeURIComponent(AFTER_REGISTRATION)}`);
      const link = linkOf(gh, 'verification', await waitForMail(mailbox, email, 'verification_valid'));
      const click = await b.get(link.url);
      assert.equal(click.status, 303, click.text);
      assert.equal(click.location, AFTER_VERIFICATION, 'the original return_to was replaced by an empty one');
    });

    test('case=an API registration makes an API verification flow; its link redirects to after_verification_return_to type=api', async () => {
      const email = freshEmail('Native');
      const { identityId } = await registerApiWith(gh, email, `?after_verification_return_to=${encodeURIComponent(WELCOME)}`);
      assertAddressState(await verifiableAddress(gh, identityId, email), 'sent');
      const link = linkOf(gh, 'verification', await waitForMail(mailbox, email, 'verification_valid'));
      const click = await new Browser().get(link.url);
      assert.equal(click.status, 303, click.text);
      assert.equal(click.location, WELCOME);
      assertAddressState(await verifiableAddress(gh, identityId, email), 'completed');

      const vflow = await flowById(gh, 'verification', link.flowId);
      assertLinkFlow(gh, 'verification', vflow, { type: 'api', state: 'passed_challenge', id: link.flowId });
      assert.equal(vflow.return_to, WELCOME);
      assert.deepStrictEqual(vflow.ui.messages, [LINK_MSG.verified]);
    });

    test('case=changing the email in settings mails the new address; after_verification_return_to on settings init applies type=browser', async () => {
      const first = freshEmail('Before');
      const { identityId } = await registerApiWith(gh, first);
      await waitForMail(mailbox, first, 'verification_valid');

      const second = freshEmail('After');
      const { b, flow } = await settingsBrowser(gh, identityId, `?after_verification_return_to=${encodeURIComponent(WELCOME)}`);
      await saveProfile(b, flow, second, 'Ada');

      const identity = await adminIdentity(gh, identityId);
      assert.deepStrictEqual(identity.verifiable_addresses?.map((a) => a.value), [second], 'the old address is gone');
      assertAddressState(await verifiableAddress(gh, identityId, second), 'sent');
      const mail = await waitForMail(mailbox, second, 'verification_valid');
      const link = linkOf(gh, 'verification', mail);
      assertMail(mail, 'verification_valid', { to: second, link: link.url });

      const click = await b.get(link.url);
      assert.equal(click.status, 303, click.text);
      assert.equal(click.location, WELCOME);
      assertAddressState(await verifiableAddress(gh, identityId, second), 'completed');
      await assertMailCount(gh, mailbox, first, 1, 'the old address got only its registration mail');
    });

    test('case=a pending address (admin-created) is mailed on the next settings update, and never again once verified type=browser', async () => {
      const user = await createUser(gh);
      assertAddressState(await verifiableAddress(gh, user.id, user.email), 'pending');
      await assertMailCount(gh, mailbox, user.email, 0, 'creating an identity through the admin API sends nothing');

      const { b, flow } = await settingsBrowser(gh, user.id);
      await saveProfile(b, flow, user.email, 'Grace');
      assertAddressState(await verifiableAddress(gh, user.id, user.email), 'sent');
      const link = linkOf(gh, 'verification', await waitForMail(mailbox, user.email, 'verification_valid'));
      assert.equal((await b.get(link.url)).status, 303);
      assertAddressState(await verifiableAddress(gh, user.id, user.email), 'completed');

      // Neither a `sent` nor a `completed` address is mailed again by a settings update.
      const again = await settingsBrowser(gh, user.id);
      await saveProfile(again.b, again.flow, user.email, 'Hopper');
      await assertMailCount(gh, mailbox, user.email, 1);
    });

    test('case=the link of an address replaced in settings stops working (its token is deleted with it) type=browser', async () => {
      const first = freshEmail('Replaced');
      const { identityId } = await registerApiWith(gh, first);
      const oldLink = linkOf(gh, 'verification', await waitForMail(mailbox, first, 'verification_valid'));
      const second = freshEmail('Replacement');
      const { b, flow } = await settingsBrowser(gh, identityId);
      await saveProfile(b, flow, second, 'Ada');
      await waitForMail(mailbox, second, 'verification_valid');

      const click = await b.get(oldLink.url);
      assert.equal(click.status, 303, click.text);
      const retry = await flowById(gh, 'verification', flowIdAt(click, LINK_UI.verification), b);
      assert.deepStrictEqual(retry.ui.messages, [LINK_MSG.verificationTokenInvalid]);
      assertAddressState(await verifiableAddress(gh, identityId, second), 'sent');
    });

    test('case=an address already sent is not mailed again by a settings update type=api', async () => {
      const email = freshEmail('Once');
      const { identityId } = await registerApiWith(gh, email);
      await waitForMail(mailbox, email, 'verification_valid');
      const { b, flow } = await settingsBrowser(gh, identityId);
      await saveProfile(b, flow, email, 'Changed');
      await assertMailCount(gh, mailbox, email, 1);
      assertAddressState(await verifiableAddress(gh, identityId, email), 'sent');
    });
  });
}
