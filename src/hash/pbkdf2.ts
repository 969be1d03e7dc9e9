/** PBKDF2 hashes (compare only; identity.md §3.1): `$pbkdf2-<digest>$i=<iter>,l=<len>$<salt>$<hash>`. */
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { bytesEqual, decodeRawStdStrict } from './encoding.js';
import type { HashLimiter } from './limiter.js';

export const PBKDF2_HASH_RE = /^\$pbkdf2-sha[0-9]{1,3}\$/;

export const isPbkdf2Hash = (encoded: string): boolean => PBKDF2_HASH_RE.test(encoded);

const pbkdf2Async = promisify(pbkdf2);

/**
 * Digests to try, in order, for the name in the prefix. Unknown names fall back to SHA-256 as
 * upstream does. Upstream's `getPseudorandomFunctionForPbkdf2` (hash/hasher_pbkdf2.go) maps
 * `sha224`/`sha384` to SHA-3-224/SHA-3-384 — almost certainly a slip, since every other name
 * means SHA-1/SHA-2. We verify with the intended SHA-2 first and fall back to SHA-3, so hashes
 * imported from other systems and hashes written by Kratos itself both keep working.
 */
export function pbkdf2Digests(name: string): readonly string[] {
  switch (name) {
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return [name];
    case 'sha224':
      return ['sha224', 'sha3-224'];
    case 'sha384':
      return ['sha384', 'sha3-384'];
    default:
      return ['sha256'];
  }
}

interface DecodedPbkdf2 {
  digests: readonly string[];
  iterations: number;
  salt: Buffer;
  key: Buffer;
}

/** Parses the encoded form; null for anything upstream's decoder would refuse. */
export function decodePbkdf2(encoded: string): DecodedPbkdf2 | null {
  const parts = encoded.split('$');
  if (parts.length !== 5) return null;
  const alg = /^pbkdf2-(sha[0-9]{1,3})$/.exec(parts[1] ?? '');
  // `l=` is parsed but, as upstream, the stored digest's own length decides the key length.
  const params = /^i=([0-9]{1,10}),l=[0-9]{1,10}$/.exec(parts[2] ?? '');
  if (!alg || !params) return null;
  const salt = decodeRawStdStrict(parts[3] ?? '');
  const key = decodeRawStdStrict(parts[4] ?? '');
  // An empty key would "match" every password (two empty buffers compare equal).
  if (!salt || !key || key.length === 0) return null;
  // Go's pbkdf2 treats 0 iterations as 1 (the first block is always computed); node rejects 0.
  const iterations = Math.max(1, Number(params[1]));
  if (iterations > 0x7fff_ffff) return null;
  return { digests: pbkdf2Digests(alg[1] as string), iterations, salt, key };
}

export async function comparePbkdf2(password: string, encoded: string, limiter: HashLimiter): Promise<boolean> {
  const decoded = decodePbkdf2(encoded);
  if (!decoded) return false;
  const { digests, iterations, salt, key } = decoded;
  try {
    return await limiter.run(async () => {
      for (const digest of digests) {
        if (bytesEqual(await pbkdf2Async(password, salt, iterations, key.length, digest), key)) return true;
      }
      return false;
    });
  } catch {
    return false;
  }
}
