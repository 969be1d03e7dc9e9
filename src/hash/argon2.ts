/** argon2id in the exact encoding Kratos writes and parses (identity.md §3.1). */
import { randomBytes } from 'node:crypto';
import { hashRaw } from '@node-rs/argon2';
import type { Algorithm, Options, Version } from '@node-rs/argon2';
import type { KratosConfig } from '../config/types.js';
import { bytesEqual, decodeRawStdStrict, encodeRawStd, parseBinaryByteSize } from './encoding.js';
import { HasherConfigError } from './errors.js';
import type { Hasher } from './hasher.js';
import type { HashLimiter } from './limiter.js';

export const ARGON2ID_HASH_RE = /^\$argon2id\$/;

export const isArgon2idHash = (encoded: string): boolean => ARGON2ID_HASH_RE.test(encoded);

// The package declares these as `const enum`s, which verbatimModuleSyntax cannot inline; the
// numeric values are part of its published ABI.
const ARGON2ID = 2 as Algorithm;
const V0x13 = 1 as Version;
const ARGON2_VERSION = 19;

/** Parameters in the units of the encoded string (memory in KiB). */
export interface Argon2Params {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  saltLength: number;
  keyLength: number;
}

const U32_MAX = 0xffff_ffff;

/** Reads `hashers.argon2`, rejecting values Go would wrap or the native library would refuse. */
export function argon2ParamsFromConfig(c: KratosConfig['hashers']['argon2']): Argon2Params {
  const bytes = parseBinaryByteSize(c.memory);
  if (bytes === null) throw new HasherConfigError(`hashers.argon2.memory: invalid byte size "${c.memory}"`);
  const params: Argon2Params = {
    memoryKiB: Math.floor(bytes / 1024),
    iterations: c.iterations,
    parallelism: c.parallelism,
    saltLength: c.salt_length,
    keyLength: c.key_length,
  };
  const { memoryKiB, iterations, parallelism, saltLength, keyLength } = params;
  // Upstream stores parallelism in a uint8; argon2 needs at least 8 KiB per lane.
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 255) {
    throw new HasherConfigError(`hashers.argon2.parallelism must be 1–255, got ${parallelism}`);
  }
  if (memoryKiB < 8 * parallelism || memoryKiB > U32_MAX) {
    throw new HasherConfigError(`hashers.argon2.memory must be at least ${8 * parallelism}KB for parallelism ${parallelism}`);
  }
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > U32_MAX) {
    throw new HasherConfigError(`hashers.argon2.iterations must be a positive integer, got ${iterations}`);
  }
  if (!Number.isInteger(saltLength) || saltLength < 16) throw new HasherConfigError('hashers.argon2.salt_length must be at least 16');
  if (!Number.isInteger(keyLength) || keyLength < 16) throw new HasherConfigError('hashers.argon2.key_length must be at least 16');
  return params;
}

function nativeOptions(p: Omit<Argon2Params, 'saltLength'>, salt: Uint8Array): Options {
  return {
    algorithm: ARGON2ID,
    version: V0x13,
    memoryCost: p.memoryKiB,
    timeCost: p.iterations,
    parallelism: p.parallelism,
    outputLen: p.keyLength,
    salt,
  };
}

/**
 * Formats the string itself from a raw digest rather than using the library's encoder, so the
 * configured salt length and the `m,t,p` order are exactly what Kratos's Sscanf expects.
 */
export class Argon2Hasher implements Hasher {
  readonly algorithm = 'argon2' as const;

  constructor(
    readonly params: Argon2Params,
    private readonly limiter: HashLimiter,
  ) {}

  async generate(password: string): Promise<string> {
    const p = this.params;
    const salt = randomBytes(p.saltLength);
    const digest = await this.limiter.run(() => hashRaw(password, nativeOptions(p, salt)));
    return `$argon2id$v=${ARGON2_VERSION}$m=${p.memoryKiB},t=${p.iterations},p=${p.parallelism}$${encodeRawStd(salt)}$${encodeRawStd(digest)}`;
  }
}

interface DecodedArgon2 {
  params: Omit<Argon2Params, 'saltLength'>;
  salt: Buffer;
  digest: Buffer;
}

/** Parses `$argon2id$v=19$m=…,t=…,p=…$salt$hash`; null for anything upstream would refuse. */
export function decodeArgon2id(encoded: string): DecodedArgon2 | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[1] !== 'argon2id') return null;
  if (parts[2] !== `v=${ARGON2_VERSION}`) return null;
  const m = /^m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,3})$/.exec(parts[3] ?? '');
  if (!m) return null;
  const [memoryKiB, iterations, parallelism] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (memoryKiB > U32_MAX || iterations < 1 || iterations > U32_MAX || parallelism < 1 || parallelism > 255) return null;
  const salt = decodeRawStdStrict(parts[4] ?? '');
  const digest = decodeRawStdStrict(parts[5] ?? '');
  // An empty digest would "match" every password in a constant-time compare of two empty buffers.
  if (!salt || !digest || digest.length === 0) return null;
  return { params: { memoryKiB, iterations, parallelism, keyLength: digest.length }, salt, digest };
}

/**
 * Re-derives with the stored parameters (key length = stored digest length, as upstream) and
 * compares in constant time. Hashing raw instead of calling the library's `verify` keeps Go's
 * range: `verify` refuses digests over 64 bytes, which Kratos happily writes for key_length > 64.
 */
export async function compareArgon2id(password: string, encoded: string, limiter: HashLimiter): Promise<boolean> {
  const decoded = decodeArgon2id(encoded);
  if (!decoded) return false;
  try {
    const derived = await limiter.run(() => hashRaw(password, nativeOptions(decoded.params, decoded.salt)));
    return bytesEqual(derived, decoded.digest);
  } catch {
    // e.g. a salt shorter than the native minimum of 8 bytes, or m < 8·p.
    return false;
  }
}
