/** Verifying a password against any stored hash format (identity.md §3.1). */
import { compareArgon2id, isArgon2idHash } from './argon2.js';
import { compareBcrypt, isBcryptHash } from './bcrypt.js';
import { sharedHashLimiter } from './limiter.js';
import type { HashLimiter } from './limiter.js';
import { comparePbkdf2, isPbkdf2Hash } from './pbkdf2.js';

export interface CompareOptions {
  /** Defaults to the process-wide limiter shared with the hashers. */
  limiter?: HashLimiter;
}

/**
 * Resolves true only when `password` matches. Every failure — mismatch, unknown prefix, a
 * corrupt stored hash, a password the format cannot represent — resolves false rather than
 * throwing, because login must answer all of them with the same "invalid credentials" message.
 */
export async function comparePassword(password: string, encoded: string, opts: CompareOptions = {}): Promise<boolean> {
  if (typeof password !== 'string' || typeof encoded !== 'string') return false;
  const limiter = opts.limiter ?? sharedHashLimiter();
  if (isBcryptHash(encoded)) return compareBcrypt(password, encoded, limiter);
  if (isArgon2idHash(encoded)) return compareArgon2id(password, encoded, limiter);
  if (isPbkdf2Hash(encoded)) return comparePbkdf2(password, encoded, limiter);
  return false;
}
