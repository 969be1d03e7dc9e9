import type { FastifyRequest } from 'fastify';
import { mediaType, rejectNul } from '../../http/body.js';
import { badRequest } from '../../http/errors.js';
import { resolveRef } from '../../schema/refs.js';

/**
 * Decoding of self-service submit bodies (api.md §1.1): JSON (nested, or flat with dotted
 * keys), urlencoded and multipart forms, or the URL query for GET submits. Form values are
 * converted to the types of the method's request schema (plus the identity schema under
 * `traits`), the way upstream's decoder does it.
 */

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

export interface FieldSpec {
  type: JsonType;
  /** For arrays: the item type. */
  items?: JsonType;
}

export interface MethodBodySchema {
  fields: Record<string, FieldSpec>;
  required: readonly string[];
}

export interface DecodeOptions {
  schema: MethodBodySchema;
  /** The identity JSON Schema, when the method accepts `traits`. */
  identitySchema?: unknown;
  /** HTTP methods this decoder accepts (e.g. POST, PUT, PATCH). */
  methods: readonly string[];
  /** GET submits merge the query into the body (email links, OIDC). */
  queryOnGet?: boolean;
}

const ACCEPTED = ['multipart/form-data', 'application/x-www-form-urlencoded', 'application/json'];

type Json = Record<string, unknown>;

/** JSON type of the identity-schema property at a dotted trait path, if known. */
function traitField(identitySchema: unknown, path: string[]): FieldSpec | null {
  let node = identitySchema as Json | undefined;
  const root = identitySchema;
  const deref = (n: Json | undefined): Json | undefined => {
    let cur = n;
    for (let i = 0; cur && typeof cur.$ref === 'string' && i < 16; i++) cur = resolveRef(root, cur.$ref)?.schema as Json | undefined;
    return cur;
  };
  node = deref(node);
  for (const seg of ['traits', ...path]) {
    const props = node?.properties as Json | undefined;
    // Own properties only: `__proto__` or `constructor` must never resolve to a schema node.
    node = deref(props && Object.hasOwn(props, seg) ? (props[seg] as Json) : undefined);
    if (!node) return null;
  }
  const t = node?.type;
  const type = (Array.isArray(t) ? t.find((x) => x !== 'null') : t) as JsonType | undefined;
  if (!type) return { type: 'string' };
  if (type === 'array') {
    const items = deref(node?.items as Json | undefined)?.type as JsonType | undefined;
    return { type, items: items ?? 'string' };
  }
  return { type };
}

function parseGoBool(v: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return null;
}

