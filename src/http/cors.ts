import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { CorsConfig } from '../config/types.js';

export type CorsSettings = CorsConfig;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An origin matcher: exact origins, `*`, or entries with one `*` wildcard. */
export function originMatcher(allowed: readonly string[]): (origin: string) => boolean {
  if (allowed.length === 0 || allowed.includes('*')) return () => true;
  const exact = new Set(allowed.filter((o) => !o.includes('*')).map((o) => o.toLowerCase()));
  const patterns = allowed
    .filter((o) => o.includes('*'))
    .map((o) => new RegExp('^' + o.toLowerCase().split('*').map(escapeRegex).join('[^/]*') + '$'));
  return (origin) => {
    const o = origin.toLowerCase();
    return exact.has(o) || patterns.some((p) => p.test(o));
  };
}

/** CORS on the public listener (config.md serve.public.cors.*). */
export async function registerCors(app: FastifyInstance, c: CorsSettings): Promise<void> {
  if (!c.enabled) return;
  const matches = originMatcher(c.allowed_origins);
  await app.register(cors, {
    // Echo the matching origin (never `*`), so credentials work as with the Go middleware.
    origin: (origin, cb) => cb(null, origin ? matches(origin) : false),
    methods: c.allowed_methods,
    allowedHeaders: c.allowed_headers,
    exposedHeaders: c.exposed_headers,
    credentials: c.allow_credentials,
    maxAge: c.max_age > 0 ? c.max_age : undefined,
    preflightContinue: c.options_passthrough,
    strictPreflight: false,
    hook: 'onRequest',
  });
}
