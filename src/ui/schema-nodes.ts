import { isObject, resolveRef } from '../schema/refs.js';
import { labelGenerated } from '../text/labels.js';
import { TRAITS_PREFIX } from './names.js';
import type { InputType, NodeGroupName } from './names.js';
import { inputNode } from './nodes.js';
import { dottedName } from './path.js';
import type { UiInputNode } from './types.js';

/**
 * Trait inputs from the identity JSON Schema (ui.md §4). The schema is walked in document order
 * through `properties`, local `$ref`, `allOf`/`anyOf`/`oneOf`, `if`/`then`/`else` and `not`.
 */

type Schema = Record<string, unknown>;

interface Leaf {
  name: string;
  /** The property schema with its `$ref` followed and `allOf` keywords merged in. */
  view: Schema;
  required: boolean;
  /** Objects recurse; these leaves are listed for sorting but produce no input. */
  input: boolean;
}

const MAX_DEPTH = 64;
const NOT_MERGED = new Set(['properties', 'required', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'not', '$ref']);

interface Walk {
  root: unknown;
  leaves: Map<string, Leaf>;
}

/** Follows `$ref` chains (draft-07: a `$ref` replaces its siblings). Undefined on a bad or cyclic ref. */
function deref(w: Walk, s: unknown, stack: ReadonlySet<string>): { schema: Schema; stack: Set<string> } | undefined {
  let cur = s;
  const next = new Set(stack);
  while (isObject(cur) && typeof cur.$ref === 'string') {
    const r = resolveRef(w.root, cur.$ref);
    if (!r || next.has(r.ptr)) return undefined;
    next.add(r.ptr);
    cur = r.schema;
  }
  if (cur === true) return { schema: {}, stack: next };
  return isObject(cur) ? { schema: cur, stack: next } : undefined;
}

/** The schema's own keywords, completed from its `allOf` branches (for typing a property). */
function view(w: Walk, s: unknown, stack: ReadonlySet<string>, depth = 0): Schema | undefined {
  const d = deref(w, s, stack);
  if (!d || depth > MAX_DEPTH) return undefined;
  const out: Schema = { ...d.schema };
  const allOf = Array.isArray(d.schema.allOf) ? d.schema.allOf : [];
  for (const branch of allOf) {
    const b = view(w, branch, d.stack, depth + 1);
    if (!b) continue;
    for (const [k, v] of Object.entries(b)) if (!NOT_MERGED.has(k) && !(k in out)) out[k] = v;
  }
  return out;
}

/** Does the schema (or one of its combinator branches) describe properties? */
function hasProperties(w: Walk, s: unknown, stack: ReadonlySet<string>, depth = 0): boolean {
  const d = deref(w, s, stack);
  if (!d || depth > MAX_DEPTH) return false;
  if (isObject(d.schema.properties)) return true;
  return branches(d.schema).some((b) => hasProperties(w, b.schema, d.stack, depth + 1));
}

/** Combinator branches; `always` marks those whose `required` surely applies to the instance. */
function branches(s: Schema): { schema: unknown; always: boolean }[] {
  const list = (k: string): unknown[] => (Array.isArray(s[k]) ? (s[k] as unknown[]) : []);
  const one = (k: string): unknown[] => (s[k] === undefined ? [] : [s[k]]);
  return [
    ...list('allOf').map((schema) => ({ schema, always: true })),
    ...[...list('anyOf'), ...list('oneOf'), ...one('if'), ...one('then'), ...one('else'), ...one('not')].map(
      (schema) => ({ schema, always: false }),
    ),
  ];
}

function typesOf(v: Schema): string[] {
  if (typeof v.type === 'string') return [v.type];
  return Array.isArray(v.type) ? v.type.filter((t): t is string => typeof t === 'string') : [];
}

const addRequired = (to: Set<string>, s: Schema): void => {
  if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string') to.add(r);
};

/**
 * Walks an object schema: its properties, then its combinator branches, all at the same path.
 * `required` counts where it surely applies: the object's own and its `allOf` branches'
 * (`own` is false inside anyOf/oneOf/if/then/else/not).
 */
