import { Command, Option } from 'commander';
import { ConfigError } from './config/errors.js';
import { loadConfig } from './config/load.js';
import { API_VERSION } from './health/routes.js';
import { registerCourierCommands } from './cli/courier.js';
import { registerIdentityCommands } from './cli/identities.js';
import { runMigrate } from './cli/migrate.js';
import { startServer } from './cli/serve.js';
import { NotMigratedError } from './registry.js';
import { webUiBanner } from './webui/banner.js';
import { createLogger } from './x/logger.js';

import { configFiles, fail, loadCommandConfig } from './cli/common.js';

export function buildCli(): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse — an identity server speaking the Ory Kratos v0.8 API')
    .showHelpAfterError()
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 1));

  program
    .command('serve')
    .description('Run the public and admin HTTP listeners')
    .option('-c, --config <file>', 'config file (repeatable or comma-separated)', configFiles, [])
    .option('--dev', 'dev mode: cookies without Secure, relaxed hashing cost')
    .option('--sqa-opt-out', 'accepted for compatibility; Gatehouse sends no telemetry')
    .option('--watch-courier', 'run the courier inside serve')
    .action(async (o: { config: string[]; dev?: boolean; watchCourier?: boolean; sqaOptOut?: boolean }) => {
      const flags: Record<string, unknown> = {};
      if (o.dev) flags.dev = true;
      if (o.watchCourier) flags['watch-courier'] = true;
      if (o.sqaOptOut) flags['sqa-opt-out'] = true;
      const config = await loadCommandConfig(o.config, flags);
      const logger = createLogger({ level: config.logLevel });
      if (config.dev) logger.warn('running in dev mode: cookies are not Secure — never do this in production');
      const mismatch = config.versionMismatchWarning(API_VERSION);
      if (mismatch) logger.warn(mismatch);
      let server;
      try {
        server = await startServer(config, { logger });
      } catch (err) {
        logger.flush();
        if (err instanceof NotMigratedError) fail(err.message);
        fail(`gatehouse: unable to start: ${(err as Error).message}`);
      }
      logger.info({ public: server.publicAddress, admin: server.adminAddress }, 'Gatehouse is listening');
      process.stdout.write(
        `Gatehouse is listening: public ${config.publicBaseUrl.href} (${server.publicAddress}), admin ${config.adminBaseUrl.href} (${server.adminAddress})\n`,
      );
      process.stdout.write(webUiBanner(config));
      const stop = async () => {
        logger.info('shutting down');
        await server.close();
        // pino writes asynchronously: exit only once the last lines are out.
        logger.flush(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  const migrate = program.command('migrate').description('Database migrations');
  migrate
    .command('sql')
    .description('Create or upgrade the database schema')
    .argument('[database-url]', 'DSN of the database')
    .option('-e, --read-from-env', 'read the DSN from the DSN environment variable or the config')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('-c, --config <file>', 'config file (repeatable or comma-separated)', configFiles, [])
    .action(async (dsnArg: string | undefined, o: { readFromEnv?: boolean; yes?: boolean; config: string[] }) => {
      let dsn = dsnArg;
      if (o.readFromEnv) {
        dsn = process.env.DSN;
        if (!dsn && o.config.length > 0) {
          try {
            dsn = (await loadConfig({ files: o.config, env: process.env })).dsn;
          } catch (err) {
            if (err instanceof ConfigError) fail(err.message);
            throw err;
          }
        }
        if (!dsn) fail(`${migrate.commands[0]?.helpInformation() ?? ''}\nWhen using flag -e, environment variable DSN must be set`);
      }
      if (!dsn) fail(migrate.commands[0]?.helpInformation() ?? 'missing database-url');
      try {
        process.exitCode = await runMigrate({ dsn, yes: Boolean(o.yes), out: process.stdout, input: process.stdin });
      } catch (err) {
        fail(`Could not apply migrations: ${(err as Error).message}`);
      }
    });

  program
    .command('version')
    .description('Print the version')
    .action(() => {
      process.stdout.write(`Version:\t${API_VERSION}\nBuild Commit:\tgatehouse\nBuild Timestamp:\tundefined\n`);
    });

  registerIdentityCommands(program);
  registerCourierCommands(program);
  program.addOption(new Option('--no-color').hideHelp());
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}
