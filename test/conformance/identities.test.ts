/**
 * Admin identity management through the real `@ory/kratos-client` (api.md §9, identity.md).
 * Every JSON body is validated against the operation's schema in the upstream OpenAPI document.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { IdentityState, type Identity as WireIdentity } from '@ory/kratos-client';
import { assertMatchesOperation } from '../helpers/openapi.js';
import {
  createIdentity,
  defaultTraits,
  DIALECTS,
  identityCount,
  uniqueEmail,
  useGatehouse,
} from '../helpers/server.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

function assertRecent(time: string | undefined, what: string): void {
  assert.ok(time, `${what} missing`);
  const delta = Math.abs(Date.now() - Date.parse(time));
  assert.ok(delta < 60_000, `${what} = ${time} is not "now"`);
}

for (const dialect of DIALECTS) {
  describe(`identities dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });

    describe('adminCreateIdentity', () => {
      test('case=creates an identity and answers 201 with Location', async () => {
        const traits = defaultTraits();
        const res = await gh.adminApi.adminCreateIdentity({ schema_id: 'default', traits });
        assert.equal(res.status, 201);
        assertMatchesOperation('adminCreateIdentity', 201, res.data);
        assert.equal(res.headers['content-type'], JSON_UTF8);
        const body = res.data;
        assert.equal(res.headers.location, `${gh.adminUrl}identities/${body.id}`);
        assert.equal(body.schema_id, 'default');
        assert.equal(body.schema_url, `${gh.publicUrl}schemas/default`);
        assert.equal(body.state, 'active');
        assertRecent(body.state_changed_at, 'state_changed_at');
        assertRecent(body.created_at, 'created_at');
        assert.deepEqual(body.traits, traits);
        assert.equal('credentials' in body, false, 'create never answers credentials');
        assert.equal(body.verifiable_addresses?.length, 1);
        assert.deepEqual(
          { ...body.verifiable_addresses?.[0], id: undefined, created_at: undefined, updated_at: undefined },
          { id: undefined, value: traits.email, verified: false, via: 'email', status: 'pending', created_at: undefined, updated_at: undefined },
        );
        assert.equal(body.recovery_addresses?.length, 1);
        assert.equal(body.recovery_addresses?.[0]?.value, traits.email);
        assert.equal(body.recovery_addresses?.[0]?.via, 'email');
      });

      test('case=state inactive is kept', async () => {
        const res = await gh.adminApi.adminCreateIdentity({ schema_id: 'default', traits: defaultTraits(), state: IdentityState.Inactive });
        assert.equal(res.status, 201);
        assertMatchesOperation('adminCreateIdentity', 201, res.data);
        assert.equal(res.data.state, 'inactive');
        assertRecent(res.data.state_changed_at, 'state_changed_at');
      });

      test('case=empty schema_id means default', async () => {
        const res = await gh.adminApi.adminCreateIdentity({ schema_id: '', traits: defaultTraits() });
        assert.equal(res.status, 201);
        assertMatchesOperation('adminCreateIdentity', 201, res.data);
        assert.equal(res.data.schema_id, 'default');
        assert.equal(res.data.schema_url, `${gh.publicUrl}schemas/default`);
      });

      test('case=another configured schema; address lists are omitted when empty', async () => {
        const res = await gh.adminApi.adminCreateIdentity({ schema_id: 'other', traits: { username: `svc-${randomUUID()}` } });
        assert.equal(res.status, 201);
        assertMatchesOperation('adminCreateIdentity', 201, res.data);
        assert.equal(res.data.schema_id, 'other');
        assert.equal(res.data.schema_url, `${gh.publicUrl}schemas/other`);
        assert.equal('verifiable_addresses' in res.data, false);
        assert.equal('recovery_addresses' in res.data, false);
      });

      test('case=duplicate identifier answers 409 and writes nothing', async () => {
        const email = uniqueEmail('dup');
        const first = await gh.adminApi.adminCreateIdentity({ schema_id: 'default', traits: defaultTraits(email) });
        assert.equal(first.status, 201);
        const before = await identityCount(gh);
        const res = await gh.adminApi.adminCreateIdentity({ schema_id: 'default', traits: defaultTraits(email) });
        assert.equal(res.status, 409);
        assertMatchesOperation('adminCreateIdentity', 409, res.data);
        assert.equal(await identityCount(gh), before);
      });

      test('case=password identifiers are case-insensitive, so a case variant is a duplicate too', async () => {
        const email = uniqueEmail('case');
        assert.equal((await gh.adminApi.adminCreateIdentity({ schema_id: 'default', traits: defaultTraits(email) })).status, 201);
        const res = await gh.adminApi.adminCreateIdentity({ schema_id: 'default', traits: defaultTraits(email.toUpperCase()) });
        assert.equal(res.status, 409);
        assertMatchesOperation('adminCreateIdentity', 409, res.data);
      });

      test('case=unknown schema_id answers 400', async () => {
        const before = await identityCount(gh);
        const res = await gh.adminApi.adminCreateIdentity({ schema_id: 'does-not-exist', traits: defaultTraits() });
        assert.equal(res.status, 400);
        assertMatchesOperation('adminCreateIdentity', 400, res.data);
        assert.equal((res.data as unknown as { error: { reason: string } }).error.reason, 'Unable to find JSON Schema ID: does-not-exist');
        assert.equal(await identityCount(gh), before);
      });

      const invalid: [string, object, string][] = [
        [
          'wrong type',
          { email: uniqueEmail('t'), name: { first: 1 } },
          'I[#/traits/name/first] S[#/properties/traits/properties/name/properties/first/type] expected string, but got number',
        ],
        ['missing required property', { name: { first: 'a' } }, 'I[#/traits] S[#/properties/traits/required] missing properties: "email"'],
        [
          'additional property',
          { email: uniqueEmail('a'), bar: 1 },
          'I[#/traits] S[#/properties/traits/additionalProperties] additionalProperties "bar" not allowed',
        ],
      ];
      for (const [name, traits, reason] of invalid) {
        test(`case=invalid traits (${name}) answer 400 with the validator text`, async () => {
          const before = await identityCount(gh);
          const res = await gh.adminApi.adminCreateIdentity({ schema_id: 'default', traits });
          assert.equal(res.status, 400);
          assertMatchesOperation('adminCreateIdentity', 400, res.data);
          assert.equal((res.data as unknown as { error: { reason: string } }).error.reason, reason);
          assert.equal(await identityCount(gh), before);
        });
      }
    });

    describe('adminGetIdentity', () => {
      test('case=answers the identity with credential metadata but no config', async () => {
        const traits = defaultTraits(uniqueEmail('Get'));
        const created = await createIdentity(gh, { traits });
        const res = await gh.adminApi.adminGetIdentity(created.id);
        assert.equal(res.status, 200);
        assertMatchesOperation('adminGetIdentity', 200, res.data);
        assert.equal(res.headers['content-type'], JSON_UTF8);
        const { credentials, ...rest } = res.data;
        assert.deepEqual(rest, created);
        assert.deepEqual(Object.keys(credentials ?? {}), ['password']);
        const pw = credentials?.password as Record<string, unknown>;
        assert.equal(pw.type, 'password');
        assert.deepEqual(pw.identifiers, [traits.email.toLowerCase()]);
        assert.equal('config' in pw, false);
      });

      test(
        'case=include_credential=oidc declassifies only the oidc config, with tokens decrypted',
        async () => {
          const created = await createIdentity(gh);
          // No HTTP flow can link a provider yet: store the credential as the OIDC strategy would
          // (noop cipher: hex of the plain token, identity.md §3.2).
          const identity = await gh.db.identities.getIdentity(created.id, { withCredentials: true });
          const now = new Date();
          const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
          identity.credentials = {
            ...identity.credentials,
            oidc: {
              id: randomUUID(),
              type: 'oidc',
              identifiers: ['google:1234'],
              config: {
                providers: [
                  {
                    subject: '1234',
                    provider: 'google',
                    initial_id_token: hex('id-token'),
                    initial_access_token: hex('access-token'),
                    initial_refresh_token: '',
                  },
                ],
              },
              createdAt: now,
              updatedAt: now,
            },
          };
          await gh.db.identities.updateIdentity(identity);

          const plain = await gh.adminApi.adminGetIdentity(created.id);
          assert.equal(plain.status, 200);
          assertMatchesOperation('adminGetIdentity', 200, plain.data);
          assert.deepEqual(Object.keys(plain.data.credentials ?? {}).sort(), ['oidc', 'password']);
          for (const c of Object.values(plain.data.credentials ?? {})) assert.equal('config' in c, false);

          const res = await gh.adminApi.adminGetIdentity(created.id, ['oidc']);
          assert.equal(res.status, 200);
          assertMatchesOperation('adminGetIdentity', 200, res.data);
          const creds = res.data.credentials as Record<string, Record<string, unknown>>;
          assert.equal('config' in (creds.password ?? {}), false);
          assert.deepEqual(creds.oidc?.identifiers, ['google:1234']);
          assert.deepEqual(creds.oidc?.config, {
            providers: [
              {
                subject: '1234',
                provider: 'google',
                initial_id_token: 'id-token',
                initial_access_token: 'access-token',
                initial_refresh_token: '',
              },
            ],
          });
        },
      );

      test('case=include_credential other than oidc answers 400', async () => {
        const created = await createIdentity(gh);
        const res = await gh.adminApi.adminGetIdentity(created.id, ['password']);
        assert.equal(res.status, 400);
        assertMatchesOperation('adminGetIdentity', 400, res.data);
        assert.equal(
          (res.data as unknown as { error: { reason: string } }).error.reason,
          'Invalid value `password` for parameter `include_credential`.',
        );
      });

      test('case=only the first include_credential value is read', async () => {
        const created = await createIdentity(gh);
        const ok = await gh.adminApi.adminGetIdentity(created.id, ['oidc', 'password']);
        assert.equal(ok.status, 200);
        assertMatchesOperation('adminGetIdentity', 200, ok.data);
        const bad = await gh.adminApi.adminGetIdentity(created.id, ['password', 'oidc']);
        assert.equal(bad.status, 400);
        assertMatchesOperation('adminGetIdentity', 400, bad.data);
      });

      test('case=unknown id answers 404', async () => {
        const res = await gh.adminApi.adminGetIdentity(randomUUID());
        assert.equal(res.status, 404);
        assertMatchesOperation('adminGetIdentity', 404, res.data);
        assert.equal((res.data as unknown as { error: { message: string } }).error.message, 'Unable to locate the resource');
      });

      test('case=an id that is not a UUID answers 404', async () => {
        const res = await gh.adminApi.adminGetIdentity('not-a-uuid');
        assert.equal(res.status, 404);
        assertMatchesOperation('adminGetIdentity', 404, res.data);
      });
    });

    describe('adminUpdateIdentity', () => {
      test('case=traits are replaced as a whole and derived data recomputed', async () => {
        const created = await createIdentity(gh);
        const newEmail = uniqueEmail('new');
        const res = await gh.adminApi.adminUpdateIdentity(created.id, {
          schema_id: 'default',
          state: IdentityState.Active,
          traits: { email: newEmail },
        });
        assert.equal(res.status, 200);
        assertMatchesOperation('adminUpdateIdentity', 200, res.data);
        assert.equal(res.headers['content-type'], JSON_UTF8);
        assert.deepEqual(res.data.traits, { email: newEmail }, 'name must be gone: traits are replaced, not merged');
        assert.equal('credentials' in res.data, false);
        assert.deepEqual(res.data.verifiable_addresses?.map((a) => a.value), [newEmail]);
        assert.deepEqual(res.data.recovery_addresses?.map((a) => a.value), [newEmail]);
        assert.equal(res.data.state_changed_at, created.state_changed_at, 'state unchanged → state_changed_at unchanged');
        assert.ok(Date.parse(res.data.updated_at as string) >= Date.parse(created.updated_at as string));

        const got = await gh.adminApi.adminGetIdentity(created.id);
        assertMatchesOperation('adminGetIdentity', 200, got.data);
        assert.deepEqual(got.data.traits, { email: newEmail });
        assert.deepEqual((got.data.credentials?.password as { identifiers: string[] }).identifiers, [newEmail.toLowerCase()]);
      });

      test('case=addresses whose value did not change keep their id', async () => {
        const traits = defaultTraits();
        const created = (await createIdentity(gh, { traits })) as unknown as WireIdentity;
        const res = await gh.adminApi.adminUpdateIdentity(created.id, {
          state: IdentityState.Active,
          traits: { ...traits, name: { first: 'Changed' } },
        });
        assert.equal(res.status, 200);
        assertMatchesOperation('adminUpdateIdentity', 200, res.data);
        assert.equal(res.data.verifiable_addresses?.[0]?.id, created.verifiable_addresses?.[0]?.id);
        assert.equal(res.data.recovery_addresses?.[0]?.id, created.recovery_addresses?.[0]?.id);
      });

      test('case=a state change sets state_changed_at; an empty state keeps the state', async () => {
        const created = await createIdentity(gh);
        await new Promise((r) => setTimeout(r, 20));
        const res = await gh.adminApi.adminUpdateIdentity(created.id, {
          state: IdentityState.Inactive,
          traits: created.traits as object,
        });
        assert.equal(res.status, 200);
        assertMatchesOperation('adminUpdateIdentity', 200, res.data);
        assert.equal(res.data.state, 'inactive');
        assert.ok(
          Date.parse(res.data.state_changed_at as string) > Date.parse(created.state_changed_at as string),
          `state_changed_at must move: ${String(created.state_changed_at)} → ${String(res.data.state_changed_at)}`,
        );

        const kept = await gh.adminApi.adminUpdateIdentity(created.id, { state: '' as IdentityState, traits: created.traits as object });
        assert.equal(kept.status, 200);
        assertMatchesOperation('adminUpdateIdentity', 200, kept.data);
        assert.equal(kept.data.state, 'inactive');
        assert.equal(kept.data.state_changed_at, res.data.state_changed_at);
      });

      test('case=schema_id switch answers the new schema_url (upstream bug: the response pointed at the old schema)', async () => {
        const created = await createIdentity(gh);
        const res = await gh.adminApi.adminUpdateIdentity(created.id, {
          schema_id: 'other',
          state: IdentityState.Active,
          traits: { username: `svc-${randomUUID()}` },
        });
        assert.equal(res.status, 200);
        assertMatchesOperation('adminUpdateIdentity', 200, res.data);
        assert.equal(res.data.schema_id, 'other');
        assert.equal(res.data.schema_url, `${gh.publicUrl}schemas/other`);
        assert.equal('verifiable_addresses' in res.data, false, 'the other schema has no address traits');
        const got = await gh.adminApi.adminGetIdentity(created.id);
        assert.equal(got.data.schema_url, `${gh.publicUrl}schemas/other`);
      });

      test('case=traits are validated against the new schema on a switch', async () => {
        const created = await createIdentity(gh);
        const res = await gh.adminApi.adminUpdateIdentity(created.id, {
          schema_id: 'other',
          state: IdentityState.Active,
          traits: created.traits as object,
        });
        assert.equal(res.status, 400);
        assertMatchesOperation('adminUpdateIdentity', 400, res.data);
        const got = await gh.adminApi.adminGetIdentity(created.id);
        assert.equal(got.data.schema_id, 'default');
      });

      test('case=unknown schema_id answers 400', async () => {
        const created = await createIdentity(gh);
        const res = await gh.adminApi.adminUpdateIdentity(created.id, {
          schema_id: 'nope',
          state: IdentityState.Active,
          traits: created.traits as object,
        });
        assert.equal(res.status, 400);
        assertMatchesOperation('adminUpdateIdentity', 400, res.data);
        assert.equal((res.data as unknown as { error: { reason: string } }).error.reason, 'Unable to find JSON Schema ID: nope');
      });

      test('case=taking another identity’s identifier answers 409', async () => {
        const a = await createIdentity(gh);
        const b = await createIdentity(gh);
        const res = await gh.adminApi.adminUpdateIdentity(b.id, { state: IdentityState.Active, traits: a.traits as object });
        assert.equal(res.status, 409);
        assertMatchesOperation('adminUpdateIdentity', 409, res.data);
        const got = await gh.adminApi.adminGetIdentity(b.id);
        assert.deepEqual(got.data.traits, b.traits);
      });

      test('case=unknown id answers 404', async () => {
        const res = await gh.adminApi.adminUpdateIdentity(randomUUID(), { state: IdentityState.Active, traits: defaultTraits() });
        assert.equal(res.status, 404);
        assertMatchesOperation('adminUpdateIdentity', 404, res.data);
      });
    });

    describe('adminDeleteIdentity', () => {
      test('case=answers 204, then the identity is gone (404)', async () => {
        const created = await createIdentity(gh);
        const before = await identityCount(gh);
        const res = await gh.adminApi.adminDeleteIdentity(created.id);
        assert.equal(res.status, 204);
        assertMatchesOperation('adminDeleteIdentity', 204, res.data);
        assert.equal(await identityCount(gh), before - 1);
        const got = await gh.adminApi.adminGetIdentity(created.id);
        assert.equal(got.status, 404);
        assertMatchesOperation('adminGetIdentity', 404, got.data);
        const again = await gh.adminApi.adminDeleteIdentity(created.id);
        assert.equal(again.status, 404);
        assertMatchesOperation('adminDeleteIdentity', 404, again.data);
      });

      test('case=the identifier can be used again after deletion', async () => {
        const traits = defaultTraits();
        const created = await createIdentity(gh, { traits });
        assert.equal((await gh.adminApi.adminDeleteIdentity(created.id)).status, 204);
        const res = await gh.adminApi.adminCreateIdentity({ schema_id: 'default', traits });
        assert.equal(res.status, 201);
        assertMatchesOperation('adminCreateIdentity', 201, res.data);
      });
    });
  });
}
