/** Shared shapes and conversions for template functions (Go builtins and the Sprig subset). */
import { FuncError } from './errors.js';
import { formatValue } from './format.js';
import { GoTime } from './gotime.js';
import { isMap, NO_VALUE } from './values.js';

/** A template function: arity bounds (checked like Go's "wrong number of args") and body. */
export interface FuncDef {
  min: number;
  max: number;
  fn: (args: unknown[]) => unknown;
}

/** Function table by name. */
export type FuncTable = Readonly<Record<string, FuncDef>>;

/** Largest list or string a function may build; guards against `until 1e9` and `repeat 1e9`. */
export const MAX_BUILD = 1 << 20;

/** A function with exactly `n` arguments. */
export function fixed(n: number, fn: (args: unknown[]) => unknown): FuncDef {
  return { min: n, max: n, fn };
}

/** A function with at least `min` arguments. */
export function variadic(min: number, fn: (args: unknown[]) => unknown): FuncDef {
  return { min, max: Infinity, fn };
}

/**
 * A string parameter. Go would reject non-strings ("wrong type for value"); we render them with
 * %v instead, and nil as empty, so a template that works in Go behaves the same here.
 */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined || v === NO_VALUE) return '';
  return formatValue(v);
}

/** Sprig's strval: strings as is, everything else with %v (nil is `<nil>`). */
export function strval(v: unknown): string {
  return typeof v === 'string' ? v : formatValue(v);
}

/** spf13/cast ToInt64 as Sprig uses it: floats truncate, unparsable strings are 0. */
export function toInt64(v: unknown): bigint {
  switch (typeof v) {
    case 'bigint':
      return BigInt.asIntN(64, v);
    case 'number':
      return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const s = v.trim().replace(/\.0*$/, '');
      const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/.exec(s);
      if (m === null) return 0n;
      const body = (m[2] ?? '0').replace(/^0([0-7])/, '0o$1');
      return (m[1] === '-' ? -1n : 1n) * BigInt(body);
    }
  }
  return 0n;
}

/** spf13/cast ToFloat64: numbers and numeric strings, else 0. */
export function toFloat64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = Number(v.trim());
    return v.trim() !== '' && !Number.isNaN(n) ? n : 0;
  }
  return 0;
}

/** A JS array index from an int argument; Go's index funcs reject other types. */
export function toIndex(v: unknown, what: string): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new FuncError(`cannot index ${what} with type ${typeof v === 'number' ? 'float64' : typeof v}`);
}

/** Sprig's strslice: a list's non-nil elements as strings, or a one-element list. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((e) => e !== null && e !== undefined).map(strval);
  if (v === null || v === undefined || v === NO_VALUE) return [];
  return [strval(v)];
}

/** A list parameter; Sprig panics on non-lists, which surfaces as a call error. */
export function list(v: unknown, fn: string): unknown[] {
  if (Array.isArray(v)) return v;
  throw new FuncError(`Cannot ${fn} on type ${v === null ? 'nil' : typeof v === 'string' ? 'string' : isMap(v) ? 'map' : typeof v}`);
}

/** Checks a built string or list against {@link MAX_BUILD}. */
export function bounded<T extends string | unknown[]>(v: T): T {
  if (v.length > MAX_BUILD) throw new FuncError(`result too large (more than ${MAX_BUILD} elements)`);
  return v;
}

/** Time parameter of Sprig's date functions: times as is, ints as Unix seconds, anything else now. */
export function toTime(v: unknown): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') return new GoTime(Number(v) * 1000);
  return GoTime.now();
}

/** Go's reflect.DeepEqual on template values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((e, i) => deepEqual(e, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = a instanceof Map ? [...a.keys()] : Object.keys(a);
    const kb = b instanceof Map ? [...b.keys()] : Object.keys(b);
    const get = (m: typeof a, k: string): unknown => (m instanceof Map ? m.get(k) : m[k]);
    return ka.length === kb.length && ka.every((k) => kb.includes(k) && deepEqual(get(a, k), get(b, k)));
  }
  if (a instanceof GoTime && b instanceof GoTime) return a.epochMs === b.epochMs;
  return false;
}

/** A fresh map; properties are defined (not assigned) so `__proto__` stays an ordinary key. */
export function newMap(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** Sets `key` without invoking setters (prototype-safe). */
export function setKey(m: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
}
