import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GatehouseError } from '../http/errors.js';
import { SCHEMA_UNREADABLE_REASON, SchemaRegistry } from './registry.js';
import {
  absoluteFileUrl,
  base64Url,
  fixturePath,
  readFixture,
  relativeFileUrl,
  startSchemaServer,
} from './testdata/fixtures.js';
import type { SchemaServer } from './testdata/fixtures.js';

const person = readFixture('person.schema.json');

async function rejectsWith(p: Promise<unknown>, status: number): Promise<GatehouseError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof GatehouseError, `expected GatehouseError, got ${String(err)}`);
    assert.equal(err.status, status);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('SchemaRegistry', () => {
  let server: SchemaServer;
  before(async () => {
    server = await startSchemaServer(person);
  });
  after(() => server.close());

  it('case=lists entries in configuration order and resolves the empty id to default', () => {
    const r = new SchemaRegistry([
      { id: 'customer', url: 'file://a.json' },
      { id: 'customer', url: 'file://shadowed.json' },
      { id: 'default', url: 'file://b.json' },
    ]);
    assert.deepEqual(r.list().map((e) => e.id), ['customer', 'customer', 'default']);
    assert.equal(r.has(''), true);
    assert.equal(r.find('')?.url, 'file://b.json');
    assert.equal(r.find('customer')?.url, 'file://a.json', 'first match wins');
    assert.equal(r.has('nope'), false);
  });

  it('case=reads file:// URLs relative to the working directory and absolute', async () => {
    const rel = relativeFileUrl('person.schema.json');
    assert.ok(!rel.startsWith('file:///'));
    const r = new SchemaRegistry([
      { id: 'rel', url: rel },
      { id: 'dot', url: `file://./${rel.slice('file://'.length)}` },
      { id: 'abs', url: absoluteFileUrl('person.schema.json') },
    ]);
    for (const id of ['rel', 'dot', 'abs']) assert.equal((await r.getRaw(id)).toString('utf8'), person, id);
    assert.deepEqual(await r.getParsed('abs'), JSON.parse(person));
  });

  it('case=re-reads files on every use unless cacheFiles is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-schema-'));
    try {
      const file = join(dir, 's.json');
      await writeFile(file, '{"v":1}');
      const fresh = new SchemaRegistry([{ id: 'default', url: `file://${file}` }]);
      const kept = new SchemaRegistry([{ id: 'default', url: `file://${file}` }], { cacheFiles: true });
      assert.deepEqual([await fresh.getParsed(''), await kept.getParsed('')], [{ v: 1 }, { v: 1 }]);
      await writeFile(file, '{"v":2}');
      assert.deepEqual(await fresh.getParsed(''), { v: 2 });
      assert.deepEqual(await kept.getParsed(''), { v: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('case=decodes base64:// URLs', async () => {
    const r = new SchemaRegistry([{ id: 'default', url: base64Url('person.schema.json') }]);
    assert.equal((await r.getRaw('default')).toString('utf8'), person);
    const loaded = await r.load('');
    assert.match(loaded.hash, /^[0-9a-f]{64}$/);
  });

  it('case=rejects base64 that is not standard padded base64 with the unreadable 500', async () => {
    const unpadded = base64Url('person.schema.json').replace(/=+$/, '');
    assert.notEqual(unpadded, base64Url('person.schema.json'), 'fixture must need padding');
    const r = new SchemaRegistry([{ id: 'default', url: unpadded }]);
    const err = await rejectsWith(r.getRaw('default'), 500);
    assert.equal(err.fields.reason, SCHEMA_UNREADABLE_REASON);
  });

  it('case=answers 404 with a debug text for an unknown id', async () => {
    const r = new SchemaRegistry([{ id: 'default', url: base64Url('person.schema.json') }]);
    const err = await rejectsWith(r.getRaw('nope'), 404);
    assert.match(err.fields.debug ?? '', /unable to find JSON Schema ID: nope/);
    assert.equal(err.message, 'The requested resource could not be found');
  });

  it('case=answers the unreadable 500 for a missing file', async () => {
    const r = new SchemaRegistry([{ id: 'default', url: 'file://./does/not/exist.json' }]);
    const err = await rejectsWith(r.getRaw('default'), 500);
    assert.equal(err.fields.reason, 'The file for this JSON Schema ID could not be found or opened. This is a configuration issue.');
  });

  it('case=fetches http schemas on every use and requires status 200', async () => {
    const r = new SchemaRegistry([{ id: 'default', url: server.url() }]);
    const before = server.hits();
    assert.equal((await r.getRaw('default')).toString('utf8'), person);
    await r.getRaw('default');
    assert.equal(server.hits() - before, 2, 'no caching of remote documents');

    server.respond(201, person);
    const err = await rejectsWith(r.getRaw('default'), 500);
    assert.equal(err.fields.reason, SCHEMA_UNREADABLE_REASON);
    server.respond(200, person);
  });

  it('case=uses the injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch = (async (input: string | URL | Request) => {
      calls.push(String(input));
      return new Response(person, { status: 200 });
    }) as typeof fetch;
    const r = new SchemaRegistry([{ id: 'default', url: 'https://schemas.example.org/p.json' }], { fetch: fakeFetch });
    assert.equal((await r.getRaw('default')).toString('utf8'), person);
    assert.deepEqual(calls, ['https://schemas.example.org/p.json']);
  });
});

