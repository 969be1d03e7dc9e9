import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The session cookie value: `<unix seconds>.<token>.<mac>` where mac = base64url(HMAC-SHA256(
 * secret, name|issued|token)). Clients treat it as opaque (session.md §2.3); the first secret
 * signs, every secret is accepted so secrets can be rotated by prepending a new one.
 */
const MAX_AGE_SECONDS = 30 * 24 * 3600;
const MAX_LENGTH = 4096;

function mac(secret: string, name: string, issued: string, token: string): string {
  return createHmac('sha256', secret).update(`${name}|${issued}|${token}`).digest('base64url');
}

export function encodeSessionCookie(name: string, token: string, secrets: readonly string[], nowMs: number): string {
  const issued = String(Math.floor(nowMs / 1000));
  return `${issued}.${token}.${mac(secrets[0] as string, name, issued, token)}`;
}

/** The session token in a cookie value, or null when it is malformed, forged or too old. */
export function decodeSessionCookie(name: string, value: string, secrets: readonly string[], nowMs: number): string | null {
  if (value.length > MAX_LENGTH) return null;
  const parts = value.split('.');
  if (parts.length !== 3) return null;
  const [issued, token, given] = parts as [string, string, string];
  if (!/^\d{1,12}$/.test(issued) || token === '') return null;
  if (nowMs / 1000 - Number(issued) > MAX_AGE_SECONDS) return null;
  const givenBuf = Buffer.from(given);
  for (const secret of secrets) {
    const expected = Buffer.from(mac(secret, name, issued, token));
    if (expected.length === givenBuf.length && timingSafeEqual(expected, givenBuf)) return token;
  }
  return null;
}
