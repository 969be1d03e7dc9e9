import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GatehouseError } from '../http/errors.js';
import { CompiledSchemaCache } from './compile.js';
import { TraitsValidationError } from './errors.js';
import { SchemaRegistry } from './registry.js';
import { base64Url, readFixture, relativeFileUrl, startSchemaServer } from './testdata/fixtures.js';
import type { SchemaServer } from './testdata/fixtures.js';
import { SCHEMA_PARSE_REASON, TraitsValidator } from './validator.js';

const registry = new SchemaRegistry([
  ...['nested', 'emails', 'ref', 'keywords', 'loose'].map((id) => ({ id, url: relativeFileUrl(`${id}.schema.json`) })),
  { id: 'broken-ref', url: relativeFileUrl('invalid/unresolvable-ref.schema.json') },
  { id: 'not-json', url: relativeFileUrl('invalid/not-json.schema.json') },
  { id: 'default', url: base64Url('person.schema.json') },
]);
const validator = new TraitsValidator(registry);

async function failure(schemaId: string, traits: unknown): Promise<TraitsValidationError> {
  try {
    await validator.validate(schemaId, traits);
  } catch (err) {
    assert.ok(err instanceof TraitsValidationError, `expected TraitsValidationError, got ${String(err)}`);
    assert.ok(err instanceof GatehouseError);
    assert.equal(err.status, 400);
    return err;
  }
  assert.fail('expected validation to fail');
}

const reasonOf = async (schemaId: string, traits: unknown): Promise<string> => (await failure(schemaId, traits)).fields.reason ?? '';

/** Valid traits for `nested` plus the overrides. */
const nested = (over: Record<string, unknown>): Record<string, unknown> => ({ username: 'abcdefghij', ...over });

