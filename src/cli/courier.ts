/** `gatehouse courier watch` (config.md §5.1): the delivery loop alone, without listeners. */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { configFiles, fail, loadCommandConfig } from './common.js';
import { workerOptionsFromEnv, type CourierWorker } from '../courier/worker.js';
import { buildRegistry, NotMigratedError, type Registry } from '../registry.js';
import { createLogger } from '../x/logger.js';

export interface RunningCourier {
  registry: Registry;
  worker: CourierWorker;
  /** Finishes the send in flight, puts the rest of the batch back and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the configured database (refusing an unmigrated one, like serve) and starts the loop.
 * `expose-metrics-port` is accepted, but this build has no metrics registry (prom-client is not
 * a dependency), so nothing is served and a warning says so.
 */
export async function startCourier(config: Config, opts: { logger: Logger; env?: NodeJS.ProcessEnv }): Promise<RunningCourier> {
  const options = workerOptionsFromEnv(opts.env ?? process.env);
  const registry = await buildRegistry({ config, logger: opts.logger });
  const port = config.raw['expose-metrics-port'];
  if (port > 0) {
    opts.logger.warn({ port }, 'courier: metrics are not available in this build; nothing is served on the metrics port');
  }
  const worker = registry.courier.worker(opts.logger.child({ component: 'courier' }), options);
  worker.start();
  return {
    registry,
    worker,
    async close() {
      await worker.stop();
      await registry.close();
    },
  };
}


function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) fail(`--expose-metrics-port: not a port number: "${v}"`);
  return n;
}

/** Registers `courier watch`. */
export function registerCourierCommands(program: Command): void {
  const courier = program.command('courier').description('Commands related to the courier (outgoing email)');
  courier
    .command('watch')
    .description('Deliver queued messages until stopped (SIGINT/SIGTERM)')
    .option('-c, --config <file>', 'config file (repeatable or comma-separated)', configFiles, [])
    .option('--expose-metrics-port <port>', 'accepted for compatibility; this build serves no metrics', parsePort)
    .action(async (o: { config: string[]; exposeMetricsPort?: number }) => {
      const flags: Record<string, unknown> = {};
      if (o.exposeMetricsPort !== undefined) flags['expose-metrics-port'] = o.exposeMetricsPort;
      const config = await loadCommandConfig(o.config, flags);
      const logger = createLogger({ level: config.logLevel });
      let running: RunningCourier;
      try {
        running = await startCourier(config, { logger });
      } catch (err) {
        logger.flush();
        if (err instanceof NotMigratedError) fail(err.message.replace('"gatehouse serve"', '"gatehouse courier watch"'));
        fail(`gatehouse: unable to start the courier: ${(err as Error).message}`);
      }
      logger.info('courier: watching the message queue');
      process.stdout.write('Courier is watching the message queue\n');
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        logger.info('courier: shutting down');
        await running.close();
        // The log is buffered; the last lines (why a send failed) must reach stderr before exit.
        await new Promise<void>((resolve) => logger.flush(() => resolve()));
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
