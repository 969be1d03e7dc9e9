/** text/template's predefined functions (and, or, not, len, index, print, eq, ...). */
import { FuncError } from './errors.js';
import { sprint, sprintln } from './format.js';
import { fixed, str, toIndex, variadic } from './func-util.js';
import type { FuncTable } from './func-util.js';
import { goSprintf } from './printf.js';
import { goLen, isMap, mapGet, NO_VALUE, truth, typeName } from './values.js';

/**
 * text/template's evalArgs: a lone string as is, otherwise fmt.Sprint with nil shown as
 * `<no value>` (what Go's html, js and urlquery functions print for a missing value).
 */
export function evalArgs(args: readonly unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined || a === NO_VALUE ? '<no value>' : a)));
}

/** template.HTMLEscapeString. */
export function htmlEscapeString(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
}

/** template.JSEscapeString. */
export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const named: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D', '`': '\\u0060' };
    const n = named[ch];
    if (n !== undefined) out += n;
    else if (cp < 0x20 || cp === 0x7f || cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

type Kind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'other';
function kind(v: unknown): Kind {
  if (v === null || v === undefined || v === NO_VALUE) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  return 'other';
}
const numeric = (k: Kind): boolean => k === 'int' || k === 'float';

/** Go compares int and float64 only after an error; we compare them numerically instead. */
function numCompare(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function eq1(a: unknown, b: unknown): boolean {
  const ka = kind(a);
  const kb = kind(b);
  if (ka === 'nil' || kb === 'nil') return ka === kb;
  if (numeric(ka) && numeric(kb)) return numCompare(a as number | bigint, b as number | bigint) === 0;
  if (ka !== kb) throw new FuncError('incompatible types for comparison');
  if (ka === 'other') throw new FuncError(`non-comparable type ${typeName(a)}`);
  return a === b;
}

function lt(a: unknown, b: unknown): boolean {
  const ka = kind(a);
  const kb = kind(b);
  if (ka === 'nil' || ka === 'bool' || ka === 'other' || kb === 'nil' || kb === 'bool' || kb === 'other') {
    throw new FuncError('invalid type for comparison');
  }
  if (numeric(ka) && numeric(kb)) return numCompare(a as number | bigint, b as number | bigint) < 0;
  if (ka !== kb) throw new FuncError('incompatible types for comparison');
  return (a as string) < (b as string);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  let v = item;
  if (v === null || v === NO_VALUE) throw new FuncError('index of untyped nil');
  for (const ix of indexes) {
    if (v === null || v === NO_VALUE) throw new FuncError('index of nil pointer');
    if (Array.isArray(v) || typeof v === 'string') {
      const i = toIndex(ix, typeof v === 'string' ? 'string' : 'slice/array');
      const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : null;
      const len = bytes === null ? (v as unknown[]).length : bytes.length;
      if (i < 0 || i >= len) throw new FuncError(`index out of range: ${i}`);
      v = bytes === null ? ((v as unknown[])[i] ?? null) : BigInt(bytes[i] ?? 0);
    } else if (isMap(v)) {
      if (typeof ix !== 'string') throw new FuncError(`value has type ${typeName(ix)}; should be string`);
      const got = mapGet(v, ix);
      v = got === NO_VALUE ? null : got;
    } else {
      throw new FuncError(`can't index item of type ${typeName(v)}`);
    }
  }
  return v;
}

/** Go's builtin `slice` on strings (bytes); lists are handled by Sprig's `slice`. */
export function sliceString(s: string, indexes: unknown[]): string {
  const bytes = Buffer.from(s, 'utf8');
  const idx = indexes.map((x) => toIndex(x, 'string'));
  if (idx.length > 2) throw new FuncError('cannot 3-index slice a string');
  const lo = idx[0] ?? 0;
  const hi = idx[1] ?? bytes.length;
  if (lo < 0 || hi > bytes.length || lo > hi) throw new FuncError(`index out of range: ${lo > hi ? lo : hi}`);
  return bytes.subarray(lo, hi).toString('utf8');
}

/** text/template builtins. `and`, `or` and `call` are evaluated by the executor. */
export const BUILTINS: FuncTable = {
  and: variadic(1, (a) => a.find((v) => !truth(v)) ?? a[a.length - 1]),
  or: variadic(1, (a) => a.find((v) => truth(v)) ?? a[a.length - 1]),
  not: fixed(1, ([v]) => !truth(v)),
  len: fixed(1, ([v]) => {
    if (v === null) throw new FuncError('len of untyped nil');
    const n = goLen(v);
    if (n === null) throw new FuncError(`len of type ${typeName(v)}`);
    return BigInt(n);
  }),
  index: variadic(1, ([item, ...ix]) => index(item, ...ix)),
  print: variadic(0, (a) => sprint(a)),
  printf: variadic(1, ([f, ...a]) => goSprintf(str(f), a)),
  println: variadic(0, (a) => sprintln(a)),
  html: variadic(0, (a) => htmlEscapeString(evalArgs(a))),
  js: variadic(0, (a) => jsEscapeString(evalArgs(a))),
  urlquery: variadic(0, (a) => queryEscape(evalArgs(a))),
  eq: variadic(1, ([a, ...bs]) => {
    if (bs.length === 0) throw new FuncError('missing argument for comparison');
    return bs.some((b) => eq1(a, b));
  }),
  ne: fixed(2, ([a, b]) => !eq1(a, b)),
  lt: fixed(2, ([a, b]) => lt(a, b)),
  le: fixed(2, ([a, b]) => lt(a, b) || eq1(a, b)),
  gt: fixed(2, ([a, b]) => !lt(a, b) && !eq1(a, b)),
  ge: fixed(2, ([a, b]) => !lt(a, b)),
  call: variadic(1, ([f]) => {
    throw new FuncError(`non-function ${f === null ? 'nil' : 'value'} of type ${typeName(f)}`);
  }),
};
