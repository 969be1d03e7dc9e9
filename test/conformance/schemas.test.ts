/**
 * `listIdentitySchemas` and `getJsonSchema` (api.md §11, identity.md §4.1) with three
 * configured schemas, so that both the configuration order and the page slicing show.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { assertMatchesOperation } from '../helpers/openapi.js';
import {
  DEFAULT_SCHEMA_PATH,
  DIALECTS,
  OTHER_SCHEMA_PATH,
  request,
  useGatehouse,
} from '../helpers/server.js';

// A third schema, inline as base64:// (identity.md §4.1), listed before `other`.
const THIRD_SCHEMA = Buffer.from(
  JSON.stringify({
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { traits: { type: 'object', properties: { handle: { type: 'string' } } } },
  }),
);

const fileBytes = (p: string) => readFileSync(p);

for (const dialect of DIALECTS) {
  describe(`schemas dialect=${dialect}`, () => {
    const gh = useGatehouse({
      dialect,
      config: {
        identity: {
          schemas: [
            { id: 'third', url: `base64://${THIRD_SCHEMA.toString('base64')}` },
            { id: 'other', url: pathToFileURL(OTHER_SCHEMA_PATH).href },
          ],
        },
      },
    });

    describe('listIdentitySchemas', () => {
      test('case=configuration order with default last, raw documents', async () => {
        const res = await gh.publicApi.listIdentitySchemas();
        assert.equal(res.status, 200);
        assertMatchesOperation('listIdentitySchemas', 200, res.data);
        assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
        assert.equal(res.headers['cache-control'], 'private, no-cache, no-store, must-revalidate');
        assert.equal(res.headers['x-total-count'], '3');
        assert.deepEqual(res.data, [
          { id: 'third', schema: JSON.parse(THIRD_SCHEMA.toString('utf8')) },
          { id: 'other', schema: JSON.parse(fileBytes(OTHER_SCHEMA_PATH).toString('utf8')) },
          { id: 'default', schema: JSON.parse(fileBytes(DEFAULT_SCHEMA_PATH).toString('utf8')) },
        ]);
      });

      test('case=a page holds at most per_page schemas (upstream bug: page n sliced up to (n+1)*per_page items)', async () => {
        const res = await gh.publicApi.listIdentitySchemas(1, 1);
        assert.equal(res.status, 200);
        assertMatchesOperation('listIdentitySchemas', 200, res.data);
        assert.deepEqual(
          res.data.map((s) => s.id),
          ['other'],
        );
        assert.equal(res.headers['x-total-count'], '3');
        const base = `${gh.publicUrl}schemas`;
        // offset 1, last 2: neither branch 1 nor 2 → first, next, prev, last.
        assert.equal(
          res.headers.link,
          `<${base}?page=0&per_page=1>; rel="first",<${base}?page=2&per_page=1>; rel="next",<${base}?page=0&per_page=1>; rel="prev",<${base}?page=2&per_page=1>; rel="last"`,
        );
        const p2 = await gh.publicApi.listIdentitySchemas(2, 1);
        assert.deepEqual(
          p2.data.map((s) => s.id),
          ['default'],
        );
      });

      test('case=the admin listener does not serve the list', async () => {
        const res = await request('GET', `${gh.adminUrl}schemas`);
        assert.equal(res.status, 404);
        assert.equal(res.text, '404 page not found\n');
      });
    });

    describe('getJsonSchema', () => {
      test('case=answers the raw bytes of the schema file', async () => {
        const res = await request('GET', `${gh.publicUrl}schemas/default`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/json');
        assert.equal(res.text, fileBytes(DEFAULT_SCHEMA_PATH).toString('utf8'));
        assertMatchesOperation('getJsonSchema', 200, res.json);
        assert.equal(res.headers.get('cache-control'), 'private, no-cache, no-store, must-revalidate');

        const viaClient = await gh.publicApi.getJsonSchema('other');
        assert.equal(viaClient.status, 200);
        assertMatchesOperation('getJsonSchema', 200, viaClient.data);
        assert.deepEqual(viaClient.data, JSON.parse(fileBytes(OTHER_SCHEMA_PATH).toString('utf8')));

        const third = await request('GET', `${gh.publicUrl}schemas/third`);
        assert.equal(third.status, 200);
        assert.equal(third.text, THIRD_SCHEMA.toString('utf8'));
      });

      test('case=the schema_url of an identity resolves', async () => {
        const res = await gh.adminApi.adminCreateIdentity({ schema_id: 'other', traits: { username: 'schema-url-check' } });
        assert.equal(res.status, 201);
        const doc = await request('GET', res.data.schema_url);
        assert.equal(doc.status, 200);
        assert.equal(doc.text, fileBytes(OTHER_SCHEMA_PATH).toString('utf8'));
      });

      test('case=unknown id answers 404', async () => {
        const res = await gh.publicApi.getJsonSchema('does-not-exist');
        assert.equal(res.status, 404);
        assertMatchesOperation('getJsonSchema', 404, res.data);
      });

      test('case=the admin listener redirects to the public one', async () => {
        const res = await request('GET', `${gh.adminUrl}schemas/default?x=1`);
        assert.equal(res.status, 307);
        assert.equal(res.headers.get('location'), `${gh.publicUrl}schemas/default?x=1`);
        const followed = await gh.followingApi(gh.adminUrl).getJsonSchema('default');
        assert.equal(followed.status, 200);
        assertMatchesOperation('getJsonSchema', 200, followed.data);
      });
    });
  });
}