describe('TraitsValidator', () => {
  it('case=accepts valid traits', async () => {
    const res = await validator.validate('', { email: 'jane@example.org', name: { first: 'Jane' } });
    assert.deepEqual(res.verifiableAddresses, ['jane@example.org']);
  });

  it('case=unknown schema id is a 400', async () => {
    await assert.rejects(validator.validate('nope', {}), (err: GatehouseError) => {
      assert.equal(err.status, 400);
      assert.equal(err.fields.reason, 'Unable to find JSON Schema ID: nope');
      return true;
    });
  });

  for (const id of ['broken-ref', 'not-json']) {
    it(`case=schema that cannot be compiled is a 500 (${id})`, async () => {
      await assert.rejects(validator.validate(id, { a: 1 }), (err: GatehouseError) => {
        assert.equal(err.status, 500);
        assert.equal(err.fields.reason, SCHEMA_PARSE_REASON);
        assert.equal(err.fields.reason, 'Unable to parse validate JSON object against JSON schema.');
        return true;
      });
    });
  }

  it('case=single failure is one line', async () => {
    const reason = await reasonOf('nested', nested({ username: 'abcdefghij', age: 'x' }));
    assert.equal(reason, 'I[#/traits/age] S[#/properties/traits/properties/age/type] expected integer, but got string');
  });

  it('case=missing required properties', async () => {
    const err = await failure('nested', nested({ name: {} }));
    assert.equal(err.fields.reason, 'I[#/traits/name] S[#/properties/traits/properties/name/required] missing properties: "first", "last"');
    assert.deepEqual(err.causes, [
      {
        instancePtr: '#/traits/name',
        schemaPtr: '#/properties/traits/properties/name/required',
        keyword: 'required',
        message: 'missing properties: "first", "last"',
        path: ['traits', 'name'],
        missing: ['first', 'last'],
      },
    ]);
  });

  it('case=several failures are grouped under validation failed, indented per level', async () => {
    const err = await failure('default', { email: 'foo', name: { first: 1 }, bar: 1 });
    assert.equal(
      err.fields.reason,
      [
        'I[#/traits] S[#/properties/traits] validation failed',
        '  I[#/traits/email] S[#/properties/traits/properties/email] validation failed',
        '    I[#/traits/email] S[#/properties/traits/properties/email/format] "foo" is not valid "email"',
        '    I[#/traits/email] S[#/properties/traits/properties/email/format] "foo" is not valid "email"',
        '  I[#/traits/name/first] S[#/properties/traits/properties/name/properties/first/type] expected string, but got number',
        '  I[#/traits] S[#/properties/traits/additionalProperties] additionalProperties "bar" not allowed',
      ].join('\n'),
    );
    assert.deepEqual(
      err.causes.map((c) => [c.instancePtr, c.keyword]),
      [
        ['#/traits/email', 'format'],
        ['#/traits/email', 'format'],
        ['#/traits/name/first', 'type'],
        ['#/traits', 'additionalProperties'],
      ],
    );
  });

  it('case=traits are wrapped, so a non-object is reported at #/traits', async () => {
    assert.equal(await reasonOf('default', 'x'), 'I[#/traits] S[#/properties/traits/type] expected object, but got string');
    assert.equal(await reasonOf('default', undefined), 'I[#/traits] S[#/properties/traits/type] expected object, but got null');
  });

  const texts: [string, Record<string, unknown>, string][] = [
    ['nested', nested({ username: 'abc' }), 'length must be >= 10, but got 3'],
    ['nested', nested({ username: 'abcdefghijklmnopqrstuvwxyz' }), 'length must be <= 20, but got 26'],
    ['nested', nested({ name: { first: 'a', last: 'abcdef' } }), 'length must be <= 5, but got 6'],
    ['nested', nested({ age: 3 }), 'must be >= 18 but found 3'],
    ['nested', nested({ age: 600 }), 'must be <= 300 but found 600'],
    ['nested', nested({ age: 20.5 }), 'expected integer, but got number'],
    ['nested', nested({ newsletter: null }), 'expected boolean, but got null'],
    ['nested', nested({ name: [] }), 'expected object, but got array'],
    ['nested', nested({ tags: {} }), 'expected array, but got object'],
    ['nested', nested({ nickname: true }), 'expected string or null, but got boolean'],
    ['nested', nested({ username: 1234567890 }), 'expected string, but got number'],
    ['nested', nested({ username: 'ABCDEFGHIJ' }), 'does not match pattern "^[a-z0-9_]+$"'],
    ['nested', nested({ plan: 'gold' }), 'value must be one of "free", "pro"'],
    ['nested', nested({ tier: 3 }), 'value must be one of "1", "2"'],
    ['nested', nested({ role: 'admin' }), 'value must be "user"'],
    ['nested', nested({ extra: 1 }), 'additionalProperties "extra" not allowed'],
    ['nested', nested({ tags: [] }), 'minimum 1 items allowed, but found 0 items'],
    ['nested', nested({ tags: ['a', 'b', 'c', 'd'] }), 'maximum 3 items allowed, but found 4 items'],
    ['nested', nested({ tags: ['a', 'b', 'a'] }), 'items at index 0 and 2 are equal'],
    ['nested', nested({ website: 'not a uri' }), '"not a uri" is not valid "uri"'],
    ['nested', nested({ contact: { email: 'nope' } }), '"nope" is not valid "email"'],
    ['nested', nested({ score: 0 }), 'must be > 0 but found 0'],
    ['nested', nested({ score: 2.5 }), 'must be < 2.5 but found 2.5'],
    ['nested', nested({ score: 0.7 }), '0.7 not multipleOf 0.5'],
    ['keywords', { big: 2000000 }, 'must be <= 1e+06 but found 2000000'],
    ['keywords', { props: { a: 1 } }, 'minimum 2 properties allowed, but found 1 properties'],
    ['keywords', { props: { a: 1, b: 2, c: 3, d: 4 } }, 'maximum 3 properties allowed, but found 4 properties'],
    ['keywords', { deps: { card: 1 } }, 'property "billing" is required, if "card" property exists'],
    ['keywords', { notadmin: 'admin' }, 'not failed'],
    ['keywords', { never: 1 }, 'always fail'],
    ['keywords', { objconst: { a: 2 } }, 'const failed'],
    ['keywords', { objenum: 1 }, 'enum failed'],
    ['keywords', { single: 'x' }, 'value must be "only"'],
    ['keywords', { flag: false }, 'value must be true'],
    ['keywords', { tuple: ['a', 'b'] }, 'only 1 items are allowed, but found 2 items'],
    ['keywords', { exactly: 'abc' }, 'valid against schemas at indexes 0 and 1'],
  ];
  for (const [schema, traits, text] of texts) {
    it(`case=message text: ${text}`, async () => {
      const err = await failure(schema, traits);
      assert.deepEqual(err.causes.map((c) => c.message), [text], err.fields.reason);
    });
  }

  it('case=composite errors nest their causes and expand into leaf causes', async () => {
    const err = await failure('keywords', { ref: 'abc', either: 1.5, conditional: { kind: 'company' } });
    assert.equal(
      err.fields.reason,
      [
        'I[#/traits] S[#/properties/traits] validation failed',
        '  I[#/traits/either] S[#/properties/traits/properties/either/anyOf] anyOf failed',
        '    I[#/traits/either] S[#/properties/traits/properties/either/anyOf/0/type] expected string, but got number',
        '    I[#/traits/either] S[#/properties/traits/properties/either/anyOf/1/type] expected integer, but got number',
        '  I[#/traits/conditional] S[#/properties/traits/properties/conditional/then] if-then failed',
        '    I[#/traits/conditional] S[#/properties/traits/properties/conditional/then/required] missing properties: "vat"',
        '  I[#/traits/ref] S[#/properties/traits/properties/ref/$ref] doesn\'t validate with "#/definitions/short"',
        '    I[#/traits/ref] S[#/definitions/short/maxLength] length must be <= 2, but got 3',
      ].join('\n'),
    );
    assert.equal(err.causes.length, 4);
    assert.deepEqual(err.causes[3]?.path, ['traits', 'ref']);
  });

  it('case=keywords beside $ref are ignored (draft-07)', async () => {
    // ref.schema.json puts maxLength: 1 next to the $ref of `email`.
    const res = await validator.validate('ref', { email: 'ab@example.org' });
    assert.deepEqual(res.passwordIdentifiers, ['ab@example.org']);
  });

  it('case=pointer tokens are escaped like upstream', async () => {
    const err = await failure('keywords', { 'weird key/~x': 1 });
    assert.equal(err.causes[0]?.instancePtr, '#/traits/weird%20key~1~0x');
    assert.deepEqual(err.causes[0]?.path, ['traits', 'weird key/~x']);
  });
});

