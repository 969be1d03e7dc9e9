/** Hashing on write with the configured algorithm (config.md §2.6). */
import type { Config } from '../config/config.js';
import { Argon2Hasher, argon2ParamsFromConfig, isArgon2idHash } from './argon2.js';
import { BcryptHasher, isBcryptHash } from './bcrypt.js';
import { sharedHashLimiter } from './limiter.js';
import type { HashLimiter } from './limiter.js';

/** The values of `hashers.algorithm`. */
export type HashAlgorithm = 'bcrypt' | 'argon2';

/** Produces an encoded hash for storage in a password credential's `hashed_password`. */
export interface Hasher {
  readonly algorithm: HashAlgorithm;
  /** Rejects with PasswordTooLongError when the algorithm cannot represent the password. */
  generate(password: string): Promise<string>;
}

/** Just the configuration the hashers read; a full Config satisfies it. */
export type HasherConfig = Pick<Config, 'bcryptCost'> & { readonly raw: Pick<Config['raw'], 'hashers'> };

export interface HasherOptions {
  /** Defaults to the process-wide limiter shared with comparePassword. */
  limiter?: HashLimiter;
}

/** Builds the hasher for `hashers.algorithm`; throws HasherConfigError for unusable parameters. */
export function createHasher(config: HasherConfig, opts: HasherOptions = {}): Hasher {
  const limiter = opts.limiter ?? sharedHashLimiter();
  const { hashers } = config.raw;
  if (hashers.algorithm === 'argon2') return new Argon2Hasher(argon2ParamsFromConfig(hashers.argon2), limiter);
  return new BcryptHasher(config.bcryptCost, limiter);
}

/**
 * Whether `encoded` is already in the format the configured hasher writes. Like upstream's
 * `Understands`, only the family counts, not its parameters: after a successful login a hash of
 * another family is re-hashed, a bcrypt hash of an older cost is kept.
 */
export function isHashOfAlgorithm(encoded: string, algorithm: HashAlgorithm): boolean {
  return algorithm === 'argon2' ? isArgon2idHash(encoded) : isBcryptHash(encoded);
}
