/**
 * Malformed session credentials and ids (api.md §8, session.md §3): whoami answers the exact
 * 401 envelope for anything it cannot use, session revocation rejects bad ids with 400, and
 * nothing is written (the valid session keeps working, counts are unchanged).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import { assertErrorResponse, assertMatchesOperation } from '../helpers/openapi.js';
import {
  createIdentity,
  DIALECTS,
  identityCount,
  request,
  SESSION_COOKIE,
  startGatehouse,
  type Gatehouse,
  type IssuedSession,
} from '../helpers/server.js';

const UNAUTHORIZED = {
  error: {
    code: 401,
    status: 'Unauthorized',
    reason: 'No valid session cookie found.',
    message: 'The request could not be authorized',
  },
};

const KIB = 1024;

// Known server bugs (reported to the lead); each `todo` goes once the server is fixed.
const TODO_414 =
  "server bug: a path parameter over 500 characters answers Fastify's own 414 FST_ERR_MAX_PARAM_LENGTH body instead of the route's envelope";
const TODO_431 =
  "server bug: headers over Node's 16 KiB limit answer Fastify's own 431 body instead of the envelope (Go's limit is 1 MiB)";

for (const dialect of DIALECTS) {
  describe(`badinput sessions dialect=${dialect}`, () => {
    let gh: Gatehouse;
    let identityId: string;
    let s: IssuedSession;
    before(async () => {
      gh = await startGatehouse({ dialect });
      identityId = (await createIdentity(gh)).id;
      s = await gh.issueSession(identityId);
    });
    afterEach(() => gh.assertHealthyLog());
    after(async () => {
      await gh?.stop();
    });

    async function sessionStillValid(): Promise<void> {
      const res = await request('GET', `${gh.publicUrl}sessions/whoami`, { headers: { 'x-session-token': s.token } });
      assert.equal(res.status, 200, 'the valid session stopped working');
    }

    describe('toSession', () => {
      const cases: [string, () => Record<string, string>, string?][] = [
        ['empty Bearer', () => ({ authorization: 'Bearer ' })],
        ['Bearer with spaces', () => ({ authorization: 'Bearer  ' + s.token })],
        ['token with a quote', () => ({ 'x-session-token': `${s.token}'` })],
        ['token with SQL', () => ({ 'x-session-token': "' OR '1'='1" })],
        ['token as a JSON object', () => ({ 'x-session-token': '{"$ne":null}' })],
        ['12 KiB token', () => ({ 'x-session-token': 't'.repeat(12 * KIB) })],
        ['64 KiB token', () => ({ 'x-session-token': 't'.repeat(64 * KIB) }), TODO_431],
        ['64 KiB Bearer', () => ({ authorization: `Bearer ${'t'.repeat(64 * KIB)}` }), TODO_431],
        ['cookie not base64', () => ({ cookie: `${SESSION_COOKIE}=%%%%` })],
        ['cookie with bad percent-encoding', () => ({ cookie: `${SESSION_COOKIE}=%zz%` })],
        ['cookie over 4096 bytes', () => ({ cookie: `${SESSION_COOKIE}=${'A'.repeat(5000)}` })],
        ['64 KiB cookie header', () => ({ cookie: Array.from({ length: 2000 }, (_, i) => `c${i}=${'v'.repeat(30)}`).join('; ') }), TODO_431],
        ['session cookie repeated with garbage first', () => ({ cookie: `${SESSION_COOKIE}=garbage; ${SESSION_COOKIE}=${s.cookie}x` })],
        ['X-Session-Cookie garbage', () => ({ 'x-session-cookie': '\u00ff\u00fe' })],
        ['X-Session-Cookie 64 KiB', () => ({ 'x-session-cookie': 'c'.repeat(64 * KIB) }), TODO_431],
      ];
      for (const [name, headers, todo] of cases) {
        test(`case=${name} answers the 401 envelope`, { todo }, async () => {
          const res = await request('GET', `${gh.publicUrl}sessions/whoami`, { headers: headers() });
          assertErrorResponse(res, 401);
          assertMatchesOperation('toSession', 401, res.json);
          assert.deepEqual(res.json, UNAUTHORIZED);
          await sessionStillValid();
        });
      }

      test('case=a POST body is ignored, even broken JSON', async () => {
        const res = await request('POST', `${gh.publicUrl}sessions/whoami`, {
          headers: { 'content-type': 'application/json', 'x-session-token': s.token },
          body: '{"broken":',
        });
        assert.equal(res.status, 200, res.text);
        assertMatchesOperation('toSession', 200, res.json);
        const none = await request('PUT', `${gh.publicUrl}sessions/whoami`, {
          headers: { 'content-type': 'text/plain' },
          body: 'x',
        });
        assertErrorResponse(none, 401);
        assert.deepEqual(none.json, UNAUTHORIZED);
      });

      test('case=an 8 KiB X-Request-ID is echoed', async () => {
        const rid = 'q'.repeat(8 * KIB);
        const res = await request('GET', `${gh.publicUrl}sessions/whoami`, { headers: { 'x-request-id': rid } });
        assertErrorResponse(res, 401);
        assert.deepEqual(res.json, { error: { ...UNAUTHORIZED.error, request: rid } });
      });
    });

    describe('adminDeleteIdentitySessions', () => {
      const badIds = [
        'not-a-uuid',
        '%20',
        `${randomUUID()}0`,
        'g'.repeat(36),
        '{00000000-0000-0000-0000-00000000000z}',
        'a'.repeat(3000),
        '..%2F..%2Fidentities',
      ];
      for (const id of badIds) {
        const label = id.length > 60 ? `${id.slice(0, 20)}…(${id.length})` : id;
        test(`case=id ${label} answers 400 could not parse UUID and deletes nothing`, { todo: id.length > 500 ? TODO_414 : undefined }, async () => {
          const count = await identityCount(gh);
          const res = await request('DELETE', `${gh.adminUrl}identities/${id}/sessions`);
          assertErrorResponse(res, 400);
          assertMatchesOperation('adminDeleteIdentitySessions', 400, res.json);
          const err = (res.json as { error: { debug?: string; message: string } }).error;
          assert.equal(err.debug, 'could not parse UUID');
          assert.match(err.message, /^uuid: incorrect UUID (length \d+|format) in string /);
          assert.equal(await identityCount(gh), count);
          await sessionStillValid();
        });
      }

      test('case=a request body is ignored', async () => {
        const res = await request('DELETE', `${gh.adminUrl}identities/${randomUUID()}/sessions`, {
          headers: { 'content-type': 'application/json' },
          body: '{"broken":',
        });
        assertErrorResponse(res, 404);
        assertMatchesOperation('adminDeleteIdentitySessions', 404, res.json);
        await sessionStillValid();
      });
    });
  });
}
