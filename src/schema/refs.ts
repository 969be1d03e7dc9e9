/** JSON and JSON-Schema document helpers shared by the compiler, the error explainer and the extension walk. */

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON type name the validator reports (`null`, `boolean`, `number`, `string`, `array`, `object`). */
export function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** JSON equality (numbers by value, object key order irrelevant). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

export interface ResolvedRef {
  schema: unknown;
  /** The target as a `#`-pointer, used in `doesn't validate with "<ptr>"` and in schema pointers. */
  ptr: string;
}

function decodeToken(token: string): string {
  let t = token;
  try {
    t = decodeURIComponent(token);
  } catch {
    // keep the raw token
  }
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Resolves a `$ref` inside `root`. Only references into the same document are supported: `#…`
 * or `<root $id>#…`. Anything else yields undefined (and fails compilation).
 */
export function resolveRef(root: unknown, ref: string): ResolvedRef | undefined {
  let fragment: string;
  if (ref.startsWith('#')) fragment = ref.slice(1);
  else {
    const id = isObject(root) && typeof root.$id === 'string' ? root.$id.replace(/#$/, '') : undefined;
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    if (id === undefined || base !== id) return undefined;
    fragment = hash < 0 ? '' : ref.slice(hash + 1);
  }
  if (fragment !== '' && !fragment.startsWith('/')) return undefined;
  let node: unknown = root;
  if (fragment !== '') {
    for (const token of fragment.slice(1).split('/').map(decodeToken)) {
      if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(token)) node = node[Number(token)];
      else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
      else return undefined;
    }
  }
  return { schema: node, ptr: '#' + fragment };
}

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];
const SCHEMA_VALUES = ['additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'items'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'items'];
// Kept next to `$ref`: they do not validate, they only locate or describe the document.
const KEPT_WITH_REF = new Set(['$ref', '$id', '$schema', 'definitions', '$defs']);

function transformChildren(node: Record<string, unknown>, fn: (n: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...node };
  for (const k of SCHEMA_MAPS) {
    const m = node[k];
    if (isObject(m)) out[k] = Object.fromEntries(Object.entries(m).map(([p, s]) => [p, Array.isArray(s) ? s : fn(s)]));
  }
  for (const k of SCHEMA_VALUES) if (isObject(node[k]) || typeof node[k] === 'boolean') out[k] = fn(node[k]);
  for (const k of SCHEMA_LISTS) {
    const list = node[k];
    if (Array.isArray(list)) out[k] = list.map(fn);
  }
  return out;
}

/**
 * The copy of a schema given to Ajv. Draft-07 ignores every keyword beside `$ref`, while Ajv 8
 * applies them; dropping them keeps Ajv's verdict equal to the Kratos validator's.
 */
export function prepareForAjv(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const base = typeof schema.$ref === 'string'
    ? Object.fromEntries(Object.entries(schema).filter(([k]) => KEPT_WITH_REF.has(k)))
    : schema;
  return transformChildren(base, prepareForAjv);
}
