import { emailExtensionError } from './extension.js';
import type { WalkPosition as At } from './extension.js';
import { FORMATS, schemaRegExp } from './formats.js';
import type { SchemaErrorNode } from './errors.js';
import { goFloat, goQuote, goSyntax, numberText, pointerToken } from './gofmt.js';
import { isObject, jsonEqual, jsonType, resolveRef } from './refs.js';

/**
 * A second, slower validator that reproduces the *error tree* of the Go validator Kratos uses
 * (keyword order, early return on `type`, `validation failed` grouping, `$ref` wrapping, message
 * texts). Ajv decides validity on the hot path; this only runs once a document is known to be
 * invalid, or to check schemas against meta-schemas, where readable errors matter more than speed.
 */

const MAX_DEPTH = 256;

interface Ctx {
  root: unknown;
  depth: number;
}

const leaf = (at: At, sp: string, keyword: string, message: string): SchemaErrorNode => ({
  instancePtr: at.ip,
  schemaPtr: sp,
  keyword,
  message,
  path: at.path,
  causes: [],
});

const group = (at: At, sp: string, keyword: string, message: string, causes: SchemaErrorNode[]): SchemaErrorNode => ({
  ...leaf(at, sp, keyword, message),
  causes,
});

const child = (at: At, schemaTail: string, key?: string): At =>
  key === undefined
    ? { sp: `${at.sp}/${schemaTail}`, ip: at.ip, path: at.path }
    : { sp: `${at.sp}/${schemaTail}`, ip: `${at.ip}/${pointerToken(key)}`, path: [...at.path, key] };

const isPrimitive = (v: unknown): boolean => !Array.isArray(v) && !isObject(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Validates `value` against `root` and returns the Go-shaped error tree, or null when valid. */
export function explain(root: unknown, value: unknown): SchemaErrorNode | null {
  return check({ root, depth: 0 }, root, { sp: '#', ip: '#', path: [] }, value);
}

function check(ctx: Ctx, schema: unknown, at: At, v: unknown): SchemaErrorNode | null {
  if (schema === false) return leaf(at, at.sp, 'false', 'always fail');
  if (!isObject(schema)) return null;
  if (++ctx.depth > MAX_DEPTH) throw new Error(`JSON Schema recursion deeper than ${MAX_DEPTH} at ${at.sp}`);
  try {
    return checkNode(ctx, schema, at, v);
  } finally {
    ctx.depth--;
  }
}

function checkNode(ctx: Ctx, s: Record<string, unknown>, at: At, v: unknown): SchemaErrorNode | null {
  if (typeof s.$ref === 'string') {
    const target = resolveRef(ctx.root, s.$ref);
    if (!target) throw new Error(`unresolvable $ref ${JSON.stringify(s.$ref)} at ${at.sp}`);
    const err = check(ctx, target.schema, { ...at, sp: target.ptr }, v);
    return err && group(at, `${at.sp}/$ref`, '$ref', `doesn't validate with ${goQuote(target.ptr)}`, [err]);
  }

  const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type.map(String) : [];
  if (types.length > 0) {
    const vt = jsonType(v);
    const ok = types.some((t) => t === vt || (t === 'integer' && vt === 'number' && Number.isInteger(v)));
    if (!ok) return leaf(at, `${at.sp}/type`, 'type', `expected ${types.join(' or ')}, but got ${vt}`);
  }

  const errors: SchemaErrorNode[] = [];
  const push = (e: SchemaErrorNode | null): void => {
    if (e) errors.push(e);
  };

  if (Object.hasOwn(s, 'const') && !jsonEqual(v, s.const)) {
    push(leaf(at, `${at.sp}/const`, 'const', isPrimitive(s.const) ? `value must be ${goSyntax(s.const)}` : 'const failed'));
  }
  if (Array.isArray(s.enum) && s.enum.length > 0 && !s.enum.some((e) => jsonEqual(v, e))) {
    const list = s.enum;
    const message = !list.every(isPrimitive)
      ? 'enum failed'
      : list.length === 1
        ? `value must be ${goSyntax(list[0])}`
        : `value must be one of ${list.map(goSyntax).join(', ')}`;
    push(leaf(at, `${at.sp}/enum`, 'enum', message));
  }
  if (typeof s.format === 'string' && typeof v === 'string') {
    const fmt = FORMATS[s.format];
    if (fmt && !fmt(v)) push(leaf(at, `${at.sp}/format`, 'format', `${goQuote(v)} is not valid ${goQuote(s.format)}`));
  }
  if (s.not !== undefined && check(ctx, s.not, child(at, 'not'), v) === null) {
    push(leaf(at, `${at.sp}/not`, 'not', 'not failed'));
  }
  if (Array.isArray(s.allOf)) {
    s.allOf.forEach((sub, i) => {
      const e = check(ctx, sub, child(at, `allOf/${i}`), v);
      if (e) push(group(at, `${at.sp}/allOf/${i}`, 'allOf', 'allOf failed', [e]));
    });
  }
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) {
    const causes: SchemaErrorNode[] = [];
    let matched = false;
    for (const [i, sub] of s.anyOf.entries()) {
      const e = check(ctx, sub, child(at, `anyOf/${i}`), v);
      if (!e) {
        matched = true;
        break;
      }
      causes.push(e);
    }
    if (!matched) push(group(at, `${at.sp}/anyOf`, 'anyOf', 'anyOf failed', causes));
  }
  if (Array.isArray(s.oneOf) && s.oneOf.length > 0) {
    const causes: SchemaErrorNode[] = [];
    let matched = -1;
    for (const [i, sub] of s.oneOf.entries()) {
      const e = check(ctx, sub, child(at, `oneOf/${i}`), v);
      if (e) causes.push(e);
      else if (matched === -1) matched = i;
      else {
        push(leaf(at, `${at.sp}/oneOf`, 'oneOf', `valid against schemas at indexes ${matched} and ${i}`));
        break;
      }
    }
    if (matched === -1) push(group(at, `${at.sp}/oneOf`, 'oneOf', 'oneOf failed', causes));
  }
  if (s.if !== undefined) {
    if (check(ctx, s.if, child(at, 'if'), v) === null) {
      const e = s.then === undefined ? null : check(ctx, s.then, child(at, 'then'), v);
      if (e) push(group(at, `${at.sp}/then`, 'then', 'if-then failed', [e]));
    } else {
      const e = s.else === undefined ? null : check(ctx, s.else, child(at, 'else'), v);
      if (e) push(group(at, `${at.sp}/else`, 'else', 'if-else failed', [e]));
    }
  }

  if (isObject(v)) checkObject(ctx, s, at, v, push);
  else if (Array.isArray(v)) checkArray(ctx, s, at, v, push);
  else if (typeof v === 'string') checkString(s, at, v, push);
  else if (typeof v === 'number') checkNumber(s, at, v, push);

  push(emailExtensionError(s, v, at));

  if (errors.length === 0) return null;
  if (errors.length === 1) return errors[0] ?? null;
  return group(at, at.sp, '', 'validation failed', errors);
}

