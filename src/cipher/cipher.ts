import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { internal } from '../http/errors.js';

/**
 * Encryption of stored OIDC tokens (`ciphers.algorithm`, identity.md §3.2). Every algorithm
 * produces lower-case hex; empty strings stay empty.
 */
export interface Cipher {
  encrypt(plaintext: string): string;
  decrypt(hex: string): string;
}

export type CipherAlgorithm = 'noop' | 'aes' | 'xchacha20-poly1305';

const noop: Cipher = {
  encrypt: (p) => Buffer.from(p, 'utf8').toString('hex'),
  decrypt: (h) => Buffer.from(h, 'hex').toString('utf8'),
};

const noSecrets = (decrypt: boolean, algorithm: CipherAlgorithm) =>
  internal(
    decrypt
      ? `Unable to decipher the encrypted message because no ${algorithm === 'aes' ? 'AES' : 'cipher'} secrets were configured.`
      : 'Unable to encrypt message because no cipher secrets were configured.',
  );

/** Only 32-byte secrets are keys; upstream's positional copy of mixed lists is not reproduced. */
const keysOf = (secrets: readonly string[]) =>
  secrets.map((s) => Buffer.from(s, 'utf8')).filter((k) => k.length === 32);

function aes(keys: Buffer[]): Cipher {
  return {
    encrypt(p) {
      if (p === '') return '';
      const key = keys[0];
      if (!key) throw noSecrets(false, 'aes');
      const nonce = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([c.update(p, 'utf8'), c.final()]);
      return Buffer.concat([nonce, body, c.getAuthTag()]).toString('hex');
    },
    decrypt(h) {
      if (h === '') return '';
      if (keys.length === 0) throw noSecrets(true, 'aes');
      const raw = Buffer.from(h, 'hex');
      for (const key of keys) {
        try {
          const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
          d.setAuthTag(raw.subarray(raw.length - 16));
          return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
        } catch {
          // try the next key
        }
      }
      throw internal('Unable to decipher the encrypted message.');
    },
  };
}

function xchacha(keys: Buffer[]): Cipher {
  return {
    encrypt(p) {
      if (p === '') return '';
      const key = keys[0];
      if (!key) throw noSecrets(false, 'xchacha20-poly1305');
      const nonce = randomBytes(24);
      const sealed = xchacha20poly1305(key, nonce).encrypt(Buffer.from(p, 'utf8'));
      return Buffer.concat([nonce, sealed]).toString('hex');
    },
    decrypt(h) {
      if (h === '') return '';
      if (keys.length === 0) throw noSecrets(true, 'xchacha20-poly1305');
      const raw = Buffer.from(h, 'hex');
      for (const key of keys) {
        try {
          return Buffer.from(xchacha20poly1305(key, raw.subarray(0, 24)).decrypt(raw.subarray(24))).toString('utf8');
        } catch {
          // try the next key
        }
      }
      throw internal('Unable to decrypt string');
    },
  };
}

export function createCipher(algorithm: CipherAlgorithm, secrets: readonly string[]): Cipher {
  if (algorithm === 'aes') return aes(keysOf(secrets));
  if (algorithm === 'xchacha20-poly1305') return xchacha(keysOf(secrets));
  return noop;
}
