import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../x/random.js';
import { forbidden } from './errors.js';

/** CSRF protection of the public listener (flows.md §7). */

export const CSRF_MAX_AGE_SECONDS = 31_536_000;

const names = new Map<string, string>();

/** `csrf_token_<sha256 hex of the public base URL>`; memoised, it is computed on every request. */
export function csrfCookieName(publicBaseUrl: string): string {
  let name = names.get(publicBaseUrl);
  if (!name) {
    name = `csrf_token_${sha256Hex(publicBaseUrl)}`;
    if (names.size > 64) names.clear();
    names.set(publicBaseUrl, name);
  }
  return name;
}

/** The 32-byte token of a cookie value, or null if the value is not a valid token. */
export function decodeCookieToken(value: string | undefined): Buffer | null {
  if (!value) return null;
  const buf = Buffer.from(value, 'base64');
  if (buf.length !== 32 || buf.toString('base64') !== value) return null;
  return buf;
}

export const newCsrfToken = (): string => randomBytes(32).toString('base64');

/** A masked form token: 32 random key bytes followed by (token XOR key), base64. */
export function maskToken(cookieToken: Buffer): string {
  const key = randomBytes(32);
  const out = Buffer.alloc(64);
  key.copy(out, 0);
  for (let i = 0; i < 32; i++) out[32 + i] = (cookieToken[i] as number) ^ (key[i] as number);
  return out.toString('base64');
}

/** Unmasks a form token; raw 32-byte tokens are accepted only when `allowRaw`. */
export function unmaskToken(formToken: string, allowRaw: boolean): Buffer | null {
  const buf = Buffer.from(formToken, 'base64');
  if (buf.length === 64) {
    const out = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) out[i] = (buf[i] as number) ^ (buf[32 + i] as number);
    return out;
  }
  return allowRaw && buf.length === 32 ? buf : null;
}

export function tokensMatch(cookieToken: Buffer | null, formToken: string | undefined, allowRaw: boolean): boolean {
  if (!cookieToken || !formToken) return false;
  const t = unmaskToken(formToken, allowRaw);
  return t !== null && timingSafeEqual(t, cookieToken);
}

/**
 * Upstream shares one details map between every CSRF error value, so all of them carry the
 * same three entries on the wire (flows.md §7 note). Clients rely on that exact object.
 */
export const CSRF_DETAILS = {
  docs: 'https://www.ory.sh/kratos/docs/debug/csrf',
  hint: 'The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).',
  reject_reason:
    'The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.',
};

export const csrfViolation = () =>
  forbidden(
    'The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.',
    {
      id: 'security_csrf_violation',
      message: 'the request was rejected to protect you from Cross-Site-Request-Forgery',
      details: { ...CSRF_DETAILS },
    },
  );

const IGNORED_EXACT = new Set([
  '/self-service/login/api',
  '/self-service/registration/api',
  '/self-service/settings/api',
  '/self-service/recovery/api',
  '/self-service/verification/api',
  '/self-service/login',
  '/self-service/registration',
  '/self-service/settings',
  '/self-service/recovery',
  '/self-service/verification',
  '/self-service/logout/api',
  '/sessions/whoami',
  '/identities',
  '/recovery/link',
]);

const DISABLED = new Set(['/health/alive', '/health/ready', '/version', '/metrics/prometheus']);

/** Paths on which the middleware never issues a cookie (a valid one is still read). */
export function isIgnoredPath(path: string): boolean {
  return IGNORED_EXACT.has(path) || path.startsWith('/identities/') || path.startsWith('/schemas/');
}

/** Paths on which the middleware does not run at all (no cookie, no `Vary: Cookie`). */
export const isDisabledPath = (path: string): boolean => DISABLED.has(path);

export const isSafeMethod = (m: string): boolean => m === 'GET' || m === 'HEAD' || m === 'OPTIONS' || m === 'TRACE';