describe('SchemaRegistry.checkAll', () => {
  const valid = ['person', 'nested', 'emails', 'ref', 'keywords', 'loose'];

  it('case=accepts the valid fixtures from every kind of URL', async () => {
    const server = await startSchemaServer(readFixture('nested.schema.json'));
    try {
      const r = new SchemaRegistry([
        ...valid.map((id) => ({ id, url: relativeFileUrl(`${id}.schema.json`) })),
        { id: 'remote', url: server.url() },
        { id: 'default', url: base64Url('person.schema.json') },
      ]);
      await r.checkAll();
    } finally {
      await server.close();
    }
  });

  const cases: [file: string, problem: RegExp][] = [
    ['no-traits', /I\[#\/properties\] S\[[^\]]*required\] missing properties: "traits"/],
    ['traits-no-properties', /I\[#\/properties\/traits\] S\[[^\]]*\/required\] missing properties: "properties"/],
    ['traits-empty-properties', /minimum 1 properties allowed, but found 0 properties/],
    ['traits-type-string', /I\[#\/properties\/traits\/type\] .* value must be "object"/],
    ['ext-extra-key', /I\[#\/properties\/traits\/properties\/email\/ory\.sh~1kratos\/credentials\/password\] .* additionalProperties "unique" not allowed/],
    ['ext-via-sms', /verification\/via\] .* value must be "email"/],
    ['ext-identifier-string', /identifier\] .* expected boolean, but got string/],
    ['ext-nested-deep', /people\/items\/properties\/email\/ory\.sh~1kratos\/recovery\] .* additionalProperties "primary" not allowed/],
    ['ext-unknown-section', /additionalProperties "webauthn" not allowed/],
    ['not-draft07', /not a valid draft-07 JSON Schema: .*type/],
    ['unresolvable-ref', /could not be compiled: .*#\/definitions\/missing/],
    ['not-json', /could not be loaded: .*not valid JSON/],
  ];
  for (const [file, problem] of cases) {
    it(`case=aborts on ${file}`, async () => {
      const url = relativeFileUrl(`invalid/${file}.schema.json`);
      const r = new SchemaRegistry([
        { id: 'fine', url: relativeFileUrl('person.schema.json') },
        { id: 'broken', url },
      ]);
      await assert.rejects(r.checkAll(), (err: Error) => {
        assert.ok(!(err instanceof GatehouseError), 'a plain Error for startup');
        assert.ok(err.message.includes(`identity schema "broken" (${url})`), err.message);
        assert.match(err.message, problem);
        return true;
      });
    });
  }

  it('case=aborts when a schema cannot be read', async () => {
    const r = new SchemaRegistry([{ id: 'default', url: `file://${fixturePath('nope.json')}` }]);
    await assert.rejects(r.checkAll(), /identity schema "default" \(file:\/\/.*nope\.json\) could not be loaded: The file for this JSON Schema ID/);
  });
});