type Push = (e: SchemaErrorNode | null) => void;

function checkObject(ctx: Ctx, s: Record<string, unknown>, at: At, v: Record<string, unknown>, push: Push): void {
  const count = Object.keys(v).length;
  const minP = num(s.minProperties);
  const maxP = num(s.maxProperties);
  if (minP !== undefined && count < minP) {
    push(leaf(at, `${at.sp}/minProperties`, 'minProperties', `minimum ${minP} properties allowed, but found ${count} properties`));
  }
  if (maxP !== undefined && count > maxP) {
    push(leaf(at, `${at.sp}/maxProperties`, 'maxProperties', `maximum ${maxP} properties allowed, but found ${count} properties`));
  }
  if (Array.isArray(s.required)) {
    const missing = s.required.filter((p): p is string => typeof p === 'string' && !Object.hasOwn(v, p));
    if (missing.length > 0) {
      const e = leaf(at, `${at.sp}/required`, 'required', `missing properties: ${missing.map(goQuote).join(', ')}`);
      push({ ...e, missing });
    }
  }
  const additional = new Set(Object.keys(v));
  if (isObject(s.properties)) {
    for (const [name, sub] of Object.entries(s.properties)) {
      if (!Object.hasOwn(v, name)) continue;
      additional.delete(name);
      push(check(ctx, sub, child(at, `properties/${pointerToken(name)}`, name), v[name]));
    }
  }
  if (s.propertyNames !== undefined) {
    for (const name of Object.keys(v)) push(check(ctx, s.propertyNames, child(at, 'propertyNames', name), name));
  }
  if (isObject(s.patternProperties)) {
    for (const [pattern, sub] of Object.entries(s.patternProperties)) {
      const rx = schemaRegExp(pattern);
      for (const name of Object.keys(v)) {
        if (!rx?.test(name)) continue;
        additional.delete(name);
        push(check(ctx, sub, child(at, `patternProperties/${pointerToken(pattern)}`, name), v[name]));
      }
    }
  }
  if (s.additionalProperties === false && additional.size > 0) {
    const names = [...additional].map(goQuote).join(', ');
    push(leaf(at, `${at.sp}/additionalProperties`, 'additionalProperties', `additionalProperties ${names} not allowed`));
  } else if (isObject(s.additionalProperties)) {
    for (const name of additional) push(check(ctx, s.additionalProperties, child(at, 'additionalProperties', name), v[name]));
  }
  if (isObject(s.dependencies)) {
    for (const [dep, rule] of Object.entries(s.dependencies)) {
      if (!Object.hasOwn(v, dep)) continue;
      const sp = `${at.sp}/dependencies/${pointerToken(dep)}`;
      if (Array.isArray(rule)) {
        rule.forEach((name, i) => {
          if (typeof name === 'string' && !Object.hasOwn(v, name)) {
            const message = `property ${goQuote(name)} is required, if ${goQuote(dep)} property exists`;
            push(leaf(at, `${sp}/${i}`, 'dependencies', message));
          }
        });
      } else push(check(ctx, rule, { ...at, sp }, v));
    }
  }
}

