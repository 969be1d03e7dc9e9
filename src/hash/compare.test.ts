import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparePassword } from './compare.js';
import { HashLimiter } from './limiter.js';

/**
 * Classic OpenBSD/jBCrypt vectors in Go's `$2a$` form (golang.org/x/crypto/bcrypt verifies the
 * same strings); written by neither library under test.
 */
const BCRYPT_VECTORS: [string, string][] = [
  ['a', '$2a$10$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u'],
  ['abc', '$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi'],
  ['abcdefghijklmnopqrstuvwxyz', '$2a$10$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq'],
  ['~!@#$%^&*()      ~!@#$%^&*()PNBFRD', '$2a$10$LgfYWkbzEvQ4JakH7rOvHe0y8pHKF9OaFgwUZ2q7W2FFZmZzJYlfS'],
];

/** The reference implementation's own test vector (phc-winner-argon2, argon2id v=19, t=2, m=2^16, p=1). */
const ARGON2_REFERENCE = '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';

/** Kratos's shape with p=4 and t=3; salt "gatehouse-salt-1", computed once with @node-rs/argon2 hashRaw. */
const ARGON2_KRATOS_SHAPE = '$argon2id$v=19$m=65536,t=3,p=4$Z2F0ZWhvdXNlLXNhbHQtMQ$rUgZFIuBmYKuSj4TmZs5TYlQQg5fWQ/Wdb74e9wBIRQ';

/**
 * PBKDF2 of "hunter2-hunter2", salt "NaCl-pepper-salt", 1000 iterations, 32 bytes; computed with
 * node:crypto and cross-checked with Python's hashlib.pbkdf2_hmac.
 */
const PBKDF2_PW = 'hunter2-hunter2';
const PBKDF2_SALT = 'TmFDbC1wZXBwZXItc2FsdA';
const PBKDF2_KEYS: Record<string, string> = {
  sha1: 'DQklxs3jPutsYJpztb0WccY7q58i6RU8RUbdU4tKEGM',
  sha224: 'mPO/OxvSK6rnn2OJhFpCWQQlCZZG9L9L9pjr2DR9gOY',
  sha256: 'KKGlbQqvAATUuq7LV2+XihsG7zA40XX9G3sycbLdG8E',
  sha384: 'NWLAFyj5kM8b/Hq1HHCG9xZWSzWE384ipDCXUvVh8J0',
  sha512: 'MzA7WPFk6TpALF4uZwP8HhKqy5k+RLoffzsBoLbC3wU',
  'sha3-224': 'w0IbK5y0YgswtkJ2n4sAKITdwpgE7TJc9kapi0LMWTQ',
  'sha3-384': 'e6KnglDLuIwonS4ZpRdDonswkmcdL6dqqzo35/QgFhs',
};
const pbkdf2 = (name: string, key: string, params = 'i=1000,l=32') => `$pbkdf2-${name}$${params}$${PBKDF2_SALT}$${key}`;

