import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObject } from '../../../config/config.js';
import { minimalDoc } from '../../../config/fixtures.js';
import { PasswordTooLongError } from '../../../hash/errors.js';
import {
  BREACHED_REASON,
  PasswordPolicy,
  PasswordPolicyError,
  TOO_SIMILAR_REASON,
  passwordPolicyReason,
  policySettingsFromConfig,
} from './policy.js';
import type { PasswordPolicySettings } from './policy.js';
import { rejectionReason } from './policy-fixtures.js';
import { goToLower, isTooSimilar, lcsLength, levenshtein } from './policy-similarity.js';

/** No breach check here: nothing may leave the machine (policy-breach.test.ts covers HIBP). */
const offline = (over: Partial<PasswordPolicySettings> = {}) =>
  new PasswordPolicy({
    haveibeenpwnedEnabled: false,
    // Unroutable on purpose: a request here would fail the test instead of reaching the internet.
    haveibeenpwnedHost: '127.0.0.1:9',
    maxBreaches: 0,
    ignoreNetworkErrors: false,
    hashAlgorithm: 'bcrypt',
    ...over,
  });

const ID = 'alice@example.com';
const STRONG = 'correct horse battery staple';

describe('PasswordPolicy', () => {
  it('case=a strong password passes', async () => {
    await offline().validate(ID, STRONG);
  });

  it('case=shorter than 8 bytes, with the count in the reason', async () => {
    assert.equal(await rejectionReason(offline().validate(ID, 'qz7!Kp2')), 'password length must be at least 8 characters but only got 7');
    assert.equal(await rejectionReason(offline().validate(ID, '')), 'password length must be at least 8 characters but only got 0');
    // Go's len() counts bytes: 4 characters of which 3 are two bytes long.
    assert.equal(await rejectionReason(offline().validate(ID, 'ñøßq')), 'password length must be at least 8 characters but only got 7');
    await offline().validate(ID, 'ñøßqñøßq');
  });

  it('case=too similar to the identifier', async () => {
    for (const password of ['alice@example.com', 'ALICE@EXAMPLE.COM', 'alice@example.com1', 'xalice@example.co', 'secret-example.com']) {
      assert.equal(await rejectionReason(offline().validate(ID, password)), TOO_SIMILAR_REASON, password);
    }
    assert.equal(TOO_SIMILAR_REASON, 'the password is too similar to the user identifier');
  });

  it('case=similarity boundary is "more than half of the password"', async () => {
    // 8 shared characters of 16 is exactly half: allowed. Of 15: rejected.
    await offline().validate('qwertyui', 'qwertyui12345678');
    assert.equal(await rejectionReason(offline().validate('qwertyui', 'qwertyui1234567')), TOO_SIMILAR_REASON);
  });

  it('case=edit distance below 5 rejects even without a long common run', async () => {
    assert.equal(levenshtein('abcdefgh', 'abXdeYgZ'), 3);
    assert.ok(2 * lcsLength('abcdefgh', 'abxdeygz') <= 8);
    assert.equal(await rejectionReason(offline().validate('abcdefgh', 'abXdeYgZ')), TOO_SIMILAR_REASON);
  });

  it('case=72-byte limit only with bcrypt, checked first', async () => {
    const long = 'Zq9!'.repeat(18) + 'x';
    assert.equal(await rejectionReason(offline().validate(ID, long)), 'passwords are limited to a maximum length of 72 characters');
    await offline().validate(ID, long.slice(0, 72));
    await offline({ hashAlgorithm: 'argon2' }).validate(ID, long);
    // 37 characters, 74 bytes.
    assert.equal(await rejectionReason(offline().validate(ID, 'é'.repeat(37))), 'passwords are limited to a maximum length of 72 characters');
  });

  it('case=breach check skipped when haveibeenpwned_enabled is false', async () => {
    const policy = offline();
    await policy.validate(ID, 'password123456');
    assert.equal(policy.breachRequests, 0);
  });

  it('case=error message is the 4000005 text and the reason maps for hasher errors too', () => {
    const err = new PasswordPolicyError(BREACHED_REASON);
    assert.equal(err.messageId, 4000005);
    assert.equal(err.message, 'The password can not be used because the password has been found in data breaches and must no longer be used.');
    assert.equal(passwordPolicyReason(err), BREACHED_REASON);
    assert.equal(passwordPolicyReason(new PasswordTooLongError()), 'passwords are limited to a maximum length of 72 characters');
    assert.equal(passwordPolicyReason(new Error('x')), undefined);
  });

  it('case=settings from config defaults', () => {
    const s = policySettingsFromConfig(configFromObject(minimalDoc()));
    assert.deepEqual(s, {
      haveibeenpwnedEnabled: true,
      haveibeenpwnedHost: 'api.pwnedpasswords.com',
      maxBreaches: 0,
      ignoreNetworkErrors: true,
      hashAlgorithm: 'bcrypt',
    });
  });
});

describe('similarity helpers', () => {
  it('case=levenshtein counts code points', () => {
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.equal(levenshtein('日本', '日本語'), 1);
    assert.equal(levenshtein('', 'abc'), 3);
  });

  it('case=lowercasing maps one code point to one, like Go', () => {
    assert.equal(goToLower('İSTANBUL'), 'istanbul');
    assert.equal(goToLower('ΟΔΟΣ'), 'οδοσ');
  });

  it('case=regression upstream lcsLength indexes by byte offset: a run restarts after a multi-byte character', () => {
    assert.equal(lcsLength('eabc', 'xeabc'), 4);
    assert.equal(lcsLength('éabc', 'xéabc'), 3);
    assert.equal(lcsLength('abcé', 'xabcé'), 4);
  });

  it('case=isTooSimilar lower-cases both sides', () => {
    assert.equal(isTooSimilar('Bob.Builder@Example.org', 'bob.builder@example.org!!'), true);
    assert.equal(isTooSimilar('bob@example.org', STRONG), false);
  });
});
