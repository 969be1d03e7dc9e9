/**
 * Malformed requests to the public read endpoints — schemas, self-service errors, health — and
 * to the cross-listener redirects (api.md §11–13): JSON envelopes (or the router's plain 404),
 * never a 500, never a stack trace, never a file outside the configured schemas, no writes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertErrorResponse, assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, identityCount, request, useGatehouse } from '../helpers/server.js';


for (const dialect of DIALECTS) {
  describe(`badinput public dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });

    describe('getJsonSchema', () => {
      const ids = [
        '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
        '%2Fetc%2Fpasswd',
        'file:%2F%2F%2Fetc%2Fpasswd',
        '%00',
        'default%00',
        'default%20',
        'DEFAULT',
        'x'.repeat(3000),
      ];
      for (const id of ids) {
        const label = id.length > 60 ? `${id.slice(0, 20)}…(${id.length})` : id;
        test(`case=/schemas/${label} answers 404`, async () => {
          const res = await request('GET', `${gh.publicUrl}schemas/${id}`);
          assertErrorResponse(res, 404);
          assertMatchesOperation('getJsonSchema', 404, res.json);
          assert.doesNotMatch(res.text, /root:/, 'leaked a file');
        });
      }
    });

    describe('listIdentitySchemas query', () => {
      for (const q of ['page=99999999999999999999', 'page=-1&per_page=-1', 'per_page=0', 'page=1e3', `per_page=${'9'.repeat(3000)}`]) {
        const label = q.length > 60 ? `${q.slice(0, 20)}…(${q.length})` : q;
        test(`case=${label} answers a page`, async () => {
          const res = await request('GET', `${gh.publicUrl}schemas?${q}`);
          assert.equal(res.status, 200, res.text.slice(0, 300));
          assertMatchesOperation('listIdentitySchemas', 200, res.json);
          assert.equal(res.headers.get('x-total-count'), '2');
          const link = res.headers.get('link') ?? '';
          assert.match(link, /^<[^>]+>; rel="(first|next|prev|last)"/);
          for (const m of link.matchAll(/<([^>]+)>/g)) {
            const perPage = Number(new URL(m[1] as string).searchParams.get('per_page'));
            assert.ok(perPage >= 1 && perPage <= 1000, `per_page ${perPage} out of 1..1000`);
          }
        });
      }
    });

    describe('getSelfServiceError', () => {
      const queries = ['', 'id=', 'id=%00', 'id=stub%3A501', `id=${'e'.repeat(3000)}`, 'id[]=stub:500', 'error=', "id=' OR 1=1--"];
      for (const q of queries) {
        const label = q.length > 60 ? `${q.slice(0, 20)}…(${q.length})` : q || '(no query)';
        test(`case=${label} answers 404`, async () => {
          const res = await request('GET', `${gh.publicUrl}self-service/errors?${q}`);
          assertErrorResponse(res, 404);
          assertMatchesOperation('getSelfServiceError', 404, res.json);
        });
      }

      test('case=only the first id value is read', async () => {
        const res = await request('GET', `${gh.publicUrl}self-service/errors?id=stub:500&id=nope`);
        assert.equal(res.status, 200);
        assertMatchesOperation('getSelfServiceError', 200, res.json);
      });
    });

    describe('redirect routes', () => {
      test('case=a broken body to a redirected route is not read: 307, and nothing written', async () => {
        const count = await identityCount(gh);
        const res = await request('POST', `${gh.publicUrl}identities`, {
          headers: { 'content-type': 'application/json' },
          body: '{"broken":',
        });
        assert.equal(res.status, 307);
        assert.equal(res.headers.get('location'), `${gh.adminUrl}identities`);
        assert.equal(await identityCount(gh), count);
      });

      test('case=a long query string is carried over unchanged', async () => {
        const q = `page=0&per_page=1&x=${'z'.repeat(4000)}`;
        const res = await request('GET', `${gh.publicUrl}identities?${q}`);
        assert.equal(res.status, 307);
        assert.equal(res.headers.get('location'), `${gh.adminUrl}identities?${q}`);
      });
    });

    describe('unknown routes', () => {
      test('case=odd methods and paths never answer 500', async () => {
        const paths = ['%00', '..%2F..%2Fetc%2Fpasswd', 'identities/%2e%2e', 'a'.repeat(4000), 'sessions/whoami/extra', 'health/ready/x'];
        for (const base of [gh.publicUrl, gh.adminUrl]) {
          for (const path of paths) {
            for (const method of ['GET', 'PATCH']) {
              const res = await request(method, base + path);
              assert.ok(res.status >= 400 && res.status < 500, `${method} ${base}${path.slice(0, 40)} answered ${res.status}`);
              if (res.status === 404) assert.equal(res.text, '404 page not found\n');
              else assertErrorResponse(res, res.status);
            }
          }
        }
      });
    });
  });
}
