/**
 * Malformed requests to the admin identity endpoints (api.md §9): every one answers a JSON
 * error envelope — never a 500, never a stack trace in the body or the server log — and
 * writes nothing (identity count and the target identity are unchanged).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { assertErrorResponse, assertMatchesOperation } from '../helpers/openapi.js';
import {
  createIdentity,
  defaultTraits,
  DIALECTS,
  identityCount,
  type RawResponse,
  request,
  useGatehouse,
} from '../helpers/server.js';


const JSON_HEADERS = { 'content-type': 'application/json' };
const MIB = 1024 * 1024;

interface BadBody {
  name: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  status: number;
  /** `error.code` when the spec says it differs from the HTTP status. */
  bodyCode?: number;
  check?: (res: RawResponse) => void;
}

const reason = (expected: string) => (res: RawResponse) =>
  assert.equal((res.json as { error: { reason?: string } }).error.reason, expected);
const message = (expected: string) => (res: RawResponse) =>
  assert.equal((res.json as { error: { message?: string } }).error.message, expected);
const reasonStartsWith = (prefix: string) => (res: RawResponse) =>
  assert.ok(
    ((res.json as { error: { reason?: string } }).error.reason ?? '').startsWith(prefix),
    `reason should start with ${prefix}: ${res.text}`,
  );

/** Bodies that are wrong for both POST /identities and PUT /identities/{id}. */
function badBodies(kind: 'create' | 'update'): BadBody[] {
  const t = () => defaultTraits();
  const json = (v: unknown) => JSON.stringify(v);
  // api.md §9.2: an unknown field is a plain decoder error → HTTP 400 with body code 500 on
  // create (§1.2 note). On update upstream answered HTTP 500; Gatehouse answers 400 there.
  const out: BadBody[] = [
    // Wrong JSON types.
    { name: 'schema_id: 1', body: json({ schema_id: 1, traits: t() }), status: 400 },
    { name: 'schema_id: ["default"]', body: json({ schema_id: ['default'], traits: t() }), status: 400 },
    { name: 'state: true', body: json({ schema_id: 'default', state: true, traits: t() }), status: 400 },
    {
      name: 'state: "deleted"',
      body: json({ schema_id: 'default', state: 'deleted', traits: t() }),
      status: 400,
      check: reason('identity state is not valid'),
    },
    {
      name: 'state: "ACTIVE"',
      body: json({ schema_id: 'default', state: 'ACTIVE', traits: t() }),
      status: 400,
      check: reason('identity state is not valid'),
    },
    {
      name: 'traits: "x"',
      body: json({ schema_id: 'default', state: 'active', traits: 'x' }),
      status: 400,
      check: reason('I[#/traits] S[#/properties/traits/type] expected object, but got string'),
    },
    { name: 'traits: 1', body: json({ schema_id: 'default', state: 'active', traits: 1 }), status: 400, check: reasonStartsWith('I[#/traits]') },
    { name: 'traits: []', body: json({ schema_id: 'default', state: 'active', traits: [] }), status: 400, check: reasonStartsWith('I[#/traits]') },
    { name: 'traits: null', body: json({ schema_id: 'default', state: 'active', traits: null }), status: 400 },
    // Missing fields.
    { name: 'empty object', body: '{}', status: 400 },
    { name: 'no traits', body: json({ schema_id: 'default', state: 'active' }), status: 400 },
    // Unknown fields.
    ...['id', 'schema_url', 'credentials', 'metadata_public', 'verifiable_addresses', 'created_at'].map(
      (field): BadBody => ({
        name: `unknown field ${field}`,
        body: json({ schema_id: 'default', state: 'active', traits: t(), [field]: field === 'id' ? randomUUID() : {} }),
        status: 400,
        check: message(`json: unknown field "${field}"`),
      }),
    ),
    // Not JSON, or not an object.
    { name: 'broken JSON', body: '{"schema_id":', status: 400 },
    { name: 'single quotes', body: "{'schema_id':'default'}", status: 400 },
    { name: 'bare word', body: 'nul', status: 400 },
    { name: 'array', body: '[]', status: 400 },
    { name: 'array of a valid body', body: json([{ schema_id: 'default', state: 'active', traits: t() }]), status: 400 },
    { name: 'string', body: '"identity"', status: 400 },
    { name: 'number', body: '42', status: 400 },
    { name: 'empty body', body: '', status: 400 },
    { name: 'whitespace body', body: '   \n', status: 400 },
    // `{"<FF><FE>":1}`: invalid UTF-8 decodes to U+FFFD (as Go's decoder does), so it is an unknown field.
    {
      name: 'invalid UTF-8 in a key',
      body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      status: 400,
      check: message('json: unknown field "\ufffd\ufffd"'),
    },
    // Wrong media type (a valid JSON document in it).
    {
      name: 'Content-Type text/plain',
      body: json({ schema_id: 'default', state: 'active', traits: t() }),
      headers: { 'content-type': 'text/plain' },
      status: 415,
    },
    {
      name: 'Content-Type form',
      body: 'schema_id=default&traits.email=a%40b.c',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
    },
    {
      name: 'Content-Type multipart',
      body: '--x\r\nContent-Disposition: form-data; name="schema_id"\r\n\r\ndefault\r\n--x--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      status: 415,
    },
    // Over 1 MiB.
    {
      name: 'body over 1 MiB',
      body: json({ schema_id: 'default', state: 'active', traits: { ...t(), pad: 'x'.repeat(MIB + 16) } }),
      status: 413,
    },
  ];
  return out;
}

