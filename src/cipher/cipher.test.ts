import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatehouseError } from '../http/errors.js';
import { createCipher } from './cipher.js';

const K1 = '0123456789abcdef0123456789abcdef';
const K2 = 'fedcba9876543210fedcba9876543210';

describe('ciphers', () => {
  test('case=noop is hex of the plaintext', () => {
    const c = createCipher('noop', []);
    assert.equal(c.encrypt('id-token'), '69642d746f6b656e');
    assert.equal(c.decrypt('69642d746f6b656e'), 'id-token');
  });

  for (const alg of ['aes', 'xchacha20-poly1305'] as const) {
    test(`case=${alg} round-trips, rotates keys and rejects tampering`, () => {
      const sealed = createCipher(alg, [K1]).encrypt('secret value');
      assert.match(sealed, /^[0-9a-f]+$/);
      assert.notEqual(sealed, createCipher(alg, [K1]).encrypt('secret value'), 'random nonce');
      assert.equal(createCipher(alg, [K2, K1]).decrypt(sealed), 'secret value');
      assert.throws(() => createCipher(alg, [K2]).decrypt(sealed), GatehouseError);
      const flipped = sealed.slice(0, -2) + (sealed.endsWith('00') ? '01' : '00');
      assert.throws(() => createCipher(alg, [K1]).decrypt(flipped), GatehouseError);
      assert.equal(createCipher(alg, [K1]).encrypt(''), '');
      assert.throws(
        () => createCipher(alg, []).encrypt('x'),
        (e: unknown) => e instanceof GatehouseError && /no cipher secrets/.test(e.fields.reason ?? ''),
      );
    });
  }
});
