/** Reads configuration files, merges them, and builds a Config (config.md §1). */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { Config } from './config.js';
import type { ConfigOptions } from './config.js';
import { ConfigError } from './errors.js';
import { resolveDocument } from './validate.js';

export interface LoadOptions extends ConfigOptions {
  /** Files in order of increasing precedence; an entry may be a comma-separated list. */
  files: string[];
  /** Environment overrides; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Command-line flags by schema key, e.g. `{ dev: true, 'watch-courier': true }`. */
  flags?: Record<string, unknown>;
}

type Doc = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `['a.yml,b.json', 'c.toml']` → `['a.yml', 'b.json', 'c.toml']`. */
export function expandFileList(files: readonly string[]): string[] {
  return files.flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f !== '');
}

/** Objects are merged key by key; arrays and scalars from `over` replace those of `base`. */
export function deepMerge(base: Doc, over: Doc): Doc {
  const out: Doc = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function parseByExtension(file: string, text: string): unknown {
  switch (extname(file).toLowerCase()) {
    case '.yml':
    case '.yaml':
      // merge: Go's YAML decoder honours `<<` merge keys, which kratos.yml files in the wild use.
      return parseYaml(text, { merge: true });
    case '.json':
      return JSON.parse(text);
    case '.toml':
      return parseToml(text);
    default:
      throw new Error('unsupported file extension (use .yml, .yaml, .json or .toml)');
  }
}

/** Reads and parses one file; an empty file is an empty document. */
export async function readConfigFile(file: string): Promise<Doc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`cannot read config file ${file}: ${(err as Error).message}`]);
  }
  let doc: unknown;
  try {
    doc = parseByExtension(file, text);
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0] ?? 'parse error';
    throw new ConfigError([`cannot parse config file ${file}: ${reason}`]);
  }
  if (doc === null || doc === undefined) return {};
  if (!isPlainObject(doc)) throw new ConfigError([`config file ${file}: the document must be an object`]);
  return doc;
}

/**
 * Precedence, low to high: schema defaults → files in order → flags → environment.
 * Throws ConfigError on any problem.
 */
export async function loadConfig(opts: LoadOptions): Promise<Config> {
  let merged: Doc = {};
  for (const file of expandFileList(opts.files)) merged = deepMerge(merged, await readConfigFile(file));
  const raw = resolveDocument(merged, { flags: opts.flags ?? {}, env: opts.env ?? process.env });
  return new Config(raw, opts.hostname === undefined ? {} : { hostname: opts.hostname });
}
