/**
 * `adminListIdentities` and `listIdentitySchemas` pagination (api.md §1.5, §9.1, §11.1):
 * `X-Total-Count` and the exact `Link` header for several page/per_page/total combinations.
 * Expected headers are written out by hand from the §1.5 rules, not computed by the code under test.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { assertMatchesOperation } from '../helpers/openapi.js';
import { createIdentity, DIALECTS, request, useGatehouse } from '../helpers/server.js';

type Rel = [rel: string, page: number, perPage: number];

function link(base: string, rels: Rel[]): string {
  return rels.map(([rel, page, perPage]) => `<${base}?page=${page}&per_page=${perPage}>; rel="${rel}"`).join(',');
}

for (const dialect of DIALECTS) {
  describe(`pagination dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });
    let ids: string[] = [];
    let base: string;
    before(() => {
      base = `${gh.adminUrl}identities`;
    });

    test('case=empty list', async () => {
      const res = await gh.adminApi.adminListIdentities();
      assert.equal(res.status, 200);
      assertMatchesOperation('adminListIdentities', 200, res.data);
      assert.deepEqual(res.data, []);
      assert.equal(res.headers['x-total-count'], '0');
      assert.equal(
        res.headers.link,
        link(base, [
          ['first', 0, 250],
          ['next', 1, 250],
          ['prev', -1, 250],
        ]),
      );
    });

    test('case=five identities', async () => {
      for (let i = 0; i < 5; i++) ids.push((await createIdentity(gh)).id);
      // Identities are listed by id descending (identity.md §7).
      ids = ids.sort().reverse();
      const res = await gh.adminApi.adminListIdentities();
      assert.equal(res.status, 200);
      assertMatchesOperation('adminListIdentities', 200, res.data);
      assert.deepEqual(
        res.data.map((i) => i.id),
        ids,
      );
      for (const i of res.data) {
        assert.equal('credentials' in i, false, 'lists never carry credentials');
        assert.equal(i.verifiable_addresses?.length, 1, 'lists carry addresses');
        assert.equal(i.recovery_addresses?.length, 1);
      }
      assert.equal(res.headers['x-total-count'], '5');
      // total < per_page: only `first`, whose per_page is the total.
      assert.equal(res.headers.link, link(base, [['first', 0, 5]]));
    });

    const combos: [perPage: number, page: number, rels: Rel[], items: [from: number, to: number]][] = [
      [2, 0, [['next', 1, 2], ['last', 2, 2]], [0, 2]],
      [
        2,
        1,
        [
          ['first', 0, 2],
          ['next', 2, 2],
          ['prev', 0, 2],
          ['last', 2, 2],
        ],
        [2, 4],
      ],
      [2, 2, [['first', 0, 2], ['prev', 1, 2]], [4, 5]],
      [2, 3, [['first', 0, 2], ['prev', 1, 2]], [5, 5]],
      [10, 0, [['first', 0, 5]], [0, 5]],
      [5, 0, [['first', 0, 5], ['prev', -1, 5]], [0, 5]],
      [1, 0, [['next', 1, 1], ['last', 4, 1]], [0, 1]],
      [
        1,
        2,
        [
          ['first', 0, 1],
          ['next', 3, 1],
          ['prev', 1, 1],
          ['last', 4, 1],
        ],
        [2, 3],
      ],
      [1, 4, [['first', 0, 1], ['prev', 3, 1]], [4, 5]],
    ];
    for (const [perPage, page, rels, [from, to]] of combos) {
      test(`case=per_page=${perPage} page=${page} of 5`, async () => {
        const res = await gh.adminApi.adminListIdentities(perPage, page);
        assert.equal(res.status, 200);
        assertMatchesOperation('adminListIdentities', 200, res.data);
        assert.equal(res.headers['x-total-count'], '5');
        assert.equal(res.headers.link, link(base, rels));
        assert.deepEqual(
          res.data.map((i) => i.id),
          ids.slice(from, to),
        );
      });
    }

    test('case=page 0 and page 1 differ and following next never repeats an identity (upstream bug: 1-based paginator served page 0 and page 1 identically)', async () => {
      const p0 = await gh.adminApi.adminListIdentities(2, 0);
      const p1 = await gh.adminApi.adminListIdentities(2, 1);
      assert.notDeepEqual(
        p0.data.map((i) => i.id),
        p1.data.map((i) => i.id),
      );
      const seen: string[] = [];
      let url: string | undefined = `${base}?page=0&per_page=2`;
      for (let hops = 0; url && hops < 10; hops++) {
        const res = await request('GET', url);
        assert.equal(res.status, 200);
        assertMatchesOperation('adminListIdentities', 200, res.json);
        const pageIds = (res.json as { id: string }[]).map((i) => i.id);
        for (const id of pageIds) assert.ok(!seen.includes(id), `identity ${id} served twice while following next`);
        seen.push(...pageIds);
        url = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
      }
      assert.deepEqual(seen, ids);
    });

    const clamped: [query: string, rels: Rel[], count: number][] = [
      ['per_page=0', [['next', 1, 1], ['last', 4, 1]], 1],
      ['per_page=-5', [['next', 1, 1], ['last', 4, 1]], 1],
      ['per_page=5000', [['first', 0, 5]], 5],
      ['per_page=abc', [['first', 0, 5]], 5],
      ['page=-3&per_page=2', [['next', 1, 2], ['last', 2, 2]], 2],
      ['page=abc&per_page=2', [['next', 1, 2], ['last', 2, 2]], 2],
    ];
    for (const [query, rels, count] of clamped) {
      test(`case=${query} is clamped as in §1.5`, async () => {
        const res = await request('GET', `${base}?${query}`);
        assert.equal(res.status, 200);
        assertMatchesOperation('adminListIdentities', 200, res.json);
        assert.equal(res.headers.get('link'), link(base, rels));
        assert.equal((res.json as unknown[]).length, count);
      });
    }

    describe('listIdentitySchemas', () => {
      // Configured: `other`, then `default` last (the harness's identity.schemas has one entry).
      let schemasBase: string;
      before(() => {
        schemasBase = `${gh.publicUrl}schemas`;
      });

      test('case=default page', async () => {
        const res = await gh.publicApi.listIdentitySchemas();
        assert.equal(res.status, 200);
        assertMatchesOperation('listIdentitySchemas', 200, res.data);
        assert.deepEqual(
          res.data.map((s) => s.id),
          ['other', 'default'],
        );
        assert.equal(res.headers['x-total-count'], '2');
        assert.equal(res.headers.link, link(schemasBase, [['first', 0, 2]]));
      });

      const schemaCombos: [perPage: number, page: number, rels: Rel[], ids: string[]][] = [
        [1, 0, [['next', 1, 1], ['last', 1, 1]], ['other']],
        [1, 1, [['first', 0, 1], ['prev', 0, 1]], ['default']],
        [2, 0, [['first', 0, 2], ['prev', -1, 2]], ['other', 'default']],
      ];
      for (const [perPage, page, rels, expected] of schemaCombos) {
        test(`case=per_page=${perPage} page=${page} of 2 schemas`, async () => {
          const res = await gh.publicApi.listIdentitySchemas(perPage, page);
          assert.equal(res.status, 200);
          assertMatchesOperation('listIdentitySchemas', 200, res.data);
          assert.equal(res.headers['x-total-count'], '2');
          assert.equal(res.headers.link, link(schemasBase, rels));
          assert.deepEqual(
            res.data.map((s) => s.id),
            expected,
          );
        });
      }

      test('case=a page past the end is an empty array (upstream bug: answered the JSON literal null)', async () => {
        const res = await request('GET', `${schemasBase}?page=5&per_page=1`);
        assert.equal(res.status, 200);
        assert.equal(res.text, '[]\n');
        assertMatchesOperation('listIdentitySchemas', 200, res.json);
      });
    });
  });
}