for (const dialect of DIALECTS) {
  describe(`badinput identities dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });
    let seed: Record<string, unknown> & { id: string };
    let seedFull: unknown;
    before(async () => {
      seed = await createIdentity(gh);
      seedFull = (await request('GET', `${gh.adminUrl}identities/${seed.id}`)).json;
    });

    async function assertUnchanged(count: number): Promise<void> {
      assert.equal(await identityCount(gh), count, 'the identity count changed');
      const now = await request('GET', `${gh.adminUrl}identities/${seed.id}`);
      assert.deepEqual(now.json, seedFull, 'the seed identity changed');
    }

    describe('adminCreateIdentity', () => {
      for (const c of badBodies('create')) {
        test(`case=${c.name}`, async () => {
          const count = await identityCount(gh);
          const res = await request('POST', `${gh.adminUrl}identities`, { headers: c.headers ?? JSON_HEADERS, body: c.body });
          assertErrorResponse(res, c.status, c.bodyCode);
          if (res.status === 400) assertMatchesOperation('adminCreateIdentity', 400, res.json);
          c.check?.(res);
          await assertUnchanged(count);
        });
      }
    });

    describe('adminUpdateIdentity', () => {
      for (const c of badBodies('update')) {
        test(`case=${c.name}`, async () => {
          const count = await identityCount(gh);
          const res = await request('PUT', `${gh.adminUrl}identities/${seed.id}`, { headers: c.headers ?? JSON_HEADERS, body: c.body });
          assertErrorResponse(res, c.status, c.bodyCode);
          if (res.status === 400) assertMatchesOperation('adminUpdateIdentity', 400, res.json);
          c.check?.(res);
          await assertUnchanged(count);
        });
      }
    });

    describe('media type parameters', () => {
      // api.md §1.1: the media type is compared without parameters (control case for the 415s above).
      for (const contentType of ['application/json; charset=utf-8', 'Application/JSON']) {
        test(`case=Content-Type ${contentType} is accepted`, async () => {
          const count = await identityCount(gh);
          const res = await request('POST', `${gh.adminUrl}identities`, {
            headers: { 'content-type': contentType },
            body: JSON.stringify({ schema_id: 'default', traits: defaultTraits() }),
          });
          assert.equal(res.status, 201, res.text);
          assertMatchesOperation('adminCreateIdentity', 201, res.json);
          assert.equal(await identityCount(gh), count + 1);
        });
      }
    });

    describe('invalid ids in paths', () => {
      const badIds = [
        'not-a-uuid',
        '00000000-0000-0000-0000-00000000000g',
        `${randomUUID()}x`,
        '%00',
        '%27%20OR%201%3D1--',
        '..%2F..%2Fversion',
        'a'.repeat(2000),
      ];
      for (const id of badIds) {
        const label = id.length > 60 ? `${id.slice(0, 20)}…(${id.length})` : id;
        test(`case=GET /identities/${label} answers 404`, async () => {
          const res = await request('GET', `${gh.adminUrl}identities/${id}`);
          assertErrorResponse(res, 404);
          assertMatchesOperation('adminGetIdentity', 404, res.json);
        });

        test(`case=PUT /identities/${label} answers 404 and writes nothing`, async () => {
          const count = await identityCount(gh);
          const res = await request('PUT', `${gh.adminUrl}identities/${id}`, {
            headers: JSON_HEADERS,
            body: JSON.stringify({ schema_id: 'default', state: 'active', traits: defaultTraits() }),
          });
          assertErrorResponse(res, 404);
          assertMatchesOperation('adminUpdateIdentity', 404, res.json);
          await assertUnchanged(count);
        });

        test(`case=DELETE /identities/${label} answers 404 and deletes nothing`, async () => {
          const count = await identityCount(gh);
          const res = await request('DELETE', `${gh.adminUrl}identities/${id}`);
          assertErrorResponse(res, 404);
          assertMatchesOperation('adminDeleteIdentity', 404, res.json);
          await assertUnchanged(count);
        });
      }

      test('case=an upper-case UUID names the same identity', async () => {
        const res = await request('GET', `${gh.adminUrl}identities/${seed.id.toUpperCase()}`);
        assert.equal(res.status, 200);
        assertMatchesOperation('adminGetIdentity', 200, res.json);
        assert.equal((res.json as { id: string }).id, seed.id);
      });
    });

    describe('adminGetIdentity query', () => {
      for (const value of ['OIDC', 'password', 'oidc,password', 'x'.repeat(5000)]) {
        const label = value.length > 40 ? `${value.slice(0, 10)}…(${value.length})` : value;
        test(`case=include_credential=${label} answers 400`, async () => {
          const res = await request('GET', `${gh.adminUrl}identities/${seed.id}?include_credential=${encodeURIComponent(value)}`);
          assertErrorResponse(res, 400);
          assertMatchesOperation('adminGetIdentity', 400, res.json);
          assert.equal(
            (res.json as { error: { reason: string } }).error.reason,
            `Invalid value \`${value}\` for parameter \`include_credential\`.`,
          );
        });
      }

      test('case=an empty include_credential is ignored', async () => {
        const res = await request('GET', `${gh.adminUrl}identities/${seed.id}?include_credential=`);
        assert.equal(res.status, 200);
        assertMatchesOperation('adminGetIdentity', 200, res.json);
      });
    });

    describe('adminListIdentities query', () => {
      const queries = [
        'page=99999999999999999999999999',
        'page=9007199254740993&per_page=1000',
        'page=9223372036854775807',
        'page=1000000&per_page=1000',
        'page=1e9',
        'page=0x10',
        'page=%00',
        'per_page=-1',
        'per_page=99999999999999999999',
        'per_page=1.5',
        'page=1&page=2&per_page=1&per_page=2',
        `page=${'9'.repeat(5000)}`,
      ];
      for (const q of queries) {
        const label = q.length > 60 ? `${q.slice(0, 20)}…(${q.length})` : q;
        test(`case=${label} answers a page`, async () => {
          const count = await identityCount(gh);
          const res = await request('GET', `${gh.adminUrl}identities?${q}`);
          assert.equal(res.status, 200, res.text.slice(0, 300));
          assertMatchesOperation('adminListIdentities', 200, res.json);
          assert.equal(res.headers.get('x-total-count'), String(count));
          const link = res.headers.get('link') ?? '';
          assert.ok(link.length > 0, 'Link header missing');
          for (const m of link.matchAll(/<([^>]+)>; rel="(first|next|prev|last)"/g)) {
            const u = new URL(m[1] as string);
            assert.match(u.searchParams.get('page') ?? '', /^-?\d+$/);
            assert.match(u.searchParams.get('per_page') ?? '', /^\d+$/);
            const perPage = Number(u.searchParams.get('per_page'));
            assert.ok(perPage >= 1 && perPage <= 1000, `per_page ${perPage} out of 1..1000`);
          }
        });
      }
    });

    describe('very long header values', () => {
      test('case=an 8 KiB X-Request-ID is echoed', async () => {
        const rid = 'r'.repeat(8 * 1024);
        const res = await request('GET', `${gh.adminUrl}identities/${randomUUID()}`, { headers: { 'x-request-id': rid } });
        assertErrorResponse(res, 404);
        assert.equal((res.json as { error: { request: string } }).error.request, rid);
      });

      test('case=a 64 KiB X-Request-ID on a create still answers the envelope and writes nothing', async () => {
        const count = await identityCount(gh);
        const res = await request('POST', `${gh.adminUrl}identities`, {
          headers: { ...JSON_HEADERS, 'x-request-id': 'r'.repeat(64 * 1024) },
          body: JSON.stringify({ schema_id: 'nope', traits: defaultTraits() }),
        });
        assertErrorResponse(res, 400);
        await assertUnchanged(count);
      });

      test('case=a 64 KiB Content-Type answers 415', async () => {
        const count = await identityCount(gh);
        const res = await request('POST', `${gh.adminUrl}identities`, {
          headers: { 'content-type': `text/plain; x=${'y'.repeat(64 * 1024)}` },
          body: JSON.stringify({ schema_id: 'default', traits: defaultTraits() }),
        });
        assertErrorResponse(res, 415);
        await assertUnchanged(count);
      });
    });
  });
}
