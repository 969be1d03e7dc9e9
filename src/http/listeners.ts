import type { FastifyInstance } from 'fastify';
import { registerHealth, registerVersion } from '../health/routes.js';
import { registerIdentityRoutes } from '../identity/routes.js';
import type { Registry } from '../registry.js';
import { registerGetSchema, registerListSchemas } from '../schema/routes.js';
import { registerErrorRoutes } from '../selfservice/errorx/routes.js';
import { registerAdminSelfService, registerSelfService } from '../selfservice/routes.js';
import { registerAdminSessionRoutes, registerWhoami } from '../session/routes.js';
import { registerWebUi } from '../webui/index.js';
import { registerCors } from './cors.js';
import { registerCsrfMiddleware } from './csrf-hook.js';
import { ADMIN_ROUTES, PUBLIC_ROUTES, registerRedirects } from './redirects.js';
import { createApp, tlsFromConfig } from './server.js';

const NO_CACHE = 'private, no-cache, no-store, must-revalidate';
/** Public routes that carry no Cache-Control header (README of the spec). */
const UNCACHED_EXEMPT = new Set(['/sessions/whoami', '/health/alive', '/health/ready']);

/** The public listener: self-service, sessions, schemas, health. */
export async function buildPublicApp(r: Registry): Promise<FastifyInstance> {
  const c = r.config;
  const app = createApp({
    logger: r.logger,
    listener: 'public',
    quietHealth: c.raw.serve.public.request_log?.disable_for_health,
    tls: tlsFromConfig(c.raw.serve.public.tls),
  });
  await registerCors(app, c.cors);
  const csrf = () => ({
    publicBaseUrl: c.publicBaseUrl.href,
    dev: c.dev,
    domain: c.cookieDefaults.domain,
    path: c.cookieDefaults.path,
    sameSite: c.cookieDefaults.sameSite,
  });
  registerCsrfMiddleware(app, csrf);
  app.addHook('onRequest', (req, reply, done) => {
    if (!req.is404 && !UNCACHED_EXEMPT.has(req.url.split('?', 1)[0] as string)) reply.header('cache-control', NO_CACHE);
    done();
  });

  const publicBaseUrl = () => c.publicBaseUrl;
  registerHealth(app, { ping: () => r.db.ping(), pendingMigrations: () => r.db.pendingMigrations(), obfuscate: true });
  registerWhoami(app, {
    sessionManager: r.sessionManager,
    cache: r.sessionCache,
    clock: r.clock,
    requiredAal: () => c.whoamiRequiredAal,
    publicBaseUrl,
  });
  registerGetSchema(app, { schemas: r.schemas, publicBaseUrl });
  registerListSchemas(app, { schemas: r.schemas, publicBaseUrl });
  registerErrorRoutes(app, { errors: r.db.errors });
  registerSelfService(app, r, csrf);
  await registerWebUi(app, { config: c, logger: r.logger });
  registerRedirects(app, ADMIN_ROUTES, () => c.adminBaseUrl);
  return app;
}

/** The admin listener: identity management, session revocation, health, version. */
export async function buildAdminApp(r: Registry): Promise<FastifyInstance> {
  const c = r.config;
  const app = createApp({
    logger: r.logger,
    listener: 'admin',
    quietHealth: c.raw.serve.admin.request_log?.disable_for_health,
    tls: tlsFromConfig(c.raw.serve.admin.tls),
  });
  registerHealth(app, { ping: () => r.db.ping(), pendingMigrations: () => r.db.pendingMigrations(), obfuscate: false });
  registerVersion(app);
  registerIdentityRoutes(app, {
    identities: r.db.identities,
    identityManager: r.identityManager,
    publicBaseUrl: () => c.publicBaseUrl,
    adminBaseUrl: () => c.adminBaseUrl,
    cipher: () => r.cipher,
  });
  registerAdminSessionRoutes(app, { sessions: r.db.sessions });
  registerAdminSelfService(app, r);
  registerRedirects(app, PUBLIC_ROUTES, () => c.publicBaseUrl);
  return app;
}
