import type { FastifyReply } from 'fastify';
import { setReplyCookie } from '../http/csrf-hook.js';
import { serializeCookie } from '../http/cookies.js';

/** Attributes of the session cookie (session.md §2.2). */
export interface SessionCookieSettings {
  name: string;
  domain?: string;
  path: string;
  sameSite: 'Strict' | 'Lax' | 'None';
  persistent: boolean;
  lifespanMs: number;
  dev: boolean;
}

/** Writes the session cookie carrying `value` (an encoded session token). */
export function setSessionCookie(reply: FastifyReply, s: SessionCookieSettings, value: string): void {
  setReplyCookie(
    reply,
    s.name,
    serializeCookie(s.name, value, {
      path: s.path,
      domain: s.domain,
      sameSite: s.sameSite,
      httpOnly: true,
      secure: !s.dev,
      maxAgeSeconds: s.persistent ? Math.floor(s.lifespanMs / 1000) : undefined,
    }),
  );
}

/** Deletes the session cookie (logout). */
export function clearSessionCookie(reply: FastifyReply, s: SessionCookieSettings): void {
  setReplyCookie(
    reply,
    s.name,
    serializeCookie(s.name, '', { path: s.path, domain: s.domain, sameSite: s.sameSite, httpOnly: true, secure: !s.dev, maxAgeSeconds: 0 }),
  );
}
