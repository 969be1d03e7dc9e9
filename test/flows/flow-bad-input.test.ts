/**
 * Bad input to the login and registration submit endpoints (api.md §1.1, §1.4): malformed flow
 * ids, foreign content types, broken and odd bodies, oversized bodies, unknown methods,
 * repeated form keys, and an over-long return_to at init. Every answer is a clean 4xx (never a
 * 500 or a stack trace in the log, checked after each test by the harness), and nothing is
 * written when a submit fails.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Browser } from '../helpers/browser.js';
import { assertErrorResponse, assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, identityCount, request, type RawResponse } from '../helpers/server.js';
import {
  freshEmail,
  initApi,
  jsonPost,
  MSG,
  REASON,
  registerApi,
  SESSION_HOOK,
  storedErrorAt,
  strongPassword,
  TOKEN_RE,
  useFlowServer,
  type FlowBody,
  type UiText,
} from './support.js';

type Kind = 'login' | 'registration';
type Envelope = { error: { id?: string; code: number; reason?: string; message: string } };
const KINDS: readonly Kind[] = ['login', 'registration'];
const OPERATION: Record<Kind, string> = { login: 'submitSelfServiceLoginFlow', registration: 'submitSelfServiceRegistrationFlow' };

const post = (url: string, headers: Record<string, string>, body?: string) => request('POST', url, { headers, body });

/** A valid body for the kind (the user exists for login). */
function validBody(kind: Kind, user: { email: string; password: string }): Record<string, unknown> {
  return kind === 'login'
    ? { method: 'password', password_identifier: user.email, password: user.password }
    : { method: 'password', password: strongPassword(), traits: { email: freshEmail(), name: { first: 'Ada' } } };
}

/** A 400 answer carrying the flow with exactly these flow-level messages (api.md §1.4). */
function assertFlowMessages(kind: Kind, res: RawResponse, messages: UiText[]): FlowBody {
  assert.equal(res.status, 400, res.text);
  assertMatchesOperation(OPERATION[kind], 400, res.json);
  const flow = res.json as FlowBody;
  assert.deepStrictEqual(flow.ui.messages, messages);
  return flow;
}

