import { createHash, randomBytes, randomUUID } from 'node:crypto';

const ALPHANUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A cryptographically random string of `length` characters from [a-zA-Z0-9]. */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    // 248 = 4 * 62: rejecting bytes >= 248 keeps the distribution uniform.
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALPHANUM[b % 62];
    }
  }
  return out;
}

export const newId = (): string => randomUUID();

export function sha256Hex(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID_RE.test(s);
