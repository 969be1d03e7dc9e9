/**
 * `POST /recovery/link` on the admin listener (`adminCreateSelfServiceRecoveryLink`, api.md §10):
 * the answer's shape, `expires_in` (default, custom, unparsable, negative), unknown identities,
 * the disabled link method, and the link itself — usable once, expiring, sending no mail and
 * verifying no address (flows.md §4.4; courier.md §5).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Browser } from '../helpers/browser.js';
import { assertErrorResponse, assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, request, SESSION_COOKIE, type Gatehouse, type RawResponse } from '../helpers/server.js';
import {
  assertAddressState,
  assertExpiredMessage,
  assertLinkFlow,
  assertMailCount,
  assertRecoveredMessage,
  createUser,
  ENDPOINT_DISABLED,
  flowById,
  flowIdAt,
  HOUR_MS,
  LINK_MSG,
  LINK_UI,
  sleep,
  useLinkServer,
  verifiableAddress,
  type Envelope,
  type SettingsFlowBody,
} from './link-support.js';
import { TOKEN_RE, UUID_RE, type SessionBody } from './support.js';

interface RecoveryLink {
  recovery_link: string;
  expires_at: string;
}

function createLink(gh: Gatehouse, body: unknown, base = gh.adminUrl): Promise<RawResponse> {
  return request('POST', new URL('recovery/link', base), { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** A 200 answer: exactly the two fields, the link to `<public>/self-service/recovery?flow=&token=`. */
function assertLinkAnswer(gh: Gatehouse, res: RawResponse, expiresInMs: number, sentAt: number): { url: string; flowId: string; token: string } {
  assert.equal(res.status, 200, res.text);
  assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 200, res.json);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  const body = res.json as RecoveryLink;
  assert.deepStrictEqual(Object.keys(body).sort(), ['expires_at', 'recovery_link']);
  assert.ok(!res.text.includes('\\u0026'), '`&` is not escaped in the JSON (api.md §10)');
  const m = /^(.*)self-service\/recovery\?flow=([^&]+)&token=([^&]+)$/.exec(body.recovery_link);
  assert.ok(m, body.recovery_link);
  const [, base, flowId = '', token = ''] = m;
  assert.equal(base, gh.publicUrl, 'a link on the public listener');
  assert.match(flowId, UUID_RE);
  assert.match(token, TOKEN_RE);
  const expiresAt = Date.parse(body.expires_at);
  assert.ok(expiresAt >= sentAt + expiresInMs - 1000 && expiresAt <= Date.now() + expiresInMs + 1000, `expires_at ${body.expires_at}`);
  return { url: body.recovery_link, flowId, token };
}

