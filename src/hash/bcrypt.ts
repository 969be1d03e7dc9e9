/** bcrypt: the schema-default hasher (identity.md §3.1). */
import { compare, hash } from 'bcrypt';
import { utf8Length } from './encoding.js';
import { HasherConfigError, PasswordTooLongError } from './errors.js';
import type { Hasher } from './hasher.js';
import type { HashLimiter } from './limiter.js';

/** bcrypt only reads this many bytes of a password; upstream rejects longer ones. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;

/** Go's bcrypt accepts `$2$` and any minor version; the regex is upstream's dispatch test. */
export const BCRYPT_HASH_RE = /^\$2[abzy]?\$/;

export const isBcryptHash = (encoded: string): boolean => BCRYPT_HASH_RE.test(encoded);

/**
 * Writes `$2a$<cost>$…` exactly like Go's x/crypto/bcrypt. The native library writes `$2b$`; for
 * passwords of at most 72 bytes (the only ones we hash) 2a and 2b are the same algorithm — they
 * differ only in a length-wraparound bug above 255 bytes — so relabelling is lossless and keeps
 * stored hashes byte-compatible with what Kratos itself would have written.
 */
export class BcryptHasher implements Hasher {
  readonly algorithm = 'bcrypt' as const;

  constructor(
    readonly cost: number,
    private readonly limiter: HashLimiter,
  ) {
    if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new HasherConfigError(`bcrypt cost must be 4–31, got ${cost}`);
  }

  async generate(password: string): Promise<string> {
    if (utf8Length(password) > BCRYPT_MAX_PASSWORD_BYTES) throw new PasswordTooLongError();
    const encoded = await this.limiter.run(() => hash(password, this.cost));
    return encoded.replace(/^\$2b\$/, '$2a$');
  }
}

/**
 * Compares against any `$2?$` hash. The native library only understands `$2a$`/`$2b$`, while Go
 * also verifies `$2$`, `$2y$` and `$2z$` with the same algorithm (for ≤ 72 bytes), so the label is
 * normalised first. Passwords over 72 bytes never match: upstream refuses them before comparing,
 * and otherwise any suffix after byte 72 would be accepted.
 */
export async function compareBcrypt(password: string, encoded: string, limiter: HashLimiter): Promise<boolean> {
  if (utf8Length(password) > BCRYPT_MAX_PASSWORD_BYTES) return false;
  const normalised = encoded.replace(/^\$2[abzy]?\$/, '$2b$');
  try {
    return await limiter.run(() => compare(password, normalised));
  } catch {
    return false;
  }
}
