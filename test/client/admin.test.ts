/**
 * The client against the admin API, schemas, stored errors, the WebAuthn script, health and
 * version (api.md §8.2, §9, §11–§13): every answer is checked against the OpenAPI document and
 * every failure must arrive as a GatehouseApiError carrying the envelope.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { GatehouseClient, type Identity } from '../../src/client/index.js';
import { assertMatchesOperation } from '../helpers/openapi.js';
import { DEFAULT_SCHEMA_PATH, DIALECTS, OTHER_SCHEMA_PATH, uniqueEmail, useGatehouse } from '../helpers/server.js';
import { failure, traitsOf, useClientFactory, type Traits } from './support.js';

const json = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as unknown;

const clientOn = useClientFactory('admin');

for (const dialect of DIALECTS) {
  describe(`client admin dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });
    const create = async (email = uniqueEmail()): Promise<Identity<Traits>> =>
      (await clientOn(gh).adminCreateIdentity({ schema_id: 'default', traits: traitsOf(email) })).data;

    describe('identities', () => {
      test('case=create answers 201 with Location and the typed identity', async () => {
        const email = uniqueEmail();
        const res = await clientOn(gh).adminCreateIdentity({ schema_id: 'default', traits: traitsOf(email) });
        assert.equal(res.status, 201);
        assertMatchesOperation('adminCreateIdentity', 201, res.data);
        assert.equal(res.headers.get('location'), `${gh.adminUrl}identities/${res.data.id}`);
        assert.equal(res.data.traits.email, email);
        assert.equal(res.data.state, 'active');
        assert.equal(res.data.schema_url, `${gh.publicUrl}schemas/default`);
        assert.deepEqual(res.data.verifiable_addresses?.map((a) => [a.value, a.verified, a.status]), [[email, false, 'pending']]);
        assert.deepEqual(res.data.recovery_addresses?.map((a) => a.value), [email]);
        assert.equal(res.data.credentials, undefined, 'no credentials in the create answer');
      });

      test('case=invalid traits, unknown schema and duplicates reject with the envelope', async () => {
        const client = clientOn(gh);
        const invalid = await failure(client.adminCreateIdentity({ schema_id: 'default', traits: { email: 'x' } }));
        assert.equal(invalid.status, 400);
        assertMatchesOperation('adminCreateIdentity', 400, invalid.body);
        assert.equal(invalid.error?.code, 400);
        assert.match(invalid.reason ?? '', /I\[#\/traits\/email\]/);
        assert.equal(invalid.flow, undefined);

        const schema = await failure(client.adminCreateIdentity({ schema_id: 'nope', traits: traitsOf(uniqueEmail()) }));
        assert.deepEqual([schema.status, schema.reason], [400, 'Unable to find JSON Schema ID: nope']);

        const existing = await create();
        const duplicate = await failure(client.adminCreateIdentity({ schema_id: 'default', traits: existing.traits }));
        assert.equal(duplicate.status, 409);
        assertMatchesOperation('adminCreateIdentity', 409, duplicate.body);
        assert.equal(duplicate.response.status, 409, 'axios-style view for ported code');
        assert.deepEqual(duplicate.response.data, duplicate.body);
      });

      test('case=get shows credentials; include_credential is validated', async () => {
        const created = await create();
        const client = clientOn(gh);
        const res = await client.adminGetIdentity(created.id);
        assertMatchesOperation('adminGetIdentity', 200, res.data);
        // Identifiers are derived from the traits (identity.md §5) even without a password.
        const password = res.data.credentials?.password;
        assert.deepEqual(Object.keys(res.data.credentials ?? {}), ['password']);
        assert.deepEqual(password?.identifiers, [created.traits.email.toLowerCase()]);
        assert.equal(password?.config, undefined, 'no config without include_credential');
        const oidc = await client.adminGetIdentity(created.id, ['oidc']);
        assert.equal(oidc.data.id, created.id);
        const bad = await failure(client.adminGetIdentity(created.id, ['password']));
        assert.deepEqual([bad.status, bad.reason], [400, 'Invalid value `password` for parameter `include_credential`.']);
        const missing = await failure(client.adminGetIdentity(randomUUID()));
        assert.equal(missing.status, 404);
        assert.equal(missing.error?.message, 'Unable to locate the resource');
        assert.equal(missing.message, `adminGetIdentity: 404 Unable to locate the resource`);
      });

      test('case=list pages with X-Total-Count and Link', async () => {
        await create();
        await create();
        const res = await clientOn(gh).adminListIdentities(1, 0);
        assert.equal(res.status, 200);
        assertMatchesOperation('adminListIdentities', 200, res.data);
        assert.equal(res.data.length, 1);
        assert.ok(Number(res.headers.get('x-total-count')) >= 2);
        assert.match(res.headers.get('link') ?? '', /rel="next"/);
      });

      test('case=update replaces traits and state; unknown ids are 404', async () => {
        const created = await create();
        const client = clientOn(gh);
        const email = uniqueEmail('updated');
        const res = await client.adminUpdateIdentity(created.id, { schema_id: 'default', state: 'inactive', traits: { email } });
        assertMatchesOperation('adminUpdateIdentity', 200, res.data);
        assert.deepEqual(res.data.traits, { email });
        assert.equal(res.data.state, 'inactive');
        const missing = await failure(client.adminUpdateIdentity(randomUUID(), { state: 'active', traits: { email: uniqueEmail() } }));
        assert.equal(missing.status, 404);
      });

      test('case=delete answers 204, then the identity is gone', async () => {
        const created = await create();
        const client = clientOn(gh);
        const res = await client.adminDeleteIdentity(created.id);
        assert.equal(res.status, 204);
        assert.equal(res.data, undefined);
        assert.equal((await failure(client.adminGetIdentity(created.id))).status, 404);
        assert.equal((await failure(client.adminDeleteIdentity(created.id))).status, 404);
      });

      test('case=delete sessions answers 204 for an identity with sessions, 404 without', async () => {
        const created = await create();
        const issued = await gh.issueSession(created.id);
        const client = clientOn(gh);
        assert.equal((await client.toSession(issued.token)).data.id, issued.session.id);
        assert.equal((await client.adminDeleteIdentitySessions(created.id)).status, 204);
        assert.equal((await failure(client.toSession(issued.token))).status, 401);
        assert.equal((await failure(client.adminDeleteIdentitySessions(created.id))).status, 404);
      });

      test('case=a client on the public listener only follows the 307 to the admin listener', async () => {
        const publicOnly = new GatehouseClient<Traits>({ basePath: gh.publicUrl });
        const res = await publicOnly.adminListIdentities(1);
        assert.equal(res.status, 200);
        assert.equal(res.data.length, 1);
      });

      test('case=default headers are sent with every request (X-Request-ID is echoed in errors)', async () => {
        const client = new GatehouseClient({ adminBasePath: gh.adminUrl, headers: { 'X-Request-ID': 'client-test-1' } });
        const missing = await failure(client.adminGetIdentity(randomUUID()));
        assert.equal(missing.error?.request, 'client-test-1');
      });
    });

    describe('schemas', () => {
      test('case=list and get return the configured documents', async () => {
        const client = clientOn(gh);
        const list = await client.listIdentitySchemas();
        assertMatchesOperation('listIdentitySchemas', 200, list.data);
        assert.deepEqual(list.data, [
          { id: 'other', schema: json(OTHER_SCHEMA_PATH) },
          { id: 'default', schema: json(DEFAULT_SCHEMA_PATH) },
        ]);
        assert.deepEqual((await client.listIdentitySchemas(1, 1)).data.map((s) => s.id), ['default']);
        assert.deepEqual((await client.getJsonSchema('default')).data, json(DEFAULT_SCHEMA_PATH));
        assert.equal((await failure(client.getJsonSchema('nope'))).status, 404);
      });
    });

    describe('errors, script, metadata', () => {
      test('case=getSelfServiceError returns the stub error; unknown ids are 404', async () => {
        const client = clientOn(gh);
        const res = await client.getSelfServiceError('stub:500');
        assertMatchesOperation('getSelfServiceError', 200, res.data);
        assert.deepEqual(res.data.error, {
          code: 500,
          status: 'Internal Server Error',
          reason: 'This is a stub error.',
          message: 'An internal server error occurred, please contact the system administrator',
        });
        assert.equal((await failure(client.getSelfServiceError(randomUUID()))).status, 404);
      });

      test('case=getWebAuthnJavaScript reads the answer as text', async () => {
        const seen: string[] = [];
        const script = 'window.__oryWebAuthnLogin = function () {};';
        const client = new GatehouseClient({
          basePath: gh.publicUrl,
          // The route is not served yet (see the todo below): a stand-in answers like upstream.
          fetch: async (url, init) => {
            seen.push(`${init.method} ${url} ${init.headers.accept}`);
            return new Response(script, { status: 200, headers: { 'content-type': 'text/javascript; charset=UTF-8' } });
          },
        });
        assert.equal((await client.getWebAuthnJavaScript()).data, script);
        assert.deepEqual(seen, [`GET ${gh.publicUrl.replace(/\/$/, '')}/.well-known/ory/webauthn.js */*`]);
      });

      test('case=getWebAuthnJavaScript returns the script as text', { todo: 'Gatehouse does not serve /.well-known/ory/webauthn.js yet (WebAuthn is not implemented)' }, async () => {
        const res = await clientOn(gh).getWebAuthnJavaScript();
        assert.equal(res.status, 200);
        assert.equal(typeof res.data, 'string');
        assert.match(res.data, /__oryWebAuthnLogin/);
        assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
      });

      test('case=health on the public listener, version on the admin listener', async () => {
        const client = clientOn(gh);
        assert.deepEqual((await client.isAlive()).data, { status: 'ok' });
        assert.deepEqual((await client.isReady()).data, { status: 'ok' });
        assert.deepEqual((await client.getVersion()).data, { version: 'v0.8.2-alpha.1' });
        const publicOnly = new GatehouseClient({ basePath: gh.publicUrl });
        const notThere = await failure(publicOnly.getVersion());
        assert.equal(notThere.status, 404, '/version is not served on the public listener');
        assert.equal(notThere.body, '404 page not found\n', 'a plain-text body is kept as text');
      });
    });
  });
}