function convert(values: string[], spec: FieldSpec, required: boolean): { set: boolean; value?: unknown } {
  if (spec.type === 'array') {
    const items = values.filter((v) => v !== '').map((v) => convert([v], { type: spec.items ?? 'string' }, false).value);
    return { set: true, value: items };
  }
  if (spec.type === 'boolean') {
    const last = values[values.length - 1] ?? '';
    if (last === '') return required ? { set: true, value: false } : { set: false };
    const b = parseGoBool(last);
    return { set: true, value: b === null ? last : b };
  }
  const first = values[0] ?? '';
  if (spec.type === 'number' || spec.type === 'integer') {
    if (first === '') return required ? { set: true, value: 0 } : { set: false };
    const n = Number(first);
    return { set: true, value: Number.isFinite(n) && first.trim() !== '' ? n : first };
  }
  if (first === '') return { set: false };
  return { set: true, value: first };
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function setPath(target: Json, path: string[], value: unknown): void {
  if (path.some((seg) => UNSAFE_KEYS.has(seg))) return;
  let cur = target;
  for (const seg of path.slice(0, -1)) {
    if (typeof cur[seg] !== 'object' || cur[seg] === null || Array.isArray(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Json;
  }
  cur[path[path.length - 1] as string] = value;
}

/** Splits a dotted key; `\.` is a literal dot. */
function splitKey(key: string): string[] {
  return key.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
}

/** Form-like input (urlencoded, multipart, query, flat JSON) → typed payload. */
export function decodeFormValues(entries: Iterable<[string, string]>, o: DecodeOptions): Json {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of entries) {
    const list = grouped.get(k);
    if (list) list.push(v);
    else grouped.set(k, [v]);
  }
  const out: Json = {};
  for (const [key, values] of grouped) {
    const path = splitKey(key);
    let spec: FieldSpec | null = null;
    let required = false;
    if (path.length === 1 && o.schema.fields[key] && o.schema.fields[key]!.type !== 'object') {
      spec = o.schema.fields[key]!;
      required = o.schema.required.includes(key);
    } else if (path[0] === 'traits' && path.length > 1 && o.identitySchema) {
      spec = traitField(o.identitySchema, path.slice(1));
    }
    if (!spec || spec.type === 'object') continue; // unknown keys are dropped
    const r = convert(values, spec, required);
    if (r.set) setPath(out, path, r.value);
  }
  for (const [name, spec] of Object.entries(o.schema.fields)) {
    if (spec.type === 'object' && out[name] === undefined) out[name] = {};
  }
  return out;
}

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function scalarText(v: unknown): string {
  return v === null ? '' : String(v);
}

function decodeError(reason: string) {
  return badRequest(reason);
}

/** gjson's name of a JSON value's type, which upstream's decoder prints. */
function gjsonType(v: unknown): string {
  if (v === null) return 'Null';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return 'Number';
  if (typeof v === 'string') return 'String';
  return 'JSON';
}

/** Decodes the submit body of a flow request (api.md §1.1). */
export async function decodeFlowBody(req: FastifyRequest, o: DecodeOptions): Promise<Json> {
  return rejectNul(await decodeAny(req, o));
}

async function decodeAny(req: FastifyRequest, o: DecodeOptions): Promise<Json> {
  if (req.method === 'GET' && o.queryOnGet) {
    const url = new URL(req.url, 'http://x');
    return decodeFormValues(url.searchParams, o);
  }
  if (!o.methods.includes(req.method)) {
    throw decodeError(
      `Unable to decode body because HTTP Request Method was "${req.method}" but only [${o.methods.join(' ')}] are supported.`,
    );
  }
  const type = mediaType(req);
  if (!ACCEPTED.includes(type)) {
    throw decodeError(
      `HTTP ${req.method} Request used unknown HTTP Header "Content-Type: ${req.headers['content-type'] ?? ''}", only [${ACCEPTED.join(' ')}] are supported.`,
    );
  }
  const parsed = await parsedBody(req, type);
  if ('entries' in parsed) return decodeFormValues(parsed.entries, o);
  return structuredClone(parsed.object);
}

type Parsed = { entries: [string, string][] } | { object: Json };

// A submit is decoded once by the flow (to find the method) and once by the strategy: the
// body is parsed only once per request; only the cheap typing runs per schema.
const parsedBodies = new WeakMap<FastifyRequest, Promise<Parsed>>();

function parsedBody(req: FastifyRequest, type: string): Promise<Parsed> {
  let p = parsedBodies.get(req);
  if (!p) {
    p = parseBody(req, type);
    parsedBodies.set(req, p);
  }
  return p;
}

async function parseBody(req: FastifyRequest, type: string): Promise<Parsed> {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (raw.length === 0) {
    throw decodeError('Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.');
  }
  if (type === 'application/x-www-form-urlencoded') return { entries: [...new URLSearchParams(raw.toString('utf8'))] };
  if (type === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: raw }).formData();
    } catch (err) {
      throw decodeError(`Unable to parse the multipart form: ${(err as Error).message}`);
    }
    const entries: [string, string][] = [];
    form.forEach((v, k) => {
      if (typeof v === 'string') entries.push([k, v]);
    });
    return { entries };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw decodeError(`Unable to decode JSON payload: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw decodeError(`Expected JSON sent in request body to be an object but got: ${gjsonType(value)}`);
  }
  const obj = value as Json;
  // Flat JSON (all scalars) is treated exactly like a form.
  if (Object.values(obj).every(isScalar)) return { entries: Object.entries(obj).map(([k, v]): [string, string] => [k, scalarText(v)]) };
  return { object: obj };
}
