import type { Config } from '../config/config.js';
import { ConfigError } from '../config/errors.js';
import { loadConfig } from '../config/load.js';

/** `-c a.yml -c b.yml` and `-c a.yml,b.yml` both add files in order. */
export const configFiles = (v: string, prev: string[]): string[] => [...prev, ...v.split(',').filter(Boolean)];

/** Prints the message to stderr and exits with status 1. */
export function fail(message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(1);
}

/** The configuration of a long-running command; a configuration error ends the process with its message. */
export async function loadCommandConfig(files: string[], flags: Record<string, unknown> = {}): Promise<Config> {
  try {
    return await loadConfig({ files, env: process.env, flags });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}
