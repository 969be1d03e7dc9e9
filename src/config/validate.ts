/**
 * The pipeline shared by loadConfig and configFromObject: flags → environment → schema
 * validation with defaults filled in.
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import { applyEnv, setPath } from './env.js';
import { ConfigError, describeAjvErrors } from './errors.js';
import { FORMAT_ABSOLUTE_URL, FORMAT_URL_OR_PATH } from './schema-defs.js';
import { configSchema } from './schema.js';
import type { KratosConfig } from './types.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the
// module object for the type checker but the function at run time, so take whichever is callable.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin;

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** Absolute URL with a scheme: `https://…`, `file:///…`, `base64://…`. */
export function isAbsoluteUrl(value: string): boolean {
  if (!SCHEME.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Absolute URL, or a path starting with a single `/` (`//host` would be a scheme-relative URL). */
export function isUrlOrAbsolutePath(value: string): boolean {
  if (isAbsoluteUrl(value)) return true;
  if (!value.startsWith('/') || value.startsWith('//')) return false;
  try {
    new URL(value, 'http://localhost');
    return true;
  } catch {
    return false;
  }
}

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!validator) {
    // verbose: errors carry their schema, which errors.ts uses for wording.
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true });
    addFormats(ajv);
    ajv.addFormat(FORMAT_ABSOLUTE_URL, isAbsoluteUrl);
    ajv.addFormat(FORMAT_URL_OR_PATH, isUrlOrAbsolutePath);
    validator = ajv.compile(configSchema);
  }
  return validator;
}

/** Validates a merged document (a copy is taken) and returns it with defaults filled. */
export function validateDocument(doc: unknown): KratosConfig {
  const copy: unknown = structuredClone(doc);
  const validate = compiled();
  if (!validate(copy)) throw new ConfigError(describeAjvErrors(validate.errors ?? []));
  return copy as KratosConfig;
}

/** Options shared by loadConfig and configFromObject. */
export interface PipelineOptions {
  /** Command-line flags by schema key (`dev`, `watch-courier`, or a dotted path); undefined values are skipped. */
  flags?: Record<string, unknown>;
  /** Environment to read overrides from. */
  env?: Record<string, string | undefined>;
}

/** Applies flags, then environment variables, to `doc` (copied) and validates the result. */
export function resolveDocument(doc: Record<string, unknown>, opts: PipelineOptions): KratosConfig {
  const working = structuredClone(doc);
  for (const [key, value] of Object.entries(opts.flags ?? {})) {
    if (value !== undefined) setPath(working, key.split('.'), value);
  }
  const env = opts.env ?? {};
  applyEnv(working, env, configSchema);
  // Not a schema path, but read by upstream's tracer setup with the same precedence as env.
  const propagation = env['JAEGER_PROPAGATION'];
  if (propagation !== undefined) setPath(working, ['tracing', 'providers', 'jaeger', 'propagation'], propagation);
  return validateDocument(working);
}
