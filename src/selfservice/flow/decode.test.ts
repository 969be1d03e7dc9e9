import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeFormValues, type DecodeOptions } from './decode.js';

const identitySchema = {
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string' },
        age: { type: 'integer' },
        tos: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        name: { $ref: '#/definitions/name' },
      },
    },
  },
  definitions: { name: { type: 'object', properties: { first: { type: 'string' } } } },
};

const opts: DecodeOptions = {
  schema: {
    fields: { method: { type: 'string' }, password: { type: 'string' }, csrf_token: { type: 'string' }, traits: { type: 'object' }, remember: { type: 'boolean' } },
    required: ['method', 'password', 'remember'],
  },
  identitySchema,
  methods: ['POST'],
};

describe('flow body decoding', () => {
  test('case=dotted form keys become nested typed values; unknown keys dropped', () => {
    const out = decodeFormValues(
      [
        ['method', 'password'],
        ['traits.email', 'a@b.c'],
        ['traits.age', '42'],
        ['traits.tos', 'false'],
        ['traits.tos', 'true'],
        ['traits.tags', 'x'],
        ['traits.tags', 'y'],
        ['traits.name.first', 'Jane'],
        ['traits.unknown', 'z'],
        ['evil', '1'],
        ['password', 'first'],
        ['password', 'second'],
      ],
      opts,
    );
    assert.deepEqual(out, {
      method: 'password',
      traits: { email: 'a@b.c', age: 42, tos: true, tags: ['x', 'y'], name: { first: 'Jane' } },
      password: 'first',
    });
  });

  test('case=empty values are dropped, except required booleans which become false', () => {
    const out = decodeFormValues(
      [
        ['method', ''],
        ['remember', ''],
        ['traits.age', ''],
      ],
      opts,
    );
    assert.deepEqual(out, { remember: false, traits: {} });
  });

  test('case=prototype keys in form names are dropped (no prototype pollution)', () => {
    const out = decodeFormValues(
      [
        ['traits.__proto__', 'x'],
        ['traits.constructor', 'y'],
        ['traits.__proto__.polluted', 'z'],
        ['traits.email', 'a@b.c'],
      ],
      opts,
    );
    assert.deepEqual(out, { traits: { email: 'a@b.c' } });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.hasOwn(out.traits as object, 'constructor'), false);
  });

  test('case=unparsable numbers and booleans pass through as strings (then fail validation)', () => {
    const out = decodeFormValues(
      [
        ['traits.age', 'abc'],
        ['traits.tos', 'maybe'],
      ],
      opts,
    );
    assert.deepEqual(out, { traits: { age: 'abc', tos: 'maybe' } });
  });
});
