import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseCookies, serializeCookie } from './cookies.js';
import {
  CSRF_MAX_AGE_SECONDS,
  csrfCookieName,
  csrfViolation,
  decodeCookieToken,
  isDisabledPath,
  isIgnoredPath,
  isSafeMethod,
  newCsrfToken,
  tokensMatch,
} from './csrf.js';
import { sendError } from './server.js';

export interface CsrfSettings {
  publicBaseUrl: string;
  dev: boolean;
  domain?: string;
  path: string;
  sameSite: 'Strict' | 'Lax' | 'None';
}

/** The anti-CSRF cookie of a response. */
export function csrfSetCookie(s: CsrfSettings, token: string): string {
  return serializeCookie(csrfCookieName(s.publicBaseUrl), token, {
    path: s.path,
    domain: s.domain,
    maxAgeSeconds: CSRF_MAX_AGE_SECONDS,
    httpOnly: true,
    secure: !s.dev,
    sameSite: s.dev ? 'Lax' : s.sameSite,
  });
}

function formToken(req: FastifyRequest): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string' && header) return header;
  const ct = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (ct === 'application/x-www-form-urlencoded' && Buffer.isBuffer(req.body)) {
    return new URLSearchParams(req.body.toString('utf8')).get('csrf_token') ?? undefined;
  }
  return undefined;
}

/**
 * The public listener's CSRF middleware (flows.md §7): adds `Vary: Cookie`, issues the
 * anti-CSRF cookie where it is missing, and guards unsafe requests that no flow handler
 * checks itself (in practice: unknown routes, which then answer 403 instead of 404).
 */
const tokens = new WeakMap<FastifyRequest, Buffer>();

/**
 * The anti-CSRF token that is valid for this request's browser once the response arrives:
 * the cookie's, or the one the middleware just issued. Null on API-only paths without a cookie.
 */
export function requestCsrfToken(req: FastifyRequest): Buffer | null {
  return tokens.get(req) ?? null;
}

/** Sets a cookie on the reply, replacing one of the same name set earlier in this reply. */
export function setReplyCookie(reply: FastifyReply, name: string, header: string): void {
  const prev = reply.getHeader('set-cookie');
  const list = (Array.isArray(prev) ? prev : prev === undefined ? [] : [String(prev)]).filter(
    (c) => !String(c).startsWith(`${name}=`),
  );
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', [...list.map(String), header]);
}

/** Issues a fresh anti-CSRF cookie (logout, new session) and makes it this request's token. */
export function rotateCsrfToken(req: FastifyRequest, reply: FastifyReply, s: CsrfSettings): Buffer {
  const token = newCsrfToken();
  setReplyCookie(reply, csrfCookieName(s.publicBaseUrl), csrfSetCookie(s, token));
  const buf = Buffer.from(token, 'base64');
  tokens.set(req, buf);
  return buf;
}

export function registerCsrfMiddleware(app: FastifyInstance, settings: () => CsrfSettings): void {
  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done) => {
    const path = req.url.split('?', 1)[0] as string;
    if (isDisabledPath(path)) return done();
    // Appended: the CORS layer may already have set `Vary: Origin`.
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${String(vary)}, Cookie` : 'Cookie');
    // whoami never needs the token: keep the hottest path free of cookie parsing.
    if (path === '/sessions/whoami') return done();
    const s = settings();
    const cookie = decodeCookieToken(parseCookies(req.headers.cookie).get(csrfCookieName(s.publicBaseUrl)));
    if (cookie) tokens.set(req, cookie);
    else if (!isIgnoredPath(path)) rotateCsrfToken(req, reply, s);
    done();
  });

  // Unknown routes have no handler that checks a token, so the guard runs before the 404.
  app.addHook('preHandler', (req, reply, done) => {
    if (!req.is404 || isSafeMethod(req.method)) return done();
    const s = settings();
    const cookie = decodeCookieToken(parseCookies(req.headers.cookie).get(csrfCookieName(s.publicBaseUrl)));
    if (tokensMatch(cookie, formToken(req), false)) return done();
    sendError(req, reply, csrfViolation());
  });
}
