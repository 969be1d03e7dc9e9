import type { Logger } from 'pino';
import { createCipher, type Cipher } from './cipher/cipher.js';
import type { Config } from './config/config.js';
import { Courier } from './courier/courier.js';
import { EmailTemplates } from './courier/templates.js';
import { IdentityManager } from './identity/manager.js';
import { openDatabase, type SqlDatabase } from './persistence/sql/connect.js';
import { SchemaRegistry } from './schema/registry.js';
import { TraitsValidator } from './schema/validator.js';
import { SessionCache } from './session/cache.js';
import { SessionManager } from './session/manager.js';
import { systemClock, type Clock } from './x/time.js';

/** Every long-lived service of a running Gatehouse, built in dependency order. */
export interface Registry {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: SqlDatabase;
  cipher: Cipher;
  schemas: SchemaRegistry;
  validator: TraitsValidator;
  identityManager: IdentityManager;
  sessionManager: SessionManager;
  sessionCache: SessionCache;
  /** Queues mail; `courier.worker()` builds the delivery loop (serve --watch-courier, courier watch). */
  courier: Courier;
  close(): Promise<void>;
}

export interface RegistryOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Run pending migrations on start (always done for in-memory databases). */
  migrate?: boolean;
}

export class NotMigratedError extends Error {}

export async function buildRegistry(opts: RegistryOptions): Promise<Registry> {
  const { config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const schemas = new SchemaRegistry(config.identitySchemas);
  await schemas.checkAll();

  const db = await openDatabase(config.dsn, { logger });
  try {
    if (db.isMemory || opts.migrate) await db.migrate();
    const pending = await db.pendingMigrations();
    if (pending > 0) {
      throw new NotMigratedError(
        `The database has ${pending} pending migration(s). Run "gatehouse migrate sql -e --yes" (with DSN set) or "gatehouse migrate sql <dsn> --yes" before "gatehouse serve".`,
      );
    }
    await db.init();
  } catch (err) {
    await db.close();
    throw err;
  }

  const validator = new TraitsValidator(schemas);
  const identityManager = new IdentityManager({ identities: db.identities, validator, clock });
  const sessionManager = new SessionManager({
    sessions: db.sessions,
    clock,
    settings: () => ({
      lifespanMs: config.sessionLifespanMs,
      cookieName: config.sessionCookie.name,
      secrets: config.secretsCookie,
    }),
  });
  const sessionCache = new SessionCache(config.whoamiCache);
  const courier = new Courier({
    templates: new EmailTemplates({ overridePath: config.raw.courier?.template_override_path ?? 'courier/builtin/templates' }),
    persister: db.courier,
    clock,
    config,
  });
  const unsubscribe = db.onInvalidate((ev) => {
    // 'all': the cross-process channel dropped, so notifications may have been lost.
    if (ev.kind === 'all') sessionCache.clear();
    else if (ev.kind === 'identity') sessionCache.invalidateIdentity(ev.id);
    else sessionCache.invalidateSession(ev.id);
  });

  return {
    config,
    logger,
    clock,
    db,
    cipher: createCipher(config.raw.ciphers.algorithm, config.secretsCipher),
    schemas,
    validator,
    identityManager,
    sessionManager,
    sessionCache,
    courier,
    async close() {
      unsubscribe();
      sessionCache.clear();
      await db.close();
    },
  };
}
