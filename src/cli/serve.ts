import { chmod } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { workerOptionsFromEnv, type CourierWorker } from '../courier/worker.js';
import { buildAdminApp, buildPublicApp } from '../http/listeners.js';
import { buildRegistry, type Registry } from '../registry.js';

export interface RunningServer {
  registry: Registry;
  publicApp: FastifyInstance;
  adminApp: FastifyInstance;
  publicAddress: string;
  adminAddress: string;
  /** The delivery loop when `watch-courier` is on (`--watch-courier`), else null. */
  courierWorker: CourierWorker | null;
  close(): Promise<void>;
}

interface ListenerSettings {
  host: string;
  port: number;
  socket?: { mode?: number };
}

async function listen(app: FastifyInstance, l: ListenerSettings): Promise<string> {
  if (l.host.startsWith('unix:')) {
    const path = l.host.slice('unix:'.length);
    await app.listen({ path });
    await chmod(path, l.socket?.mode ?? 0o755);
    return `unix:${path}`;
  }
  return app.listen({ host: l.host || '0.0.0.0', port: l.port });
}

/**
 * Builds the registry, starts both listeners and, with `watch-courier`, the courier's delivery
 * loop (tuned by the GATEHOUSE_COURIER_* variables of `env`, see worker.ts).
 */
export async function startServer(
  config: Config,
  opts: { logger: Registry['logger']; migrate?: boolean; env?: NodeJS.ProcessEnv },
): Promise<RunningServer> {
  const courierOptions = config.raw['watch-courier'] ? workerOptionsFromEnv(opts.env ?? process.env) : null;
  const registry = await buildRegistry({ config, logger: opts.logger, migrate: opts.migrate });
  const publicApp = await buildPublicApp(registry);
  const adminApp = await buildAdminApp(registry);
  const pub = config.raw.serve.public;
  const adm = config.raw.serve.admin;
  const publicAddress = await listen(publicApp, { host: pub.host, port: pub.port, socket: pub.socket });
  const adminAddress = await listen(adminApp, { host: adm.host, port: adm.port, socket: adm.socket });
  const courierWorker = courierOptions ? registry.courier.worker(opts.logger.child({ component: 'courier' }), courierOptions) : null;
  courierWorker?.start();
  return {
    registry,
    publicApp,
    adminApp,
    publicAddress,
    adminAddress,
    courierWorker,
    async close() {
      // The worker first: it finishes the send in flight and puts the rest of its batch back.
      await courierWorker?.stop();
      await Promise.allSettled([publicApp.close(), adminApp.close()]);
      await registry.close();
    },
  };
}
