/**
 * Listener routing and cross-cutting headers (spec README "Two listeners", api.md §1.2, §1.6,
 * flows.md §7): 307 redirects between listeners, the router's plain-text 404, the CSRF guard on
 * unknown public routes, `Vary`/`Cache-Control`, `X-Request-ID`, CORS.
 */
import { CSRF_ERROR } from '../helpers/expected.js';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { assertErrorEnvelope, assertMatchesOperation } from '../helpers/openapi.js';
import { createIdentity, defaultTraits, DIALECTS, request, useGatehouse } from '../helpers/server.js';

const NO_CACHE = 'private, no-cache, no-store, must-revalidate';

const CSRF_ENVELOPE = { error: CSRF_ERROR };

for (const dialect of DIALECTS) {
  describe(`routing dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });

    describe('cross-listener redirects', () => {
      const id = randomUUID();
      const toAdmin: [string, string][] = [
        ['GET', '/identities?page=1&per_page=2'],
        ['POST', '/identities'],
        ['GET', `/identities/${id}?include_credential=oidc`],
        ['PUT', `/identities/${id}`],
        ['DELETE', `/identities/${id}`],
        ['DELETE', `/identities/${id}/sessions`],
        ['POST', '/recovery/link'],
      ];
      for (const [method, path] of toAdmin) {
        test(`case=public ${method} ${path} → 307 admin`, async () => {
          const res = await request(method, gh.publicUrl + path.slice(1), {
            headers: method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' },
            body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
          });
          assert.equal(res.status, 307);
          assert.equal(res.headers.get('location'), gh.adminUrl + path.slice(1));
        });
      }

      const toPublic: [string, string][] = [
        ['GET', '/sessions/whoami'],
        ['POST', '/sessions/whoami'],
        ['PUT', '/sessions/whoami'],
        ['PATCH', '/sessions/whoami'],
        ['DELETE', '/sessions/whoami'],
        ['GET', '/schemas/default'],
        ['GET', '/self-service/errors?id=stub:500'],
        ['GET', '/self-service/login/browser?refresh=true'],
        ['GET', '/self-service/login/api'],
        ['GET', '/self-service/registration/flows?id=x'],
        ['POST', '/self-service/settings?flow=x'],
        ['GET', '/self-service/recovery/browser'],
        ['GET', '/self-service/verification/api'],
        ['GET', '/self-service/logout/browser'],
        ['GET', '/self-service/logout?token=x'],
        ['DELETE', '/self-service/logout/api'],
      ];
      for (const [method, path] of toPublic) {
        test(`case=admin ${method} ${path} → 307 public`, async () => {
          const res = await request(method, gh.adminUrl + path.slice(1));
          assert.equal(res.status, 307);
          assert.equal(res.headers.get('location'), gh.publicUrl + path.slice(1));
        });
      }

      test('case=the stock client follows public → admin with method and body (type=api)', async () => {
        const api = gh.followingApi(gh.publicUrl);
        const created = await api.adminCreateIdentity({ schema_id: 'default', traits: defaultTraits() });
        assert.equal(created.status, 201);
        assertMatchesOperation('adminCreateIdentity', 201, created.data);
        assert.equal(created.headers.location, `${gh.adminUrl}identities/${created.data.id}`);
        const got = await api.adminGetIdentity(created.data.id);
        assert.equal(got.status, 200);
        assertMatchesOperation('adminGetIdentity', 200, got.data);
        const deleted = await api.adminDeleteIdentity(created.data.id);
        assert.equal(deleted.status, 204);
      });

      test('case=the stock client follows admin → public for whoami (type=api)', async () => {
        const identity = await createIdentity(gh);
        const s = await gh.issueSession(identity.id);
        const res = await gh.followingApi(gh.adminUrl).toSession(s.token);
        assert.equal(res.status, 200);
        assertMatchesOperation('toSession', 200, res.data);
        assert.equal(res.data.id, s.session.id);
      });
    });

    describe('unknown routes', () => {
      for (const listener of ['public', 'admin'] as const) {
        test(`case=${listener} GET of an unknown path answers the router's plain-text 404`, async () => {
          const base = listener === 'public' ? gh.publicUrl : gh.adminUrl;
          for (const path of ['does-not-exist', 'identities/a/b/c', 'sessions', 'health']) {
            const res = await request('GET', base + path);
            assert.equal(res.status, 404, path);
            assert.equal(res.text, '404 page not found\n', path);
            assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
          }
        });
      }

      test('case=admin POST to an unknown path is a plain 404 (no CSRF guard on admin)', async () => {
        const res = await request('POST', `${gh.adminUrl}does-not-exist`, { headers: { 'content-type': 'application/json' }, body: '{}' });
        assert.equal(res.status, 404);
        assert.equal(res.text, '404 page not found\n');
      });

      test('case=public POST to an unknown path without CSRF token answers 403 security_csrf_violation', async () => {
        const variants: Record<string, string>[] = [{}, { cookie: 'a=b' }, { 'content-type': 'application/json' }];
        for (const headers of variants) {
          const res = await request('POST', `${gh.publicUrl}does-not-exist`, { headers, body: '{}' });
          assert.equal(res.status, 403, JSON.stringify(headers));
          assertErrorEnvelope(403, res.json);
          assert.deepEqual(res.json, CSRF_ENVELOPE);
        }
        const del = await request('DELETE', `${gh.publicUrl}does-not-exist`);
        assert.equal(del.status, 403);
        assert.deepEqual(del.json, CSRF_ENVELOPE);
      });

      test(
        'case=error envelopes are served as application/json without charset (README wire conventions)',
        async () => {
          const csrf = await request('POST', `${gh.publicUrl}does-not-exist`, { body: '{}' });
          assert.equal(csrf.status, 403);
          assert.equal(csrf.headers.get('content-type'), 'application/json');
          const notFound = await request('GET', `${gh.adminUrl}identities/${randomUUID()}`);
          assert.equal(notFound.status, 404);
          assert.equal(notFound.headers.get('content-type'), 'application/json');
        },
      );

      test('case=public HEAD/OPTIONS to an unknown path is a 404, not a CSRF error', async () => {
        for (const method of ['HEAD', 'OPTIONS']) {
          const res = await request(method, `${gh.publicUrl}does-not-exist`);
          assert.equal(res.status, 404, method);
        }
      });
    });

    describe('response headers', () => {
      test('case=public routes carry Vary: Cookie and no-cache; whoami and health only Vary / nothing', async () => {
        const cached: string[] = ['schemas', 'schemas/default', 'self-service/errors?id=stub:500', 'does-not-exist'];
        for (const path of cached) {
          const res = await request('GET', gh.publicUrl + path);
          assert.match(res.headers.get('vary') ?? '', /\bCookie\b/, path);
          // Only routes the server registers set Cache-Control; the router's 404 does not.
          assert.equal(res.headers.get('cache-control'), res.status === 404 ? null : NO_CACHE, path);
        }
        const whoami = await request('GET', `${gh.publicUrl}sessions/whoami`);
        assert.match(whoami.headers.get('vary') ?? '', /\bCookie\b/);
        assert.equal(whoami.headers.get('cache-control'), null);
        for (const path of ['health/alive', 'health/ready']) {
          const res = await request('GET', gh.publicUrl + path);
          assert.equal(res.headers.get('vary'), null, path);
          assert.equal(res.headers.get('cache-control'), null, path);
        }
      });

      test('case=admin routes never set Cache-Control or Vary: Cookie', async () => {
        for (const path of ['identities', 'version', 'health/ready', `identities/${randomUUID()}`]) {
          const res = await request('GET', gh.adminUrl + path);
          assert.equal(res.headers.get('cache-control'), null, path);
          assert.doesNotMatch(res.headers.get('vary') ?? '', /\bCookie\b/, path);
        }
      });

      test('case=X-Request-ID is echoed into error.request', async () => {
        const res = await request('GET', `${gh.adminUrl}identities/${randomUUID()}`, { headers: { 'x-request-id': 'req-42' } });
        assert.equal(res.status, 404);
        assertMatchesOperation('adminGetIdentity', 404, res.json);
        assert.equal((res.json as { error: { request: string } }).error.request, 'req-42');
        const without = await request('GET', `${gh.adminUrl}identities/${randomUUID()}`);
        assert.equal('request' in (without.json as { error: object }).error, false);
        const bad = await request('POST', `${gh.adminUrl}identities`, {
          headers: { 'x-request-id': 'req-43', 'content-type': 'application/json' },
          body: JSON.stringify({ schema_id: 'nope', traits: {} }),
        });
        assert.equal(bad.status, 400);
        assert.equal((bad.json as { error: { request: string } }).error.request, 'req-43');
      });

      test('case=CORS is off by default', async () => {
        const res = await request('GET', `${gh.publicUrl}schemas`, { headers: { origin: 'http://allowed.example' } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('access-control-allow-origin'), null);
      });
    });
  });

  describe(`cors dialect=${dialect}`, () => {
    const gh = useGatehouse({
      dialect,
      config: { serve: { public: { cors: { enabled: true, allowed_origins: ['http://allowed.example', 'https://*.wild.example'] } } } },
    });

    test(
      'case=an allowed origin is echoed with credentials',
      async () => {
        for (const origin of ['http://allowed.example', 'https://a.wild.example']) {
          const res = await request('GET', `${gh.publicUrl}schemas`, { headers: { origin } });
          assert.equal(res.status, 200);
          assert.equal(res.headers.get('access-control-allow-origin'), origin);
          assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
          assert.match(res.headers.get('access-control-expose-headers') ?? '', /Content-Type/i);
          assert.match(res.headers.get('vary') ?? '', /\bOrigin\b/);
        }
      },
    );

    test('case=a disallowed origin gets no CORS headers', async () => {
      for (const origin of ['http://evil.example', 'http://allowed.example.evil', 'https://wild.example']) {
        const res = await request('GET', `${gh.publicUrl}schemas`, { headers: { origin } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('access-control-allow-origin'), null, origin);
        assert.equal(res.headers.get('access-control-allow-credentials'), null, origin);
      }
    });

    test('case=preflight of an allowed origin', async () => {
      const res = await request('OPTIONS', `${gh.publicUrl}sessions/whoami`, {
        headers: {
          origin: 'http://allowed.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'X-Session-Token',
        },
      });
      assert.ok(res.status >= 200 && res.status < 300, `preflight answered ${res.status}`);
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://allowed.example');
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /GET/);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /X-Session-Token/i);
    });

    test('case=preflight of a disallowed origin', async () => {
      const res = await request('OPTIONS', `${gh.publicUrl}sessions/whoami`, {
        headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    });

    test('case=whoami with a session through CORS (type=spa)', async () => {
      const identity = await createIdentity(gh);
      const s = await gh.issueSession(identity.id);
      const res = await request('GET', `${gh.publicUrl}sessions/whoami`, {
        headers: { origin: 'http://allowed.example', cookie: `ory_kratos_session=${s.cookie}` },
      });
      assert.equal(res.status, 200);
      assertMatchesOperation('toSession', 200, res.json);
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://allowed.example');
    });

    test('case=the admin listener has no CORS', async () => {
      const res = await request('GET', `${gh.adminUrl}identities`, { headers: { origin: 'http://allowed.example' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    });
  });
}
