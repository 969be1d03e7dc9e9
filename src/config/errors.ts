/** The one error type of the configuration module, and the wording of Ajv's errors. */
import type { ErrorObject } from 'ajv';
import { FORMAT_ABSOLUTE_URL, FORMAT_URL_OR_PATH } from './schema-defs.js';

/**
 * Thrown for any configuration problem (unreadable file, bad environment value, schema
 * violation). `message` has one `config: …` line per problem so the CLI can print it as is.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: string[]) {
    const lines = problems.map((p) => (p.startsWith('config: ') ? p : `config: ${p}`));
    super(lines.join('\n'));
    this.problems = lines;
  }
}

/** `/serve/public/port` → `serve.public.port` (JSON-pointer escapes undone). */
export function keyPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

const join = (a: string, b: string): string => (a ? `${a}.${b}` : b);

const FORMAT_WORDING: Record<string, string> = {
  [FORMAT_ABSOLUTE_URL]: 'must be an absolute URL',
  [FORMAT_URL_OR_PATH]: 'must be an absolute URL or an absolute path',
  email: 'must be an email address',
  uri: 'must be an absolute URI',
};

/** Wrapper keywords whose sub-errors (reported separately) already say what is wrong. */
const WRAPPERS = new Set(['if', 'anyOf', 'oneOf', 'allOf']);

function describe(e: ErrorObject): string | null {
  const path = keyPath(e.instancePath);
  const at = path || 'root';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(params['additionalProperty'])}" at ${at}`;
    case 'required': {
      const why = (e.parentSchema as { description?: unknown } | undefined)?.description;
      const suffix = typeof why === 'string' ? ` (${why})` : '';
      return `${join(path, String(params['missingProperty']))}: is required${suffix}`;
    }
    case 'enum':
      return `${at}: must be one of: ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `${at}: must be ${JSON.stringify(params['allowedValue'])}`;
    case 'false schema':
      return `${at}: is not allowed here`;
    case 'not': {
      const forbidden = (e.schema as { const?: unknown } | undefined)?.const;
      return forbidden === undefined ? `${at}: is not allowed` : `${at}: must not be ${JSON.stringify(forbidden)}`;
    }
    case 'format': {
      const wording = FORMAT_WORDING[String(params['format'])];
      // The value is not echoed: URLs may carry credentials.
      return `${at}: ${wording ?? e.message ?? 'has an invalid format'}`;
    }
    default:
      if (WRAPPERS.has(e.keyword)) return null;
      return `${at}: ${e.message ?? 'is invalid'}`;
  }
}

/** One line per distinct problem; wrapper errors are dropped unless they are all there is. */
export function describeAjvErrors(errors: readonly ErrorObject[]): string[] {
  const lines = new Set<string>();
  for (const e of errors) {
    const line = describe(e);
    if (line) lines.add(line);
  }
  if (lines.size === 0) {
    for (const e of errors) lines.add(`${keyPath(e.instancePath) || 'root'}: ${e.message ?? 'is invalid'}`);
  }
  return [...lines];
}