function checkArray(ctx: Ctx, s: Record<string, unknown>, at: At, v: unknown[], push: Push): void {
  const minI = num(s.minItems);
  const maxI = num(s.maxItems);
  if (minI !== undefined && v.length < minI) {
    push(leaf(at, `${at.sp}/minItems`, 'minItems', `minimum ${minI} items allowed, but found ${v.length} items`));
  }
  if (maxI !== undefined && v.length > maxI) {
    push(leaf(at, `${at.sp}/maxItems`, 'maxItems', `maximum ${maxI} items allowed, but found ${v.length} items`));
  }
  if (s.uniqueItems === true) {
    outer: for (let i = 1; i < v.length; i++) {
      for (let j = 0; j < i; j++) {
        if (jsonEqual(v[i], v[j])) {
          push(leaf(at, `${at.sp}/uniqueItems`, 'uniqueItems', `items at index ${j} and ${i} are equal`));
          break outer;
        }
      }
    }
  }
  const items = s.items;
  if (Array.isArray(items)) {
    if (s.additionalItems === false && v.length > items.length) {
      const message = `only ${items.length} items are allowed, but found ${v.length} items`;
      push(leaf(at, `${at.sp}/additionalItems`, 'additionalItems', message));
    }
    for (const [i, item] of v.entries()) {
      if (i < items.length) push(check(ctx, items[i], child(at, `items/${i}`, String(i)), item));
      else if (isObject(s.additionalItems)) push(check(ctx, s.additionalItems, child(at, 'additionalItems', String(i)), item));
      else break;
    }
  } else if (items !== undefined) {
    for (const [i, item] of v.entries()) push(check(ctx, items, child(at, 'items', String(i)), item));
  }
  if (s.contains !== undefined) {
    const causes: SchemaErrorNode[] = [];
    let matched = false;
    for (const [i, item] of v.entries()) {
      const e = check(ctx, s.contains, child(at, 'contains', String(i)), item);
      if (!e) {
        matched = true;
        break;
      }
      causes.push(e);
    }
    if (!matched) push(group(at, `${at.sp}/contains`, 'contains', 'contains failed', causes));
  }
}

function checkString(s: Record<string, unknown>, at: At, v: string, push: Push): void {
  const minL = num(s.minLength);
  const maxL = num(s.maxLength);
  if (minL !== undefined || maxL !== undefined) {
    const length = [...v].length; // code points, like Go's utf8.RuneCount
    if (minL !== undefined && length < minL) push(leaf(at, `${at.sp}/minLength`, 'minLength', `length must be >= ${minL}, but got ${length}`));
    if (maxL !== undefined && length > maxL) push(leaf(at, `${at.sp}/maxLength`, 'maxLength', `length must be <= ${maxL}, but got ${length}`));
  }
  if (typeof s.pattern === 'string') {
    const rx = schemaRegExp(s.pattern);
    if (rx && !rx.test(v)) push(leaf(at, `${at.sp}/pattern`, 'pattern', `does not match pattern ${goQuote(s.pattern)}`));
  }
}

function checkNumber(s: Record<string, unknown>, at: At, v: number, push: Push): void {
  const found = numberText(v);
  const limit = (kw: string, op: string, failed: (l: number) => boolean): void => {
    const l = num(s[kw]);
    if (l !== undefined && failed(l)) push(leaf(at, `${at.sp}/${kw}`, kw, `must be ${op} ${goFloat(l)} but found ${found}`));
  };
  limit('minimum', '>=', (l) => v < l);
  limit('exclusiveMinimum', '>', (l) => v <= l);
  limit('maximum', '<=', (l) => v > l);
  limit('exclusiveMaximum', '<', (l) => v >= l);
  const m = num(s.multipleOf);
  if (m !== undefined && m > 0 && !Number.isInteger(v / m)) {
    push(leaf(at, `${at.sp}/multipleOf`, 'multipleOf', `${found} not multipleOf ${goFloat(m)}`));
  }
}
