/**
 * `toSession` (whoami) and `adminDeleteIdentitySessions` (api.md §8, session.md §3, §6).
 * Sessions are issued in-process (no HTTP flow creates them yet); everything else goes over HTTP.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { IdentityState } from '@ory/kratos-client';
import { assertMatchesOperation, UNAUTHORIZED } from '../helpers/openapi.js';
import {
  createIdentity,
  DIALECTS,
  type IssuedSession,
  request,
  SESSION_COOKIE,
  useGatehouse,
} from '../helpers/server.js';

for (const dialect of DIALECTS) {
  describe(`sessions dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });
    let whoamiUrl: string;
    before(() => {
      whoamiUrl = `${gh.publicUrl}sessions/whoami`;
    });

    async function identityWithSession(): Promise<{ identity: Record<string, unknown> & { id: string }; s: IssuedSession }> {
      const identity = await createIdentity(gh);
      return { identity, s: await gh.issueSession(identity.id) };
    }

    /** whoami with raw headers; asserts the answer is the session of `expected` or the 401. */
    async function whoami(headers: Record<string, string>, expected: IssuedSession | null): Promise<void> {
      const res = await request('GET', whoamiUrl, { headers });
      if (expected) {
        assert.equal(res.status, 200, `expected 200 for ${JSON.stringify(Object.keys(headers))}: ${res.text}`);
        assertMatchesOperation('toSession', 200, res.json);
        assert.equal((res.json as { id: string }).id, expected.session.id);
        assert.equal(res.headers.get('x-kratos-authenticated-identity-id'), expected.session.identityId);
      } else {
        assert.equal(res.status, 401, `expected 401 for ${JSON.stringify(headers)}: ${res.text}`);
        assertMatchesOperation('toSession', 401, res.json);
        assert.deepEqual(res.json, UNAUTHORIZED);
        assert.equal(res.headers.get('x-kratos-authenticated-identity-id'), null);
      }
    }

    describe('toSession type=api', () => {
      test('case=by X-Session-Token', async () => {
        const { identity, s } = await identityWithSession();
        const res = await gh.publicApi.toSession(s.token);
        assert.equal(res.status, 200);
        assertMatchesOperation('toSession', 200, res.data);
        assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
        assert.equal(res.headers['x-kratos-authenticated-identity-id'], identity.id);
        assert.equal(res.headers['cache-control'], undefined, 'whoami carries no Cache-Control');
        assert.equal(res.headers['set-cookie'], undefined, 'whoami never sets cookies');
        const body = res.data;
        assert.equal(body.id, s.session.id);
        assert.equal(body.active, true);
        assert.equal(body.authenticator_assurance_level, 'aal1');
        assert.deepEqual(
          body.authentication_methods?.map((m) => m.method),
          ['password'],
        );
        assert.equal(body.issued_at, body.authenticated_at);
        assert.equal(Date.parse(body.expires_at as string), s.session.expiresAt.getTime());
        const { credentials: _none, ...expectedIdentity } = identity;
        assert.deepEqual(body.identity, expectedIdentity);
        assert.equal('credentials' in body.identity, false);
      });

      test('case=by Authorization: Bearer (scheme case-insensitive)', async () => {
        const { s } = await identityWithSession();
        const res = await gh.publicApi.toSession(undefined, undefined, { headers: { Authorization: `Bearer ${s.token}` } });
        assert.equal(res.status, 200);
        assertMatchesOperation('toSession', 200, res.data);
        assert.equal(res.data.id, s.session.id);
        await whoami({ authorization: `bearer ${s.token}` }, s);
        await whoami({ authorization: `BEARER ${s.token}` }, s);
      });

      test('case=Authorization that is not exactly "Bearer <token>" is ignored', async () => {
        const { s } = await identityWithSession();
        await whoami({ authorization: `Basic ${s.token}` }, null);
        await whoami({ authorization: `Bearer ${s.token} extra` }, null);
        await whoami({ authorization: s.token }, null);
      });
    });

    describe('toSession type=browser', () => {
      test('case=by Cookie', async () => {
        const { identity, s } = await identityWithSession();
        const res = await gh.publicApi.toSession(undefined, `${SESSION_COOKIE}=${s.cookie}`);
        assert.equal(res.status, 200);
        assertMatchesOperation('toSession', 200, res.data);
        assert.equal(res.headers['x-kratos-authenticated-identity-id'], identity.id);
        assert.equal(res.data.id, s.session.id);
        await whoami({ cookie: `other=1; ${SESSION_COOKIE}=${s.cookie}; more=2` }, s);
      });

      test('case=by X-Session-Cookie', async () => {
        const { s } = await identityWithSession();
        const res = await gh.publicApi.toSession(undefined, undefined, { headers: { 'X-Session-Cookie': s.cookie } });
        assert.equal(res.status, 200);
        assertMatchesOperation('toSession', 200, res.data);
        assert.equal(res.data.id, s.session.id);
      });

      test('case=a tampered cookie is rejected', async () => {
        const { s } = await identityWithSession();
        const flipped = s.cookie.slice(0, -2) + (s.cookie.endsWith('AA') ? 'BB' : 'AA');
        await whoami({ cookie: `${SESSION_COOKIE}=${flipped}` }, null);
        await whoami({ cookie: `${SESSION_COOKIE}=${s.token}` }, null);
        await whoami({ cookie: `ory_kratos_session_other=${s.cookie}` }, null);
      });
    });

    describe('toSession lookup order (session.md §3)', () => {
      let a: IssuedSession;
      let b: IssuedSession;
      before(async () => {
        a = (await identityWithSession()).s;
        b = (await identityWithSession()).s;
      });

      test('case=X-Session-Token wins over Cookie, X-Session-Cookie and Bearer', async () => {
        await whoami(
          {
            'x-session-token': a.token,
            cookie: `${SESSION_COOKIE}=${b.cookie}`,
            'x-session-cookie': b.cookie,
            authorization: `Bearer ${b.token}`,
          },
          a,
        );
      });

      test('case=an unknown X-Session-Token is final, even with a valid cookie', async () => {
        await whoami({ 'x-session-token': 'doesnotexist', cookie: `${SESSION_COOKIE}=${b.cookie}` }, null);
      });

      test('case=an empty X-Session-Token falls through to the cookie', async () => {
        await whoami({ 'x-session-token': '', cookie: `${SESSION_COOKIE}=${b.cookie}` }, b);
      });

      test('case=the cookie wins over Bearer', async () => {
        await whoami({ cookie: `${SESSION_COOKIE}=${a.cookie}`, authorization: `Bearer ${b.token}` }, a);
      });

      test('case=an undecodable cookie falls back to Bearer', async () => {
        await whoami({ cookie: `${SESSION_COOKIE}=garbage`, authorization: `Bearer ${b.token}` }, b);
      });

      test('case=X-Session-Cookie replaces the Cookie header', async () => {
        await whoami({ cookie: `${SESSION_COOKIE}=${a.cookie}`, 'x-session-cookie': b.cookie }, b);
        await whoami({ cookie: `${SESSION_COOKIE}=${a.cookie}`, 'x-session-cookie': 'garbage' }, null);
        await whoami({ cookie: `${SESSION_COOKIE}=${a.cookie}`, 'x-session-cookie': 'garbage', authorization: `Bearer ${b.token}` }, b);
      });
    });

    describe('toSession 401', () => {
      test('case=no credentials at all', async () => {
        const res = await gh.publicApi.toSession();
        assert.equal(res.status, 401);
        assertMatchesOperation('toSession', 401, res.data);
        assert.deepEqual(res.data, UNAUTHORIZED);
        assert.equal(res.headers['cache-control'], undefined);
      });

      test(
        'case=the 401 envelope is served as application/json without charset (README wire conventions)',
        async () => {
          const res = await request('GET', whoamiUrl);
          assert.equal(res.status, 401);
          assert.equal(res.headers.get('content-type'), 'application/json');
          assert.equal(res.text, JSON.stringify(UNAUTHORIZED) + '\n');
        },
      );

      test('case=unknown token', async () => {
        const res = await gh.publicApi.toSession('a'.repeat(32));
        assert.equal(res.status, 401);
        assertMatchesOperation('toSession', 401, res.data);
        assert.deepEqual(res.data, UNAUTHORIZED);
      });

      test('case=expired session', async () => {
        const identity = await createIdentity(gh);
        const s = await gh.issueSession(identity.id, { lifespanMs: -1000 });
        await whoami({ 'x-session-token': s.token }, null);
        await whoami({ cookie: `${SESSION_COOKIE}=${s.cookie}` }, null);
      });

      test('case=revoked session', async () => {
        const { s } = await identityWithSession();
        await gh.revokeSession(s.token);
        await whoami({ 'x-session-token': s.token }, null);
      });

      test('case=session of an inactive identity', async () => {
        const identity = await createIdentity(gh, { state: 'inactive' });
        const s = await gh.issueSession(identity.id);
        await whoami({ 'x-session-token': s.token }, null);
      });

      test('case=setting the identity inactive through the admin API ends its sessions at once (whoami cache invalidation)', async () => {
        const { identity, s } = await identityWithSession();
        await whoami({ 'x-session-token': s.token }, s);
        await whoami({ 'x-session-token': s.token }, s);
        const res = await gh.adminApi.adminUpdateIdentity(identity.id, {
          state: IdentityState.Inactive,
          traits: identity.traits as object,
        });
        assert.equal(res.status, 200);
        await whoami({ 'x-session-token': s.token }, null);
        await whoami({ cookie: `${SESSION_COOKIE}=${s.cookie}` }, null);
        const back = await gh.adminApi.adminUpdateIdentity(identity.id, {
          state: IdentityState.Active,
          traits: identity.traits as object,
        });
        assert.equal(back.status, 200);
        await whoami({ 'x-session-token': s.token }, s);
      });

      test('case=a traits update through the admin API is visible in whoami at once', async () => {
        const { identity, s } = await identityWithSession();
        await whoami({ 'x-session-token': s.token }, s);
        const traits = { ...(identity.traits as object), name: { first: 'Renamed' } };
        assert.equal((await gh.adminApi.adminUpdateIdentity(identity.id, { state: IdentityState.Active, traits })).status, 200);
        const res = await gh.publicApi.toSession(s.token);
        assert.equal(res.status, 200);
        assert.deepEqual(res.data.identity.traits, traits);
      });

      test('case=deleting the identity ends its sessions at once', async () => {
        const { identity, s } = await identityWithSession();
        await whoami({ 'x-session-token': s.token }, s);
        assert.equal((await gh.adminApi.adminDeleteIdentity(identity.id)).status, 204);
        await whoami({ 'x-session-token': s.token }, null);
      });

      test('case=X-Request-ID is echoed in error.request', async () => {
        const res = await request('GET', whoamiUrl, { headers: { 'x-request-id': 'req-whoami-1' } });
        assert.equal(res.status, 401);
        assertMatchesOperation('toSession', 401, res.json);
        assert.deepEqual(res.json, { error: { ...UNAUTHORIZED.error, request: 'req-whoami-1' } });
      });
    });

    describe('toSession methods', () => {
      test('case=every accepted method answers like GET', async () => {
        const { s } = await identityWithSession();
        const get = await request('GET', whoamiUrl, { headers: { 'x-session-token': s.token } });
        for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
          const res = await request(method, whoamiUrl, { headers: { 'x-session-token': s.token } });
          assert.equal(res.status, 200, `${method}: ${res.text}`);
          assert.equal(res.text, get.text, method);
          const none = await request(method, whoamiUrl);
          assert.equal(none.status, 401, `${method} without session`);
          assert.deepEqual(none.json, UNAUTHORIZED);
        }
        const head = await request('HEAD', whoamiUrl, { headers: { 'x-session-token': s.token } });
        assert.equal(head.status, 200);
        assert.equal(head.text, '');
      });
    });

    describe('adminDeleteIdentitySessions', () => {
      test('case=deletes every session; whoami answers 401 at once; a second call 404', async () => {
        const { identity, s } = await identityWithSession();
        const s2 = await gh.issueSession(identity.id);
        await whoami({ 'x-session-token': s.token }, s);
        await whoami({ 'x-session-token': s2.token }, s2);
        const res = await gh.adminApi.adminDeleteIdentitySessions(identity.id);
        assert.equal(res.status, 204);
        assertMatchesOperation('adminDeleteIdentitySessions', 204, res.data);
        await whoami({ 'x-session-token': s.token }, null);
        await whoami({ 'x-session-token': s2.token }, null);
        const again = await gh.adminApi.adminDeleteIdentitySessions(identity.id);
        assert.equal(again.status, 404);
        assertMatchesOperation('adminDeleteIdentitySessions', 404, again.data);
        assert.equal((again.data as unknown as { error: { message: string } }).error.message, 'Unable to locate the resource');
      });

      test('case=other identities keep their sessions', async () => {
        const a = await identityWithSession();
        const b = await identityWithSession();
        assert.equal((await gh.adminApi.adminDeleteIdentitySessions(a.identity.id)).status, 204);
        await whoami({ 'x-session-token': b.s.token }, b.s);
      });

      test('case=identity without sessions answers 404', async () => {
        const identity = await createIdentity(gh);
        const res = await gh.adminApi.adminDeleteIdentitySessions(identity.id);
        assert.equal(res.status, 404);
        assertMatchesOperation('adminDeleteIdentitySessions', 404, res.data);
      });

      test('case=unknown identity answers 404', async () => {
        const res = await gh.adminApi.adminDeleteIdentitySessions(randomUUID());
        assert.equal(res.status, 404);
        assertMatchesOperation('adminDeleteIdentitySessions', 404, res.data);
      });

      const badIds: [string, string][] = [
        ['not-a-uuid', 'uuid: incorrect UUID length 10 in string "not-a-uuid"'],
        ['zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', 'uuid: incorrect UUID format in string "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"'],
      ];
      for (const [id, message] of badIds) {
        test(`case=id ${id} answers 400 could not parse UUID`, async () => {
          const res = await gh.adminApi.adminDeleteIdentitySessions(id);
          assert.equal(res.status, 400);
          assertMatchesOperation('adminDeleteIdentitySessions', 400, res.data);
          const err = (res.data as unknown as { error: Record<string, unknown> }).error;
          assert.equal(err.debug, 'could not parse UUID');
          assert.equal(err.message, message);
        });
      }
    });
  });
}
