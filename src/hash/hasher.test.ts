import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compare as rawBcryptCompare, getRounds } from 'bcrypt';
import { configFromObject } from '../config/config.js';
import { minimalDoc } from '../config/fixtures.js';
import { Argon2Hasher, argon2ParamsFromConfig, decodeArgon2id } from './argon2.js';
import { BcryptHasher } from './bcrypt.js';
import { comparePassword } from './compare.js';
import { decodeRawStdStrict, parseBinaryByteSize } from './encoding.js';
import { BCRYPT_TOO_LONG_REASON, HasherConfigError, PasswordTooLongError } from './errors.js';
import { createHasher, isHashOfAlgorithm } from './hasher.js';
import { HashLimiter } from './limiter.js';

const config = (hashers: object, dev = true) => configFromObject({ ...minimalDoc(), dev, hashers });

/** Splits `$argon2id$v=19$m=…,t=…,p=…$salt$hash` into its fields, independently of decodeArgon2id. */
function parseArgon2(encoded: string) {
  const m = /^\$argon2id\$v=19\$m=([0-9]+),t=([0-9]+),p=([0-9]+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(encoded);
  assert.ok(m, `not in Kratos's argon2id format: ${encoded}`);
  return {
    m: Number(m[1]),
    t: Number(m[2]),
    p: Number(m[3]),
    salt: Buffer.from(m[4] as string, 'base64'),
    hash: Buffer.from(m[5] as string, 'base64'),
  };
}

describe('bcrypt hasher', () => {
  it('case=generate writes $2a$ with the configured cost and compares', async () => {
    const hasher = createHasher(config({ algorithm: 'bcrypt', bcrypt: { cost: 5 } }));
    assert.ok(hasher instanceof BcryptHasher);
    const encoded = await hasher.generate('correct horse battery staple');
    assert.match(encoded, /^\$2a\$05\$[./A-Za-z0-9]{53}$/);
    assert.equal(getRounds(encoded), 5);
    assert.equal(await comparePassword('correct horse battery staple', encoded), true);
    assert.equal(await comparePassword('correct horse battery stapler', encoded), false);
  });

  it('case=cost below 12 is raised outside dev mode', async () => {
    const hasher = createHasher(config({ bcrypt: { cost: 4 } }, false));
    assert.equal((hasher as BcryptHasher).cost, 12);
  });

  it('case=generate rejects more than 72 bytes with a typed error, 72 bytes pass', async () => {
    const hasher = createHasher(config({ bcrypt: { cost: 4 } }));
    await assert.rejects(hasher.generate('x'.repeat(73)), (err: unknown) => {
      assert.ok(err instanceof PasswordTooLongError);
      assert.equal(err.reason, BCRYPT_TOO_LONG_REASON);
      assert.equal(err.reason, 'passwords are limited to a maximum length of 72 characters');
      return true;
    });
    // Bytes, not characters: 37 × "é" is 74 bytes.
    await assert.rejects(hasher.generate('é'.repeat(37)), PasswordTooLongError);
    const ok = await hasher.generate('é'.repeat(36));
    assert.equal(await comparePassword('é'.repeat(36), ok), true);
  });

  it('case=compare refuses > 72 bytes although bcrypt itself would ignore the tail', async () => {
    const prefix = 'p'.repeat(72);
    const encoded = await new BcryptHasher(4, new HashLimiter(1)).generate(prefix);
    // The native library truncates: this is what the length check protects against.
    assert.equal(await rawBcryptCompare(`${prefix}tail`, encoded), true);
    assert.equal(await comparePassword(`${prefix}tail`, encoded), false);
    assert.equal(await comparePassword(prefix, encoded), true);
  });
});

describe('argon2 hasher', () => {
  it('case=generate uses memory (binary units), iterations, parallelism, salt and key length from config', async () => {
    const hasher = createHasher(
      config({ algorithm: 'argon2', argon2: { memory: '8MB', iterations: 2, parallelism: 3, salt_length: 17, key_length: 34 } }),
    );
    assert.ok(hasher instanceof Argon2Hasher);
    const encoded = await hasher.generate('correct horse battery staple');
    const p = parseArgon2(encoded);
    assert.deepEqual([p.m, p.t, p.p, p.salt.length, p.hash.length], [8192, 2, 3, 17, 34]);
    assert.ok(!/=/.test(encoded.split('$').slice(4).join('$')), 'salt and hash are unpadded (17 and 34 bytes would need padding)');
    assert.equal(await comparePassword('correct horse battery staple', encoded), true);
    assert.equal(await comparePassword('Correct horse battery staple', encoded), false);
  });

  it('case=salts are random per hash', async () => {
    const hasher = createHasher(config({ algorithm: 'argon2', argon2: { memory: '1MB', parallelism: 1 } }));
    const [a, b] = await Promise.all([hasher.generate('same'), hasher.generate('same')]);
    assert.notEqual(parseArgon2(a).salt.toString('hex'), parseArgon2(b).salt.toString('hex'));
  });

  it('case=defaults give m=131072 (128MB is 128 MiB), t=1, p=2×CPUs, 16-byte salt, 32-byte key', async () => {
    const c = config({ algorithm: 'argon2' });
    const params = argon2ParamsFromConfig(c.raw.hashers.argon2);
    assert.equal(params.memoryKiB, 131072);
    const encoded = await createHasher(c).generate('a default password');
    const p = parseArgon2(encoded);
    assert.deepEqual([p.m, p.t, p.p, p.salt.length, p.hash.length], [131072, 1, c.raw.hashers.argon2.parallelism, 16, 32]);
  });

  it('case=unusable parameters fail when the hasher is built', () => {
    assert.throws(() => createHasher(config({ algorithm: 'argon2', argon2: { parallelism: 256 } })), HasherConfigError);
    assert.throws(() => createHasher(config({ algorithm: 'argon2', argon2: { memory: '1KB', parallelism: 4 } })), HasherConfigError);
  });

  it('case=decode reads back exactly what generate wrote', async () => {
    const hasher = new Argon2Hasher({ memoryKiB: 1024, iterations: 1, parallelism: 2, saltLength: 16, keyLength: 20 }, new HashLimiter(1));
    const d = decodeArgon2id(await hasher.generate('pw'));
    assert.ok(d);
    assert.deepEqual(d.params, { memoryKiB: 1024, iterations: 1, parallelism: 2, keyLength: 20 });
    assert.equal(d.salt.length, 16);
  });
});

describe('isHashOfAlgorithm', () => {
  it('case=decides transparent re-hash by family only', () => {
    assert.equal(isHashOfAlgorithm('$2a$10$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u', 'bcrypt'), true);
    assert.equal(isHashOfAlgorithm('$2a$10$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u', 'argon2'), false);
    assert.equal(isHashOfAlgorithm('$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc', 'argon2'), true);
    assert.equal(isHashOfAlgorithm('$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc', 'bcrypt'), false);
    assert.equal(isHashOfAlgorithm('$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$x', 'argon2'), false);
    assert.equal(isHashOfAlgorithm('$pbkdf2-sha256$i=1,l=32$c2FsdA$x', 'bcrypt'), false);
    assert.equal(isHashOfAlgorithm('$pbkdf2-sha256$i=1,l=32$c2FsdA$x', 'argon2'), false);
  });
});

describe('encoding helpers', () => {
  it('case=binary byte sizes', () => {
    assert.equal(parseBinaryByteSize('128MB'), 128 * 1024 * 1024);
    assert.equal(parseBinaryByteSize('1GB'), 1024 ** 3);
    assert.equal(parseBinaryByteSize('2KB'), 2048);
    assert.equal(parseBinaryByteSize('12'), null);
  });

  it('case=strict raw base64 refuses padding, URL alphabet and stray bits', () => {
    assert.deepEqual(decodeRawStdStrict('c29tZXNhbHQ'), Buffer.from('somesalt'));
    assert.equal(decodeRawStdStrict('c29tZXNhbHQ='), null);
    assert.equal(decodeRawStdStrict('c29tZXNhbHR'), null, 'non-zero trailing bits');
    assert.equal(decodeRawStdStrict('ab-_'), null);
    assert.equal(decodeRawStdStrict('abcde'), null);
  });
});
