/**
 * Environment overrides (config.md §1.1). A variable matches a schema key when its lower-cased
 * name with `_` turned into `.` equals the key path with `_` also turned into `.`; there is no
 * prefix, and variables that match nothing are ignored.
 */
import { ConfigError } from './errors.js';
import type { SchemaNode } from './schema-defs.js';

/** A settable key: its path segments and its schema node. */
export interface SchemaPath {
  path: string[];
  schema: SchemaNode;
}

/**
 * Every leaf key of the schema, in schema order. Objects with declared `properties` are walked
 * (their leaves are the keys); free-form objects (`courier.smtp.headers`) and arrays are leaves
 * set as JSON. Array items are not addressable individually, as upstream.
 */
export function listSchemaPaths(schema: SchemaNode, prefix: string[] = []): SchemaPath[] {
  const props = schema['properties'] as Record<string, SchemaNode> | undefined;
  if (!props) return prefix.length ? [{ path: prefix, schema }] : [];
  return Object.entries(props).flatMap(([key, sub]) =>
    typeof sub === 'object' && sub !== null ? listSchemaPaths(sub, [...prefix, key]) : [],
  );
}

const normalize = (s: string): string => s.toLowerCase().replace(/_/g, '.');

function typeOf(schema: SchemaNode | undefined): string | undefined {
  const t = schema?.['type'];
  return Array.isArray(t) ? (t[0] as string | undefined) : (t as string | undefined);
}

// Go's strconv.ParseBool accepts exactly these spellings.
const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

class BadValue extends Error {}

function parseJson(raw: string, want: 'array' | 'object'): unknown {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new BadValue(`must be a JSON ${want}`);
  }
  const ok = want === 'array' ? Array.isArray(v) : typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!ok) throw new BadValue(`must be a JSON ${want}`);
  return v;
}

function convertScalar(raw: string, type: string | undefined): unknown {
  switch (type) {
    case 'integer':
      if (!/^[+-]?[0-9]+$/.test(raw.trim())) throw new BadValue('must be an integer');
      return Number(raw.trim());
    case 'number': {
      const n = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(n)) throw new BadValue('must be a number');
      return n;
    }
    case 'boolean':
      if (TRUE.has(raw.trim())) return true;
      if (FALSE.has(raw.trim())) return false;
      throw new BadValue('must be a boolean (true or false)');
    default:
      return raw;
  }
}

/** Converts a variable's text to the type the schema node asks for. */
export function convertEnvValue(raw: string, schema: SchemaNode): unknown {
  const type = typeOf(schema);
  if (type === 'object') return parseJson(raw, 'object');
  if (type !== 'array') return convertScalar(raw, type);
  const items = schema['items'] as SchemaNode | undefined;
  const itemType = typeOf(items);
  if (itemType === 'object' || itemType === 'array' || raw.trim().startsWith('[')) return parseJson(raw, 'array');
  if (raw.trim() === '') return [];
  return raw.split(',').map((part) => convertScalar(part.trim(), itemType));
}

/** Sets `value` at `path`, creating (or replacing non-object) intermediate objects. */
export function setPath(doc: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = doc;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** Applies matching environment variables to `doc` in place; throws one ConfigError for all bad values. */
export function applyEnv(
  doc: Record<string, unknown>,
  env: Record<string, string | undefined>,
  schema: SchemaNode,
): void {
  const byName = new Map<string, SchemaPath>();
  for (const p of listSchemaPaths(schema)) {
    const key = normalize(p.path.join('.'));
    if (!byName.has(key)) byName.set(key, p);
  }
  const problems: string[] = [];
  // Sorted so that the outcome does not depend on the platform's environment order.
  for (const name of Object.keys(env).sort()) {
    const raw = env[name];
    const target = byName.get(normalize(name));
    if (raw === undefined || !target) continue;
    try {
      setPath(doc, target.path, convertEnvValue(raw, target.schema));
    } catch (err) {
      if (!(err instanceof BadValue)) throw err;
      problems.push(`environment variable ${name} (${target.path.join('.')}): ${err.message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
}