describe('TraitsValidator compile cache', () => {
  let server: SchemaServer;
  before(async () => {
    server = await startSchemaServer(readFixture('person.schema.json'));
  });
  after(() => server.close());

  it('case=compiles a schema document once and refetches http schemas every time', async () => {
    const cache = new CompiledSchemaCache();
    const v = new TraitsValidator(new SchemaRegistry([{ id: 'default', url: server.url() }]), { cache });
    const start = server.hits();
    await v.validate('default', { email: 'a@example.org' });
    await v.validate('default', { email: 'b@example.org' });
    assert.equal(server.hits() - start, 2, 'fetched on every validation');
    assert.equal(cache.size, 1, 'compiled once');

    // A changed document is picked up at once and compiled anew.
    const changed = JSON.parse(readFixture('person.schema.json')) as { properties: { traits: { properties: { email: { minLength: number } } } } };
    changed.properties.traits.properties.email.minLength = 50;
    server.respond(200, JSON.stringify(changed));
    await assert.rejects(v.validate('default', { email: 'a@example.org' }), (err: TraitsValidationError) => {
      assert.equal(err.fields.reason, 'I[#/traits/email] S[#/properties/traits/properties/email/minLength] length must be >= 50, but got 13');
      return true;
    });
    assert.equal(cache.size, 2);

    server.respond(404, 'gone');
    await assert.rejects(v.validate('default', { email: 'a@example.org' }), (err: GatehouseError) => {
      assert.equal(err.status, 500);
      assert.equal(err.fields.reason, SCHEMA_PARSE_REASON);
      return true;
    });
  });
});
