import type { FastifyRequest } from 'fastify';

/** Parses the Cookie header lazily (the whoami hot path often needs no cookie at all). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

export function requestCookie(req: FastifyRequest, name: string): string | undefined {
  return parseCookies(req.headers.cookie).get(name);
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  domain?: string;
  path?: string;
  sameSite?: 'Strict' | 'Lax' | 'None';
  secure?: boolean;
  httpOnly?: boolean;
}

/** Serialises a Set-Cookie header value. */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`];
  if (o.path) parts.push(`Path=${o.path}`);
  if (o.domain) parts.push(`Domain=${o.domain}`);
  if (o.maxAgeSeconds !== undefined) {
    if (o.maxAgeSeconds <= 0) {
      parts.push('Expires=Thu, 01 Jan 1970 00:00:01 GMT', 'Max-Age=0');
    } else {
      parts.push(`Expires=${new Date(Date.now() + o.maxAgeSeconds * 1000).toUTCString()}`, `Max-Age=${o.maxAgeSeconds}`);
    }
  }
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  if (o.sameSite) parts.push(`SameSite=${o.sameSite}`);
  return parts.join('; ');
}
