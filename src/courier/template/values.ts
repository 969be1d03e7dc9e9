/**
 * How Go values are represented: string, number (float64, as JSON numbers decode in Go),
 * bigint (int: template constants and results of counting/arithmetic functions), boolean,
 * null (nil), arrays ([]interface{}), plain objects or Maps (map[string]interface{}),
 * GoTime (time.Time), and NO_VALUE for Go's invalid value (a missing map key).
 */
import { GoTime } from './gotime.js';

/** Go's invalid reflect.Value: a missing map key; prints `<no value>` in text templates. */
export const NO_VALUE: unique symbol = Symbol('no value');

/** A template map. */
export type GoMap = Record<string, unknown> | Map<string, unknown>;

/** True for values that behave as Go maps. */
export function isMap(v: unknown): v is GoMap {
  if (v instanceof Map) return true;
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoTime) && !ArrayBuffer.isView(v);
}

/** Keys of a map, sorted like Go sorts string keys when ranging or printing. */
export function mapKeys(m: GoMap): string[] {
  const keys = m instanceof Map ? [...m.keys()].map(String) : Object.keys(m);
  return keys.sort(compareStrings);
}

/** Value under `key`, or NO_VALUE when absent (own properties only: no prototype lookups). */
export function mapGet(m: GoMap, key: string): unknown {
  if (m instanceof Map) return m.has(key) ? normalize(m.get(key)) : NO_VALUE;
  return Object.hasOwn(m, key) ? normalize(m[key]) : NO_VALUE;
}

/** Number of entries of a map. */
export function mapSize(m: GoMap): number {
  return m instanceof Map ? m.size : Object.keys(m).length;
}

/** Go compares strings bytewise; comparing code points gives the same order as UTF-8 bytes. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = [...a];
  const ib = [...b];
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    const ca = ia[i]?.codePointAt(0) ?? 0;
    const cb = ib[i]?.codePointAt(0) ?? 0;
    if (ca !== cb) return ca - cb;
  }
  return ia.length - ib.length;
}

/** JS `undefined` (and anything that cannot appear in JSON) is treated as nil. */
export function normalize(v: unknown): unknown {
  return v === undefined ? null : v;
}

/** Go type name of a value, as used in fmt's error verbs and error messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined || v === NO_VALUE) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoTime) return 'time.Time';
  if (isMap(v)) return 'map[string]interface {}';
  return typeof v;
}

/** Go's truth: false, 0, nil, empty string/array/map and the invalid value are false. */
export function truth(v: unknown): boolean {
  if (v === null || v === undefined || v === NO_VALUE) return false;
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'number':
      // Like Go, NaN is true (it is not equal to zero).
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'boolean':
      return v;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return mapSize(v) > 0;
  return true;
}

/** Go's `len` of a value, or null when the value has no length. */
export function goLen(v: unknown): number | null {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return mapSize(v);
  return null;
}

/**
 * Field `name` of `recv` (a `.name` step). Missing keys give NO_VALUE, and stepping from
 * NO_VALUE stays NO_VALUE, like Go; stepping from nil or a non-map is an error.
 */
export function fieldOf(recv: unknown, name: string): unknown {
  if (recv === NO_VALUE) return NO_VALUE;
  if (recv === null || recv === undefined) throw new TypeError(`nil pointer evaluating interface {}.${name}`);
  if (isMap(recv)) return mapGet(recv, name);
  throw new TypeError(`can't evaluate field ${name} in type ${typeName(recv)}`);
}

/** Converts NO_VALUE to nil, as Go does when an invalid value is passed to a function. */
export function argValue(v: unknown): unknown {
  return v === NO_VALUE || v === undefined ? null : v;
}

/** Whether a JS number holds an integral float64. */
export function isIntegral(n: number): boolean {
  return Number.isFinite(n) && Math.trunc(n) === n;
}