describe('comparePassword', () => {
  describe('bcrypt', () => {
    for (const [password, encoded] of BCRYPT_VECTORS) {
      it(`case=known Go-style $2a$ hash of ${JSON.stringify(password)}`, async () => {
        assert.equal(await comparePassword(password, encoded), true);
        assert.equal(await comparePassword(`${password}x`, encoded), false);
      });
    }

    it('case=$2$, $2y$ and $2b$ labels verify like Go does', async () => {
      const [password, encoded] = BCRYPT_VECTORS[1] as [string, string];
      for (const label of ['$2$', '$2y$', '$2b$']) {
        assert.equal(await comparePassword(password, encoded.replace('$2a$', label)), true, label);
      }
      assert.equal(await comparePassword(password, encoded.replace('$2a$', '$2x$')), false, '$2x$ is not a bcrypt prefix');
    });

    it('case=corrupt bcrypt strings are a mismatch, not an error', async () => {
      for (const bad of ['$2a$10$short', '$2a$99$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u', '$2a$']) {
        assert.equal(await comparePassword('a', bad), false, bad);
      }
    });
  });

  describe('argon2id', () => {
    it('case=reference implementation vector', async () => {
      assert.equal(await comparePassword('password', ARGON2_REFERENCE), true);
      assert.equal(await comparePassword('Password', ARGON2_REFERENCE), false);
    });

    it('case=known hash in the shape Kratos writes (m=65536,t=3,p=4)', async () => {
      assert.equal(await comparePassword('correct horse battery staple', ARGON2_KRATOS_SHAPE), true);
      assert.equal(await comparePassword('correct horse battery stapl', ARGON2_KRATOS_SHAPE), false);
    });

    it('case=malformed or unsupported encodings are a mismatch', async () => {
      const bad = [
        ARGON2_REFERENCE.replace('v=19', 'v=16'),
        ARGON2_REFERENCE.replace('m=65536,t=2,p=1', 'm=65536,p=1,t=2'),
        ARGON2_REFERENCE.replace('p=1', 'p=256'),
        ARGON2_REFERENCE.replace('t=2', 't=0'),
        `${ARGON2_REFERENCE}=`,
        `${ARGON2_REFERENCE}$extra`,
        ARGON2_REFERENCE.replace('c29tZXNhbHQ', 'c29tZXNhbHQ='),
        ARGON2_REFERENCE.replace(/\$[^$]+$/, '$'),
        '$argon2id$',
        // Go would accept a 4-byte salt; the native library cannot derive with it.
        ARGON2_REFERENCE.replace('c29tZXNhbHQ', 'c29t'),
      ];
      for (const encoded of bad) assert.equal(await comparePassword('password', encoded), false, encoded);
    });
  });

  describe('pbkdf2', () => {
    for (const name of ['sha1', 'sha224', 'sha256', 'sha384', 'sha512']) {
      it(`case=known ${name} vector`, async () => {
        const encoded = pbkdf2(name, PBKDF2_KEYS[name] as string);
        assert.equal(await comparePassword(PBKDF2_PW, encoded), true);
        assert.equal(await comparePassword(`${PBKDF2_PW}!`, encoded), false);
      });
    }

    it('case=regression upstream getPseudorandomFunctionForPbkdf2 maps sha224/sha384 to SHA-3: both variants verify', async () => {
      // What Kratos itself stored under these names (SHA-3) keeps working next to real SHA-2 hashes.
      assert.equal(await comparePassword(PBKDF2_PW, pbkdf2('sha224', PBKDF2_KEYS['sha3-224'] as string)), true);
      assert.equal(await comparePassword(PBKDF2_PW, pbkdf2('sha384', PBKDF2_KEYS['sha3-384'] as string)), true);
      assert.equal(await comparePassword('wrong', pbkdf2('sha384', PBKDF2_KEYS['sha3-384'] as string)), false);
      // The fallback is limited to those two names.
      assert.equal(await comparePassword(PBKDF2_PW, pbkdf2('sha256', PBKDF2_KEYS['sha3-224'] as string)), false);
    });

    it('case=unknown digest names fall back to SHA-256', async () => {
      assert.equal(await comparePassword(PBKDF2_PW, pbkdf2('sha999', PBKDF2_KEYS.sha256 as string)), true);
      assert.equal(await comparePassword(PBKDF2_PW, pbkdf2('sha3', PBKDF2_KEYS.sha256 as string)), true);
    });

    it('case=the stored key length wins over l=', async () => {
      assert.equal(await comparePassword(PBKDF2_PW, pbkdf2('sha256', PBKDF2_KEYS.sha256 as string, 'i=1000,l=64')), true);
    });

    it('case=malformed encodings are a mismatch', async () => {
      const good = pbkdf2('sha256', PBKDF2_KEYS.sha256 as string);
      const bad = [
        good.replace('i=1000,l=32', 'i=1000'),
        good.replace('i=1000,l=32', 'l=32,i=1000'),
        `${good}=`,
        `${good}$`,
        good.replace(/\$[^$]+$/, '$'),
        good.replace(PBKDF2_SALT, `${PBKDF2_SALT}==`),
      ];
      for (const encoded of bad) assert.equal(await comparePassword(PBKDF2_PW, encoded), false, encoded);
    });
  });

  it('case=unknown prefixes and non-hashes are a mismatch and never throw', async () => {
    const unknown = [
      '',
      'hunter2-hunter2',
      '$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
      '$argon2d$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
      '$1$saltsalt$2vnaRpHa6Jxjz5n83ok8Z0',
      '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E',
      '$pbkdf2-md5$i=1000,l=32$c2FsdA$KKGlbQqvAATUuq7LV2+XihsG7zA40XX9G3sycbLdG8E',
      ' $2a$10$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u',
    ];
    for (const encoded of unknown) assert.equal(await comparePassword('hunter2-hunter2', encoded), false, encoded);
    assert.equal(await comparePassword(undefined as unknown as string, BCRYPT_VECTORS[0]?.[1] as string), false);
    assert.equal(await comparePassword('a', null as unknown as string), false);
  });

  it('case=every format runs through the supplied limiter', async () => {
    const limiter = new HashLimiter(1);
    await comparePassword('a', BCRYPT_VECTORS[0]?.[1] as string, { limiter });
    await comparePassword('password', ARGON2_REFERENCE, { limiter });
    await comparePassword(PBKDF2_PW, pbkdf2('sha1', PBKDF2_KEYS.sha1 as string), { limiter });
    assert.equal(limiter.stats().completed, 3);
  });
});