function walkObject(
  w: Walk,
  s: unknown,
  path: string[],
  inherited: ReadonlySet<string>,
  own: boolean,
  stack: ReadonlySet<string>,
  depth: number,
): void {
  const d = deref(w, s, stack);
  if (!d || depth > MAX_DEPTH) return;
  const required = new Set(inherited);
  const parts = branches(d.schema);
  if (own) {
    addRequired(required, d.schema);
    for (const b of parts) {
      const bd = b.always ? deref(w, b.schema, d.stack) : undefined;
      if (bd) addRequired(required, bd.schema);
    }
  }
  if (isObject(d.schema.properties)) {
    for (const [key, prop] of Object.entries(d.schema.properties)) {
      visitProperty(w, prop, [...path, key], required.has(key), d.stack, depth + 1);
    }
  }
  for (const b of parts) walkObject(w, b.schema, path, required, own && b.always, d.stack, depth + 1);
}

function addLeaf(w: Walk, leaf: Leaf): void {
  const seen = w.leaves.get(leaf.name);
  if (!seen) w.leaves.set(leaf.name, leaf);
  else if (leaf.required) seen.required = true;
}

function visitProperty(w: Walk, prop: unknown, path: string[], required: boolean, stack: ReadonlySet<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const v = view(w, prop, stack);
  if (!v) return;
  const name = dottedName(path);
  const types = typesOf(v);
  if (types.length > 2) return addLeaf(w, { name, view: v, required, input: false });
  if (types.length === 2) return addLeaf(w, { name, view: v, required, input: v.default !== undefined });
  if (types[0] === 'object' || (types.length === 0 && hasProperties(w, prop, stack))) {
    const d = deref(w, prop, stack);
    if (d) walkObject(w, d.schema, path, new Set(), true, d.stack, depth + 1);
    return;
  }
  if (types[0] === 'array') {
    const items = Array.isArray(v.items) ? undefined : view(w, v.items ?? {}, stack);
    const itemTypes = items ? typesOf(items) : [];
    const objects = items !== undefined && (itemTypes.includes('object') || (itemTypes.length === 0 && hasProperties(w, v.items, stack)));
    return addLeaf(w, { name, view: v, required, input: !objects });
  }
  addLeaf(w, { name, view: v, required, input: true });
}

function collectLeaves(schemaDoc: unknown): Leaf[] {
  const w: Walk = { root: schemaDoc, leaves: new Map() };
  walkObject(w, schemaDoc, [], new Set(), true, new Set(), 0);
  const prefix = TRAITS_PREFIX + '.';
  return [...w.leaves.values()].filter((l) => l.name.startsWith(prefix));
}

function inputType(leaf: Leaf): InputType {
  const v = leaf.view;
  const types = typesOf(v);
  let type: InputType = 'text';
  // Two-type properties are typed by their default, the rest by `type` or a `const`.
  const probe = types.length === 2 ? v.default : types[0] ?? v.const;
  if (leaf.name.split('.').at(-1) === 'password') type = 'password';
  else if (probe === 'number' || probe === 'integer' || typeof probe === 'number') type = 'number';
  else if (probe === 'boolean' || typeof probe === 'boolean') type = 'checkbox';
  switch (v.format) {
    case 'date-time':
      return 'datetime-local';
    case 'email':
      return 'email';
    case 'date':
      return 'date';
    case 'uri':
      return 'url';
    case 'regex':
      return 'text';
    default:
      return type;
  }
}

/**
 * One input per leaf of `properties.traits` (ui.md §4), named `traits.a.b`, no value,
 * `required` from the parent's `required`, `pattern`, and the `title` as label 1070002.
 */
export function traitNodesFromSchema(schemaDoc: unknown, group: NodeGroupName): UiInputNode[] {
  return collectLeaves(schemaDoc)
    .filter((l) => l.input)
    .map((l) => {
      const { title, pattern } = l.view;
      return inputNode(l.name, group, inputType(l), {
        required: l.required,
        ...(typeof pattern === 'string' && pattern ? { pattern } : {}),
        ...(typeof title === 'string' && title ? { label: labelGenerated(title) } : {}),
      });
    });
}

/**
 * Every trait leaf path in document order (`traits.email`, `traits.name.first`, …) — the sort
 * keys of registration and settings. Also lists leaves that produce no input (arrays of
 * objects, multi-type properties), so values filled in for them sort at their schema position.
 */
export function schemaLeafPaths(schemaDoc: unknown): string[] {
  return collectLeaves(schemaDoc).map((l) => l.name);
}
