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
export function registerCsrfMiddleware(app: FastifyInstance, settings: () => CsrfSettings): void {
  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done) => {
    const path = req.url.split('?', 1)[0] as string;
    if (isDisabledPath(path)) return done();
    // Appended: the CORS layer may already have set `Vary: Origin`.
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${String(vary)}, Cookie` : 'Cookie');
    if (isIgnoredPath(path)) return done();
    const s = settings();
    const cookie = decodeCookieToken(parseCookies(req.headers.cookie).get(csrfCookieName(s.publicBaseUrl)));
    if (!cookie) reply.header('set-cookie', csrfSetCookie(s, newCsrfToken()));
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
