/** Password hashing: write with the configured algorithm, verify any supported format. */
export { ARGON2ID_HASH_RE, Argon2Hasher, argon2ParamsFromConfig, decodeArgon2id, isArgon2idHash } from './argon2.js';
export type { Argon2Params } from './argon2.js';
export { BCRYPT_HASH_RE, BCRYPT_MAX_PASSWORD_BYTES, BcryptHasher, isBcryptHash } from './bcrypt.js';
export { comparePassword } from './compare.js';
export type { CompareOptions } from './compare.js';
export { BCRYPT_TOO_LONG_REASON, HasherConfigError, PasswordTooLongError } from './errors.js';
export { fakeCompare, randomDelayMs } from './fake.js';
export type { FakeCompareOptions } from './fake.js';
export { createHasher, isHashOfAlgorithm } from './hasher.js';
export type { HashAlgorithm, Hasher, HasherConfig, HasherOptions } from './hasher.js';
export { HashLimiter, defaultHashConcurrency, libuvThreadpoolSize, sharedHashLimiter } from './limiter.js';
export type { HashLimiterStats } from './limiter.js';
export { PBKDF2_HASH_RE, isPbkdf2Hash } from './pbkdf2.js';
