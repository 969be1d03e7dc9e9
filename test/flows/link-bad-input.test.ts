/**
 * Bad input to recovery and verification (api.md §1.1–§1.4, §5, §6; flows.md §1, §7, §11;
 * ui.md §5.6): missing, malformed and unknown flow ids; malformed and unknown tokens; missing and
 * invalid emails; no responsible strategy; API-flow Origin/Cookie guards; foreign bodies; NUL
 * characters; enormous values; disabled flows. Every answer is a clean 4xx or a redirect — never a
 * 500, never a stack trace in the log (checked after each test by the harness).
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Browser } from '../helpers/browser.js';
import { assertErrorResponse, assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, request, SESSION_COOKIE } from '../helpers/server.js';
import {
  assertAddressState,
  assertMailCount,
  createUser,
  DISABLED,
  fetchApiFlow,
  FLOW_NOT_FOUND,
  flowById,
  flowIdAt,
  initApiFlow,
  LINK_KINDS,
  LINK_MSG,
  LINK_UI,
  linkOf,
  NO_STRATEGY,
  startBrowserFlow,
  submitEmailApi,
  submitEmailForm,
  SUBMIT_OP,
  TOKEN_INVALID,
  useLinkServer,
  verifiableAddress,
  waitForMail,
  type Envelope,
  type LinkFlow,
} from './link-support.js';
import { freshEmail, jsonPost, REASON, storedErrorAt, strongPassword, type FlowBody } from './support.js';

/** Gatehouse's answer to U+0000 anywhere in a submit (the login/registration suites pin the same text). */
const NUL_REASON = 'The request contains a NUL character (U+0000), which is not accepted in any field.';
const alnum = (n: number) => randomBytes(n * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n);

