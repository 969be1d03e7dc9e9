import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/reply.js';

export interface HealthDeps {
  ping(): Promise<void>;
  pendingMigrations(): Promise<number>;
  /** Public listener: error texts may leak internals, so they are replaced. */
  obfuscate: boolean;
}

const OBFUSCATED = 'error may contain sensitive information and was obfuscated';

/** `/health/alive` and `/health/ready` (api.md §13). */
export function registerHealth(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/health/alive', async (_req, reply) => sendJson(reply, 200, { status: 'ok' }));

  app.get('/health/ready', async (_req, reply) => {
    const errors: Record<string, string> = {};
    try {
      await deps.ping();
      if ((await deps.pendingMigrations()) > 0) errors.migrations = 'migrations have not yet been fully applied';
    } catch (err) {
      errors.database = (err as Error).message || 'database is not reachable';
    }
    if (Object.keys(errors).length === 0) return sendJson(reply, 200, { status: 'ok' });
    if (deps.obfuscate) for (const k of Object.keys(errors)) errors[k] = OBFUSCATED;
    return sendJson(reply, 503, { errors });
  });
}

/** Version string reported by `/version`: the Kratos API version Gatehouse implements. */
export const API_VERSION = 'v0.8.2-alpha.1';

export function registerVersion(app: FastifyInstance): void {
  app.get('/version', async (_req, reply) => sendJson(reply, 200, { version: API_VERSION }));
}
