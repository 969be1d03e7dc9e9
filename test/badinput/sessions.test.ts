/**
 * Malformed session credentials and ids (api.md §8, session.md §3): whoami answers the exact
 * 401 envelope for anything it cannot use, session revocation rejects bad ids with 400, and
 * nothing is written (the valid session keeps working, counts are unchanged).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { assertErrorResponse, assertMatchesOperation, UNAUTHORIZED } from '../helpers/openapi.js';
import {
  createIdentity,
  DIALECTS,
  identityCount,
  type IssuedSession,
  request,
  SESSION_COOKIE,
  useGatehouse,
} from '../helpers/server.js';

const KIB = 1024;


for (const dialect of DIALECTS) {
  describe(`badinput sessions dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });
    let identityId: string;
    let s: IssuedSession;
    before(async () => {
      identityId = (await createIdentity(gh)).id;
      s = await gh.issueSession(identityId);
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
        ['64 KiB token', () => ({ 'x-session-token': 't'.repeat(64 * KIB) })],
        ['64 KiB Bearer', () => ({ authorization: `Bearer ${'t'.repeat(64 * KIB)}` })],
        ['cookie not base64', () => ({ cookie: `${SESSION_COOKIE}=%%%%` })],
        ['cookie with bad percent-encoding', () => ({ cookie: `${SESSION_COOKIE}=%zz%` })],
        ['cookie over 4096 bytes', () => ({ cookie: `${SESSION_COOKIE}=${'A'.repeat(5000)}` })],
        ['64 KiB cookie header', () => ({ cookie: Array.from({ length: 2000 }, (_, i) => `c${i}=${'v'.repeat(30)}`).join('; ') })],
        ['session cookie repeated with garbage first', () => ({ cookie: `${SESSION_COOKIE}=garbage; ${SESSION_COOKIE}=${s.cookie}x` })],
        ['X-Session-Cookie garbage', () => ({ 'x-session-cookie': '\u00ff\u00fe' })],
        ['X-Session-Cookie 64 KiB', () => ({ 'x-session-cookie': 'c'.repeat(64 * KIB) })],
      ];
      for (const [name, headers] of cases) {
        test(`case=${name} answers the 401 envelope`, async () => {
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
        test(`case=id ${label} answers 400 could not parse UUID and deletes nothing`, async () => {
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