for (const dialect of DIALECTS) {
  describe(`admin recovery link dialect=${dialect}`, () => {
    const { gh, mailbox } = useLinkServer(dialect);

    test('case=answers 200 with the link and its expiry; the default lifespan is the link method\'s; no mail is sent', async () => {
      const user = await createUser(gh);
      const sentAt = Date.now();
      const res = await createLink(gh, { identity_id: user.id });
      assertLinkAnswer(gh, res, HOUR_MS, sentAt);
      await assertMailCount(gh, mailbox, user.email, 0, 'the link is returned, not mailed (courier.md §5)');
    });

    test('case=expires_in sets the expiry', async () => {
      const user = await createUser(gh);
      for (const [expiresIn, ms] of [
        ['30m', 30 * 60_000],
        ['90s', 90_000],
        ['1h30m', 90 * 60_000],
        ['48h', 48 * HOUR_MS],
      ] as const) {
        const sentAt = Date.now();
        assertLinkAnswer(gh, await createLink(gh, { identity_id: user.id, expires_in: expiresIn }), ms, sentAt);
      }
    });

    test('case=an expires_in beyond Go’s duration range is unparsable, not a 500 from an overflowed date', async () => {
      const user = await createUser(gh);
      for (const value of ['2562048h', '99999999999999999999h']) {
        const res = await createLink(gh, { identity_id: user.id, expires_in: value });
        assertErrorResponse(res, 400);
        assert.equal(
          (res.json as Envelope).error.reason,
          `Unable to parse "expires_in" whose format should match "[0-9]+(ns|us|ms|s|m|h)" but did not: ${value}`,
          value,
        );
      }
    });

    test('case=an unparsable expires_in answers 400 with the format reason', async () => {
      const user = await createUser(gh);
      for (const value of ['forever', '1d', '10', 'h1', '1.5x']) {
        const res = await createLink(gh, { identity_id: user.id, expires_in: value });
        assertErrorResponse(res, 400);
        assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 400, res.json);
        assert.equal(
          (res.json as Envelope).error.reason,
          `Unable to parse "expires_in" whose format should match "[0-9]+(ns|us|ms|s|m|h)" but did not: ${value}`,
          value,
        );
      }
    });

    test('case=a negative expires_in answers 400 "must be result to a future time"', async () => {
      const user = await createUser(gh);
      for (const value of ['-1h', '-5m', '-1s']) {
        const res = await createLink(gh, { identity_id: user.id, expires_in: value });
        assertErrorResponse(res, 400);
        assert.equal((res.json as Envelope).error.reason, `Value from "expires_in" must be result to a future time: ${value}`, value);
      }
    });

    test('case=an unknown identity answers 404; a malformed or missing identity_id is a clean 4xx', async () => {
      const unknown = await createLink(gh, { identity_id: randomUUID() });
      assertErrorResponse(unknown, 404);
      assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 404, unknown.json);
      assert.equal((unknown.json as Envelope).error.status, 'Not Found');

      const malformed = await createLink(gh, { identity_id: 'not-a-uuid' });
      assertErrorResponse(malformed, 400);
      for (const body of [{}, { expires_in: '1h' }]) {
        const res = await createLink(gh, body);
        assert.ok(res.status === 400 || res.status === 404, `${JSON.stringify(body)}: ${res.status} ${res.text}`);
        assertErrorResponse(res, res.status);
      }
      for (const raw of ['', 'not json', '[]', '{"identity_id":']) {
        const res = await request('POST', new URL('recovery/link', gh.adminUrl), { headers: { 'content-type': 'application/json' }, body: raw });
        assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(raw)}: ${res.status} ${res.text}`);
        assertErrorResponse(res, res.status);
      }
    });

    test('case=the public listener redirects 307 to the admin listener', async () => {
      const res = await createLink(gh, { identity_id: randomUUID() }, gh.publicUrl);
      assert.equal(res.status, 307, res.text);
      assert.equal(res.headers.get('location'), `${gh.adminUrl}recovery/link`);
    });

    test('case=the link signs the person in once, lands on settings with 1060001, and verifies no address', async () => {
      const user = await createUser(gh);
      const link = assertLinkAnswer(gh, await createLink(gh, { identity_id: user.id }), HOUR_MS, Date.now());

      const b = new Browser();
      const clickedAt = Date.now();
      const click = await b.get(link.url);
      assert.equal(click.status, 303, click.text);
      const settingsId = flowIdAt(click, LINK_UI.settings);
      assert.ok(b.jar.get(SESSION_COOKIE));
      const me = await b.get(new URL('sessions/whoami', gh.publicUrl), { headers: { accept: 'application/json' } });
      assert.equal(me.status, 200, me.text);
      const session = me.json as SessionBody;
      assert.equal(session.identity.id, user.id);
      assert.deepStrictEqual(session.authentication_methods.map((m) => m.method), ['link_recovery']);
      const settings = (await b.get(new URL(`self-service/settings/flows?id=${settingsId}`, gh.publicUrl), { headers: { accept: 'application/json' } }))
        .json as SettingsFlowBody;
      assertRecoveredMessage(settings.ui.messages, HOUR_MS, clickedAt);
      // Only email-based tokens verify an address (flows.md §4.4).
      assertAddressState(await verifiableAddress(gh, user.id, user.email), 'pending');

      const other = new Browser();
      const again = await other.get(link.url);
      assert.equal(again.status, 303, again.text);
      const retryId = flowIdAt(again, LINK_UI.recovery);
      assert.equal(other.jar.get(SESSION_COOKIE), undefined);
      const retry = await flowById(gh, 'recovery', retryId, other);
      assert.deepStrictEqual(retry.ui.messages, [LINK_MSG.recoveryTokenInvalid]);
    });

    test('case=every call makes a new link; links of one identity are independent', async () => {
      const user = await createUser(gh);
      const a = assertLinkAnswer(gh, await createLink(gh, { identity_id: user.id }), HOUR_MS, Date.now());
      const b = assertLinkAnswer(gh, await createLink(gh, { identity_id: user.id }), HOUR_MS, Date.now());
      assert.notEqual(a.token, b.token);
      assert.notEqual(a.flowId, b.flowId);
      assert.equal((await new Browser().get(b.url)).status, 303);
      const first = await new Browser().get(a.url);
      assert.equal(first.status, 303, first.text);
      flowIdAt(first, LINK_UI.settings);
    });

    test('case=an expired link lands on a new recovery flow with 4060005 and signs nobody in', async () => {
      const user = await createUser(gh);
      const sentAt = Date.now();
      const link = assertLinkAnswer(gh, await createLink(gh, { identity_id: user.id, expires_in: '1s' }), 1000, sentAt);
      // The person's browser has been to the site before (it holds a CSRF cookie).
      const b = new Browser();
      assert.equal((await b.get(new URL('self-service/recovery/browser', gh.publicUrl))).status, 303);
      await sleep(Math.max(0, sentAt + 3000 - Date.now()));
      const res = await b.get(link.url);
      assert.equal(res.status, 303, res.text);
      const retryId = flowIdAt(res, LINK_UI.recovery);
      assert.notEqual(retryId, link.flowId);
      assert.equal(b.jar.get(SESSION_COOKIE), undefined);
      const retry = await flowById(gh, 'recovery', retryId, b);
      assertLinkFlow(gh, 'recovery', retry, { type: 'browser', state: 'choose_method', id: retryId });
      assertExpiredMessage('recovery', retry.ui.messages, { notBefore: sentAt + 1000, notAfter: Date.now() });
    });
  });

  describe(`admin recovery link dialect=${dialect} link method disabled`, () => {
    const { gh } = useLinkServer(dialect, { selfservice: { methods: { link: { enabled: false } } } });

    test('case=answers 404 with the disabled-endpoint reason', async () => {
      const user = await createUser(gh);
      const res = await createLink(gh, { identity_id: user.id });
      assertErrorResponse(res, 404);
      assertMatchesOperation('adminCreateSelfServiceRecoveryLink', 404, res.json);
      const e = (res.json as Envelope).error;
      assert.deepStrictEqual([e.status, e.reason], ['Not Found', ENDPOINT_DISABLED]);
    });

    test('case=submitting an email with method=link answers the 404 disabled-endpoint envelope type=api', async () => {
      const user = await createUser(gh);
      for (const kind of ['recovery', 'verification'] as const) {
        const init = await request('GET', new URL(`self-service/${kind}/api`, gh.publicUrl));
        assert.equal(init.status, 200, init.text);
        const flow = init.json as { ui: { action: string; nodes: { attributes: { name?: string } }[] } };
        assert.equal(flow.ui.nodes.some((n) => n.attributes.name === 'email'), false, `a disabled method adds no nodes (${kind})`);
        const res = await request('POST', flow.ui.action, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ method: 'link', email: user.email }),
        });
        assertErrorResponse(res, 404);
        assert.equal((res.json as Envelope).error.reason, ENDPOINT_DISABLED, kind);
      }
    });
  });
}