for (const dialect of DIALECTS) {
  describe(`login and registration submits with bad input dialect=${dialect}`, () => {
    const gh = useFlowServer(dialect, SESSION_HOOK);

    /** Runs `fn` and asserts that no identity was created meanwhile. */
    async function writesNothing<T>(fn: () => Promise<T>): Promise<T> {
      const before = await identityCount(gh);
      const out = await fn();
      assert.equal(await identityCount(gh), before, 'nothing was written');
      return out;
    }

    const submitUrl = (kind: Kind, query: string) => new URL(`self-service/${kind}${query}`, gh.publicUrl).href;

    for (const kind of KINDS) {
      test(`case=${kind} submit with a missing or malformed flow query answers 400 type=api`, async () => {
        const user = await registerApi(gh);
        await writesNothing(async () => {
          for (const query of ['', '?flow=', '?flow=not-a-uuid', `?flow=${randomUUID()}x`, `?id=${randomUUID()}`]) {
            const res = await jsonPost(submitUrl(kind, query), validBody(kind, user));
            assertErrorResponse(res, 400);
            assert.equal((res.json as Envelope).error.reason, REASON.flowMalformed, query);
          }
          // A browser is sent to the error UI.
          const browser = await new Browser().post(submitUrl(kind, '?flow=nope'), { form: { method: 'password' } });
          assert.equal(browser.status, 302, browser.text);
          const stored = await storedErrorAt(gh, browser.location);
          assert.deepStrictEqual([stored.error.code, stored.error.reason], [400, REASON.flowMalformed]);
        });
      });

      test(`case=${kind} submit to an unknown flow answers 404 type=api`, async () => {
        const user = await registerApi(gh);
        const other = await initApi(gh, kind === 'login' ? 'registration' : 'login');
        await writesNothing(async () => {
          for (const id of [randomUUID(), other.id]) {
            const res = await jsonPost(submitUrl(kind, `?flow=${id}`), validBody(kind, user));
            assertErrorResponse(res, 404);
            assert.equal((res.json as Envelope).error.message, 'Unable to locate the resource');
          }
        });
      });

      test(`case=${kind} submit with an unsupported Content-Type is shown in the flow with the exact reason type=api`, async () => {
        const user = await registerApi(gh);
        await writesNothing(async () => {
          for (const ct of ['text/plain', 'application/xml', 'text/plain; charset=utf-8', 'application/json-patch+json']) {
            const flow = await initApi(gh, kind);
            const res = await post(flow.ui.action, { 'content-type': ct }, JSON.stringify(validBody(kind, user)));
            assertFlowMessages(kind, res, [MSG.generic(REASON.contentType(ct))]);
          }
        });
      });

      test(`case=${kind} submit with an empty body answers 400 with the decoder reason type=api`, async () => {
        await writesNothing(async () => {
          for (const ct of ['application/json', 'application/x-www-form-urlencoded']) {
            const flow = await initApi(gh, kind);
            const res = await post(flow.ui.action, { 'content-type': ct }, '');
            assertFlowMessages(kind, res, [MSG.generic(REASON.emptyBody)]);
          }
        });
      });

      test(`case=${kind} submit with broken JSON answers a 400 flow, never a 500 type=api`, async () => {
        await writesNothing(async () => {
          for (const body of ['{"method": "password",', '{method: password}', '{"method":"password"}}', '\u00ff\u00fe']) {
            const flow = await initApi(gh, kind);
            const res = await post(flow.ui.action, { 'content-type': 'application/json' }, body);
            assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
            assertMatchesOperation(OPERATION[kind], 400, res.json);
            const [m, ...rest] = (res.json as FlowBody).ui.messages ?? [];
            assert.equal(rest.length, 0);
            assert.equal(m?.id, 4000001, JSON.stringify(body));
            assert.ok((m?.text ?? '').length > 0);
          }
        });
      });

      /** Non-object JSON bodies name their gjson type (upstream's decoder, api.md §1.1). */
      const notAnObject = (cases: readonly (readonly [string, string])[]) => () =>
        writesNothing(async () => {
          for (const [body, type] of cases) {
            const flow = await initApi(gh, kind);
            const res = await post(flow.ui.action, { 'content-type': 'application/json' }, body);
            assertFlowMessages(kind, res, [MSG.generic(REASON.notAnObject(type))]);
          }
        });

      test(
        `case=${kind} submit with a JSON string, number or null body names its type type=api`,
        notAnObject([
          ['"password"', 'String'],
          ['42', 'Number'],
          ['null', 'Null'],
        ]),
      );

      test(
        `case=${kind} submit with a JSON array or boolean body names its gjson type (JSON, True, False) type=api`,
        notAnObject([
          ['[{"method":"password"}]', 'JSON'],
          ['true', 'True'],
          ['false', 'False'],
        ]),
      );

      test(`case=${kind} submit with an unknown method value answers the no-strategy message type=api`, async () => {
        const expected = kind === 'login' ? MSG.noLoginStrategy : MSG.noRegistrationStrategy;
        await writesNothing(async () => {
          for (const body of [{ method: 'magic' }, {}, { method: 'PASSWORD' }, { method: ['password'] }]) {
            const flow = await initApi(gh, kind);
            const res = await jsonPost(flow.ui.action, body);
            assertFlowMessages(kind, res, [expected]);
          }
        });
      });

      test(`case=${kind} submit over GET without a body is refused by the password decoder type=api`, async () => {
        await writesNothing(async () => {
          const flow = await initApi(gh, kind);
          const res = await request('GET', `${flow.ui.action}&method=password`, { headers: { accept: 'application/json' } });
          assertFlowMessages(kind, res, [
            MSG.generic('Unable to decode body because HTTP Request Method was "GET" but only [POST PUT PATCH] are supported.'),
          ]);
        });
      });

      test(`case=${kind} submit with a 2 MB body answers the 413 envelope type=api`, async () => {
        const user = await registerApi(gh);
        const flow = await initApi(gh, kind);
        await writesNothing(async () => {
          const body = { ...validBody(kind, user), padding: 'x'.repeat(2 * 1024 * 1024) };
          const res = await jsonPost(flow.ui.action, body);
          assertErrorResponse(res, 413);
        });
        const ok = await jsonPost(flow.ui.action, validBody(kind, user));
        assert.equal(ok.status, 200, `the flow is still usable afterwards: ${ok.text}`);
      });
    }

    test('case=NUL characters are refused on both databases alike, never a 500 type=api', async () => {
      // PostgreSQL cannot store U+0000 in text or jsonb; Gatehouse refuses it everywhere so the
      // two databases answer the same (a clear 400 in the flow) instead of a 500 on one of them.
      const NUL_REASON = 'The request contains a NUL character (U+0000), which is not accepted in any field.';
      const broken = await initApi(gh, 'login');
      const raw = await post(broken.ui.action, { 'content-type': 'application/json' }, '\u0000');
      assert.equal(raw.status, 400, raw.text);
      assertMatchesOperation(OPERATION.login, 400, raw.json);
      assert.deepStrictEqual((raw.json as FlowBody).ui.messages?.map((m) => m.id), [4000001]);

      const identifier = 'nul\u0000byte@example.org';
      const login = await initApi(gh, 'login');
      const denied = await jsonPost(login.ui.action, { method: 'password', password_identifier: identifier, password: strongPassword() });
      assert.equal(denied.status, 400, denied.text);
      assert.deepStrictEqual((denied.json as FlowBody).ui.messages?.map((m) => m.text), [NUL_REASON]);

      await writesNothing(async () => {
        for (const traits of [{ email: identifier }, { email: freshEmail(), name: { first: 'A\u0000da' } }]) {
          const flow = await initApi(gh, 'registration');
          const res = await jsonPost(flow.ui.action, { method: 'password', password: strongPassword(), traits });
          assert.equal(res.status, 400, res.text);
          assertMatchesOperation(OPERATION.registration, 400, res.json);
          assert.deepStrictEqual((res.json as FlowBody).ui.messages?.map((m) => m.text), [NUL_REASON]);
        }
      });

      await writesNothing(async () => {
        const res = await request('POST', new URL('identities', gh.adminUrl), {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ schema_id: 'default', traits: { email: freshEmail(), name: { first: 'A\u0000da' } } }),
        });
        assert.equal(res.status, 400, res.text);
      });
    });

    test('case=multipart bodies are accepted for login and registration type=api', async () => {
      const email = freshEmail();
      const password = strongPassword();
      const reg = await initApi(gh, 'registration');
      const form = new FormData();
      for (const [k, v] of Object.entries({ method: 'password', password, 'traits.email': email, 'traits.name.first': 'Ada' })) form.append(k, v);
      const registered = await new Browser({ accept: 'application/json' }).post(reg.ui.action, { body: form });
      assert.equal(registered.status, 200, registered.text);
      assert.deepStrictEqual((registered.json as { identity: { traits: unknown } }).identity.traits, { email, name: { first: 'Ada' } });

      const login = await initApi(gh, 'login');
      const lf = new FormData();
      for (const [k, v] of Object.entries({ method: 'password', password_identifier: email, password })) lf.append(k, v);
      const loggedIn = await new Browser({ accept: 'application/json' }).post(login.ui.action, { body: lf });
      assert.equal(loggedIn.status, 200, loggedIn.text);
      assert.match((loggedIn.json as { session_token: string }).session_token, TOKEN_RE);
    });

    test('case=flat JSON with dotted keys is decoded like a form type=api', async () => {
      const email = freshEmail();
      const password = strongPassword();
      const reg = await initApi(gh, 'registration');
      const res = await jsonPost(reg.ui.action, {
        method: 'password',
        password,
        'traits.email': email,
        'traits.name.first': 'Ada',
        'traits.name.last': '',
        unknown_field: 'dropped',
      });
      assert.equal(res.status, 200, res.text);
      assert.deepStrictEqual(
        (res.json as { identity: { traits: unknown } }).identity.traits,
        { email, name: { first: 'Ada' } },
        'empty values and unknown keys are dropped',
      );
    });

    test('case=repeated form keys: the first value of a string field wins type=api', async () => {
      const email = freshEmail();
      const password = strongPassword();
      const reg = await initApi(gh, 'registration');
      const registered = await post(
        reg.ui.action,
        { 'content-type': 'application/x-www-form-urlencoded' },
        new URLSearchParams([
          ['method', 'password'],
          ['method', 'magic'],
          ['traits.email', email],
          ['traits.email', freshEmail('Second')],
          ['password', password],
          ['password', 'x'],
        ]).toString(),
      );
      assert.equal(registered.status, 200, registered.text);
      assert.equal((registered.json as { identity: { traits: { email: string } } }).identity.traits.email, email);

      const login = await initApi(gh, 'login');
      const loggedIn = await post(
        login.ui.action,
        { 'content-type': 'application/x-www-form-urlencoded' },
        new URLSearchParams([
          ['method', 'password'],
          ['password_identifier', email],
          ['password_identifier', 'someone-else@example.org'],
          ['password', password],
          ['password', 'wrong'],
        ]).toString(),
      );
      assert.equal(loggedIn.status, 200, loggedIn.text);
    });

    test('case=a very long return_to is refused cleanly at init, never a 500 type=api', async () => {
      const longReturnTo = `http://127.0.0.1:4455/${'a'.repeat(4000)}`;
      for (const kind of KINDS) {
        const api = await request('GET', new URL(`self-service/${kind}/api?return_to=${encodeURIComponent(longReturnTo)}`, gh.publicUrl));
        assert.ok(api.status >= 400 && api.status < 500, `${kind} api: ${api.status} ${api.text.slice(0, 300)}`);
        assertErrorResponse(api, api.status);

        const spa = await request('GET', new URL(`self-service/${kind}/browser?return_to=${encodeURIComponent(longReturnTo)}`, gh.publicUrl), {
          headers: { accept: 'application/json' },
        });
        assert.ok(spa.status >= 400 && spa.status < 500, `${kind} spa: ${spa.status}`);
        assertErrorResponse(spa, spa.status);

        const browser = await new Browser().get(new URL(`self-service/${kind}/browser?return_to=${encodeURIComponent(longReturnTo)}`, gh.publicUrl));
        assert.equal(browser.status, 302, `${kind} browser: ${browser.status} ${browser.text.slice(0, 300)}`);
        const stored = await storedErrorAt(gh, browser.location);
        assert.equal(stored.error.code, api.status);
      }
    });
  });
}
