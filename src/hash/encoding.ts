/** Encodings shared by the PHC-style hash formats (argon2id, pbkdf2). */
import { timingSafeEqual } from 'node:crypto';

/** Standard base64 without `=` padding (Go's `base64.RawStdEncoding`). */
export function encodeRawStd(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/**
 * Decodes like Go's `RawStdEncoding.Strict()`: no padding, no URL alphabet, no whitespace and no
 * stray bits in the last character. Node's decoder silently skips all of those, so a tampered
 * stored hash could otherwise decode to the same bytes as a canonical one. Returns null on error.
 */
export function decodeRawStdStrict(input: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*$/.test(input) || input.length % 4 === 1) return null;
  const bytes = Buffer.from(input, 'base64');
  return encodeRawStd(bytes) === input ? bytes : null;
}

/** Constant-time equality that also treats length differences as a mismatch. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const BINARY_UNITS: Record<string, number> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
  PB: 1024 ** 5,
  EB: 1024 ** 6,
};

/**
 * Parses `hashers.argon2.memory`-style sizes with **binary** units: upstream reads them with
 * go-bytesize, where `1MB` is 1024² bytes, which is why the 128MB default becomes `m=131072`.
 * (x/duration.ts's parseByteSize uses decimal units and would yield 125000 KiB instead.)
 */
export function parseBinaryByteSize(input: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(B|KB|MB|GB|TB|PB|EB)$/i.exec(input.trim());
  if (!m) return null;
  return Math.floor(Number(m[1]) * (BINARY_UNITS[(m[2] as string).toUpperCase()] ?? 1));
}

/** UTF-8 length, which is what Go's `len(password)` and bcrypt's 72-byte limit count. */
export const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');