for (const dialect of DIALECTS) {
  describe(`recovery and verification with bad input dialect=${dialect}`, () => {
    const { gh, mailbox } = useLinkServer(dialect);
    const submitUrl = (kind: string, query: string) => new URL(`self-service/${kind}${query}`, gh.publicUrl).href;

    for (const kind of LINK_KINDS) {
      test(`case=${kind} submit without or with a malformed flow query answers 400 type=api,browser`, async () => {
        for (const query of ['', '?flow=', '?flow=not-a-uuid', `?flow=${randomUUID()}x`, `?id=${randomUUID()}`, `?flow=${'9'.repeat(5000)}`]) {
          const res = await jsonPost(submitUrl(kind, query), { method: 'link', email: freshEmail() });
          assertErrorResponse(res, 400);
          assert.equal((res.json as Envelope).error.reason, REASON.flowMalformed, query.slice(0, 60));
        }
        const b = new Browser();
        const res = await b.get(submitUrl(kind, `?token=${alnum(32)}`));
        assert.equal(res.status, 302, res.text);
        const stored = await storedErrorAt(gh, res.location);
        assert.deepStrictEqual([stored.error.code, stored.error.reason], [400, REASON.flowMalformed]);
      });

      test(`case=${kind} submit to an unknown flow answers 404; a link with a foreign flow id leaves its token usable type=api,browser`, async () => {
        const res = await jsonPost(submitUrl(kind, `?flow=${randomUUID()}`), { method: 'link', email: freshEmail() });
        assertErrorResponse(res, 404);
        assert.equal((res.json as Envelope).error.reason, FLOW_NOT_FOUND[kind]);

        const user = await createUser(gh);
        const flow = await initApiFlow(gh, kind);
        assert.equal((await submitEmailApi(flow, user.email)).status, 200);
        const link = linkOf(gh, kind, await waitForMail(mailbox, user.email, kind === 'recovery' ? 'recovery_valid' : 'verification_valid'));
        const mangled = link.url.replace(link.flowId, randomUUID());
        const b = new Browser();
        const click = await b.get(mangled);
        assert.equal(click.status, 302, click.text);
        const stored = await storedErrorAt(gh, click.location);
        assert.deepStrictEqual([stored.error.code, stored.error.reason], [404, FLOW_NOT_FOUND[kind]]);
        assert.equal(b.jar.get(SESSION_COOKIE), undefined);

        const real = await new Browser().get(link.url);
        assert.equal(real.status, 303, real.text);
        flowIdAt(real, kind === 'recovery' ? LINK_UI.settings : LINK_UI.verification);
      });

      test(`case=${kind} malformed and unknown tokens land on a new flow with ${TOKEN_INVALID[kind].id} type=browser`, async () => {
        const flow = await initApiFlow(gh, kind);
        const tokens = [
          'short',
          alnum(32),
          alnum(31),
          alnum(33),
          'x'.repeat(1500),
          '<script>alert(1)</script>',
          'ü'.repeat(32),
          "' OR '1'='1",
          '../../../../etc/passwd',
          ' ',
        ];
        for (const token of tokens) {
          const b = new Browser();
          const res = await b.get(submitUrl(kind, `?flow=${flow.id}&token=${encodeURIComponent(token)}`));
          const shown = JSON.stringify((res.json as LinkFlow | undefined)?.ui?.messages ?? res.text.slice(0, 300));
          assert.equal(res.status, 303, `token ${JSON.stringify(token.slice(0, 40))} (${token.length} chars): ${res.status} ${shown}`);
          const retryId = flowIdAt(res, LINK_UI[kind]);
          assert.notEqual(retryId, flow.id);
          const retry = await flowById(gh, kind, retryId, b);
          assert.deepStrictEqual(retry.ui.messages, [TOKEN_INVALID[kind]], token.slice(0, 40));
          assert.equal(b.jar.get(SESSION_COOKIE), undefined);
        }
        const untouched = await flowById(gh, kind, flow.id);
        assert.equal(untouched.state, 'choose_method');
        assert.equal(untouched.ui.messages, undefined);

        // A link URL past Gatehouse's 2 KiB request_url limit cannot seed a new flow: a clean 400
        // with the reason (this is an API flow, api.md §1.4) or the usual retry — never a 5xx.
        const b = new Browser();
        const huge = await b.get(submitUrl(kind, `?flow=${flow.id}&token=${'x'.repeat(4000)}`));
        assert.ok(huge.status === 303 || huge.status === 400, `${huge.status} ${huge.text.slice(0, 300)}`);
        if (huge.status === 400) {
          assertMatchesOperation(SUBMIT_OP[kind], 400, huge.json);
          assert.deepStrictEqual((huge.json as LinkFlow).ui.messages?.map((m) => m.id), [4000001]);
        } else flowIdAt(huge, LINK_UI[kind]);
        assert.equal(b.jar.get(SESSION_COOKIE), undefined);
      });

      test(`case=${kind} a form without an email answers 4000002 on the node, an invalid email 4000001, 303 back to the flow type=browser`, async () => {
        const b = new Browser();
        const flow = await startBrowserFlow(gh, b, kind);
        const missing = await submitEmailForm(b, flow, '');
        assert.equal(missing.status, 303, missing.text);
        assert.equal(missing.location, `${LINK_UI[kind]}?flow=${flow.id}`);
        const afterMissing = await flowById(gh, kind, flow.id, b);
        assertMatchesOperation(kind === 'recovery' ? 'getSelfServiceRecoveryFlow' : 'getSelfServiceVerificationFlow', 200, afterMissing);
        assert.equal(afterMissing.state, 'choose_method');
        assert.deepStrictEqual(afterMissing.ui.nodes.find((n) => n.attributes.name === 'email')?.messages, [LINK_MSG.emailMissing]);

        const invalid = await submitEmailForm(b, afterMissing, 'nope');
        assert.equal(invalid.status, 303, invalid.text);
        assert.equal(invalid.location, `${LINK_UI[kind]}?flow=${flow.id}`);
        const afterInvalid = await flowById(gh, kind, flow.id, b);
        const email = afterInvalid.ui.nodes.find((n) => n.attributes.name === 'email');
        assert.equal(email?.attributes.value, 'nope');
        assert.deepStrictEqual(email?.messages, [LINK_MSG.invalidEmail('nope')]);
        assert.equal(afterInvalid.ui.messages, undefined);
        assert.equal(afterInvalid.state, 'choose_method');
      });

      test(`case=${kind} no responsible strategy answers ${NO_STRATEGY[kind].id} in the flow type=api`, async () => {
        for (const body of [{ method: 'magic', email: freshEmail() }, { email: freshEmail() }, { method: 'LINK', email: freshEmail() }, { method: ['link'] }]) {
          const flow = await initApiFlow(gh, kind);
          const res = await jsonPost(flow.ui.action, body);
          assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
          assertMatchesOperation(SUBMIT_OP[kind], 400, res.json);
          assert.deepStrictEqual((res.json as LinkFlow).ui.messages, [NO_STRATEGY[kind]], JSON.stringify(body));
        }
      });

      test(`case=${kind} API flows refuse an Origin or Cookie header with 4000001 and send nothing type=api`, async () => {
        const user = await createUser(gh);
        for (const [headers, reason] of [
          [{ origin: 'http://127.0.0.1:4455' }, REASON.apiOrigin],
          [{ cookie: 'foo=bar' }, REASON.apiCookie],
        ] as const) {
          const flow = await initApiFlow(gh, kind);
          const res = await submitEmailApi(flow, user.email, headers);
          assert.equal(res.status, 400, res.text);
          assertMatchesOperation(SUBMIT_OP[kind], 400, res.json);
          const failed = res.json as LinkFlow;
          assert.deepStrictEqual(failed.ui.messages, [LINK_MSG.generic(reason)]);
          assert.equal(failed.state, 'choose_method');
        }
        await assertMailCount(gh, mailbox, user.email, 0);
        assertAddressState(await verifiableAddress(gh, user.id, user.email), 'pending');
      });

      test(`case=${kind} an unsupported content type or broken JSON is shown in the flow type=api`, async () => {
        const flow = await initApiFlow(gh, kind);
        const ct = await request('POST', flow.ui.action, { headers: { 'content-type': 'text/plain' }, body: 'method=link&email=a@b.org' });
        assert.equal(ct.status, 400, ct.text);
        assert.deepStrictEqual((ct.json as LinkFlow).ui.messages, [LINK_MSG.generic(REASON.contentType('text/plain'))]);
        for (const body of ['{"method":"link",', '"link"', '[1,2]']) {
          const res = await request('POST', flow.ui.action, { headers: { 'content-type': 'application/json' }, body });
          assert.equal(res.status, 400, `${body}: ${res.text}`);
          assertMatchesOperation(SUBMIT_OP[kind], 400, res.json);
          assert.deepStrictEqual((res.json as LinkFlow).ui.messages?.map((m) => m.id), [4000001], body);
        }
      });

      test(`case=${kind} NUL characters in the email or the token are refused cleanly type=api,browser`, async () => {
        const flow = await initApiFlow(gh, kind);
        const res = await submitEmailApi(flow, 'nul\u0000byte@example.org');
        assert.equal(res.status, 400, res.text);
        assertMatchesOperation(SUBMIT_OP[kind], 400, res.json);
        assert.deepStrictEqual((res.json as LinkFlow).ui.messages, [LINK_MSG.generic(NUL_REASON)]);

        const b = new Browser();
        const click = await b.get(submitUrl(kind, `?flow=${flow.id}&token=${alnum(16)}%00${alnum(15)}`));
        assert.ok([302, 303].includes(click.status), `${click.status} ${click.text.slice(0, 300)}`);
        const target = new URL(click.location ?? '');
        assert.ok(([LINK_UI[kind], LINK_UI.error] as string[]).includes(`${target.origin}${target.pathname}`), String(click.location));
        assert.equal(b.jar.get(SESSION_COOKIE), undefined);
      });
    }

    test('case=fetching an unknown or malformed recovery flow id answers 404', async () => {
      const verificationFlow = await initApiFlow(gh, 'verification');
      for (const id of [randomUUID(), 'nope', verificationFlow.id]) {
        const res = await fetchApiFlow(gh, 'recovery', id);
        assertErrorResponse(res, 404);
        assertMatchesOperation('getSelfServiceRecoveryFlow', 404, res.json);
        assert.equal((res.json as Envelope).error.message, 'Unable to locate the resource', id);
      }
    });

    test('case=unknown verification flow id is a 404 (upstream answered 200 null)', async () => {
      const recoveryFlow = await initApiFlow(gh, 'recovery');
      for (const id of [randomUUID(), 'nope', recoveryFlow.id]) {
        const res = await fetchApiFlow(gh, 'verification', id);
        assertErrorResponse(res, 404);
        assertMatchesOperation('getSelfServiceVerificationFlow', 404, res.json);
        assert.notEqual(res.text.trim(), 'null');
      }
    });

    test('case=enormous email values are answered cleanly and do not jam the courier type=api', async () => {
      for (const email of [`${'a'.repeat(300)}@example.org`, `${'b'.repeat(100_000)}@example.org`, `c@${'d'.repeat(70)}.${'e'.repeat(300)}.org`]) {
        for (const kind of LINK_KINDS) {
          const flow = await initApiFlow(gh, kind);
          const res = await submitEmailApi(flow, email);
          assert.ok(res.status === 200 || res.status === 400, `${kind} ${email.length} chars: ${res.status} ${res.text.slice(0, 300)}`);
          assertMatchesOperation(SUBMIT_OP[kind], res.status, res.json);
          const body = res.json as LinkFlow;
          if (res.status === 200) assert.equal(body.state, 'sent_email');
          else {
            const messages = [...(body.ui.messages ?? []), ...body.ui.nodes.flatMap((n) => n.messages)];
            assert.ok(messages.length > 0 && messages.every((m) => m.type === 'error'), JSON.stringify(messages).slice(0, 500));
          }
        }
      }
      // Whatever was queued for them, mails queued afterwards still arrive.
      const user = await createUser(gh);
      const flow = await initApiFlow(gh, 'recovery');
      assert.equal((await submitEmailApi(flow, user.email)).status, 200);
      await waitForMail(mailbox, user.email, 'recovery_valid', 1, 30_000);
    });
  });

  describe(`recovery and verification disabled dialect=${dialect}`, () => {
    const { gh } = useLinkServer(dialect, {
      selfservice: { flows: { recovery: { enabled: false }, verification: { enabled: false } } },
    });

    for (const kind of LINK_KINDS) {
      test(`case=${kind} init and fetch answer 400 "${DISABLED[kind]}" type=api,spa,browser`, async () => {
        const api = await request('GET', new URL(`self-service/${kind}/api`, gh.publicUrl));
        assertErrorResponse(api, 400);
        const e = (api.json as Envelope).error;
        assert.deepStrictEqual([e.id, e.status, e.reason], [undefined, 'Bad Request', DISABLED[kind]]);

        const spa = await new Browser({ accept: 'application/json' }).get(new URL(`self-service/${kind}/browser`, gh.publicUrl));
        assertErrorResponse(spa, 400);
        assert.equal((spa.json as Envelope).error.reason, DISABLED[kind]);

        const browser = await new Browser().get(new URL(`self-service/${kind}/browser`, gh.publicUrl));
        assert.equal(browser.status, 302, browser.text);
        const stored = await storedErrorAt(gh, browser.location);
        assert.deepStrictEqual([stored.error.code, stored.error.reason], [400, DISABLED[kind]]);

        const fetched = await fetchApiFlow(gh, kind, randomUUID());
        assertErrorResponse(fetched, 400);
        assert.equal((fetched.json as Envelope).error.reason, DISABLED[kind]);
      });
    }

    test('case=the admin recovery link still works (api.md §10 note: flows.recovery.enabled is not checked)', async () => {
      const user = await createUser(gh);
      const res = await request('POST', new URL('recovery/link', gh.adminUrl), {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity_id: user.id }),
      });
      assert.equal(res.status, 200, res.text);
      assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 200, res.json);
    });

    test('case=a registration queues no verification mail: the address stays pending type=api', async () => {
      const email = freshEmail('NoVerification');
      const init = await request('GET', new URL('self-service/registration/api', gh.publicUrl));
      const res = await jsonPost((init.json as FlowBody).ui.action, { method: 'password', password: strongPassword(), traits: { email } });
      assert.equal(res.status, 200, res.text);
      const id = (res.json as { identity: { id: string } }).identity.id;
      assertAddressState(await verifiableAddress(gh, id, email), 'pending');
    });
  });
}
