/**
 * `getSelfServiceError`, `isAlive`, `isReady`, `getVersion` (api.md §12, §13).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { assertMatchesOperation } from '../helpers/openapi.js';
import { DIALECTS, request, useGatehouse } from '../helpers/server.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

for (const dialect of DIALECTS) {
  describe(`meta dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });

    describe('getSelfServiceError', () => {
      test('case=stub:500', async () => {
        const res = await gh.publicApi.getSelfServiceError('stub:500');
        assert.equal(res.status, 200);
        assertMatchesOperation('getSelfServiceError', 200, res.data);
        assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
        assert.match(res.data.id, UUID_V4);
        assert.deepEqual(
          { ...res.data, id: 'x' },
          {
            id: 'x',
            error: {
              code: 500,
              status: 'Internal Server Error',
              reason: 'This is a stub error.',
              message: 'An internal server error occurred, please contact the system administrator',
            },
            created_at: '0001-01-01T00:00:00Z',
            updated_at: '0001-01-01T00:00:00Z',
          },
        );
        const again = await gh.publicApi.getSelfServiceError('stub:500');
        assert.notEqual(again.data.id, res.data.id, 'the stub id is random per call');
      });

      test('case=the error query parameter takes precedence over id', async () => {
        const res = await request('GET', `${gh.publicUrl}self-service/errors?id=${randomUUID()}&error=stub:500`);
        assert.equal(res.status, 200);
        assertMatchesOperation('getSelfServiceError', 200, res.json);
      });

      test('case=a stored error', async () => {
        const stored = { code: 403, status: 'Forbidden', reason: 'stored for the test', message: 'The requested action was forbidden' };
        const id = await gh.db.errors.addError('', stored);
        const res = await gh.publicApi.getSelfServiceError(id);
        assert.equal(res.status, 200);
        assertMatchesOperation('getSelfServiceError', 200, res.data);
        assert.equal(res.data.id, id);
        assert.deepEqual(res.data.error, stored);
        // Reading marks it seen, but it stays readable.
        const again = await gh.publicApi.getSelfServiceError(id);
        assert.equal(again.status, 200);
        assert.deepEqual(again.data.error, stored);
      });

      test('case=unknown id answers 404', async () => {
        for (const id of [randomUUID(), 'not-a-uuid', 'stub:404']) {
          const res = await gh.publicApi.getSelfServiceError(id);
          assert.equal(res.status, 404, id);
          assertMatchesOperation('getSelfServiceError', 404, res.data);
        }
      });

      test('case=the admin listener redirects to the public one', async () => {
        const res = await request('GET', `${gh.adminUrl}self-service/errors?id=stub:500`);
        assert.equal(res.status, 307);
        assert.equal(res.headers.get('location'), `${gh.publicUrl}self-service/errors?id=stub:500`);
        const followed = await gh.followingApi(gh.adminUrl).getSelfServiceError('stub:500');
        assert.equal(followed.status, 200);
        assertMatchesOperation('getSelfServiceError', 200, followed.data);
      });
    });

    describe('isAlive / isReady', () => {
      for (const listener of ['public', 'admin'] as const) {
        test(`case=${listener} listener`, async () => {
          const api = listener === 'public' ? gh.publicMetadata : gh.adminMetadata;
          const alive = await api.isAlive();
          assert.equal(alive.status, 200);
          assertMatchesOperation('isAlive', 200, alive.data);
          assert.deepEqual(alive.data, { status: 'ok' });
          const ready = await api.isReady();
          assert.equal(ready.status, 200);
          assertMatchesOperation('isReady', 200, ready.data);
          assert.deepEqual(ready.data, { status: 'ok' });
          for (const r of [alive, ready]) {
            assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
            assert.equal(r.headers['cache-control'], undefined, 'health carries no Cache-Control');
            assert.equal(r.headers.vary, undefined, 'the CSRF middleware is disabled on health paths');
            assert.equal(r.headers['set-cookie'], undefined);
          }
        });
      }
    });

    describe('getVersion', () => {
      test('case=admin answers the API version', async () => {
        const res = await gh.adminMetadata.getVersion();
        assert.equal(res.status, 200);
        assertMatchesOperation('getVersion', 200, res.data);
        assert.deepEqual(res.data, { version: 'v0.8.2-alpha.1' });
      });

      test('case=public does not serve /version', async () => {
        const res = await gh.publicMetadata.getVersion();
        assert.equal(res.status, 404);
        assert.equal(res.data, '404 page not found\n');
      });
    });
  });
}
