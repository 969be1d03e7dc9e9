/** Sprig integer math (int64 results, as Sprig's functions return), conversions and dates. */
import { FuncError } from './errors.js';
import { fixed, str, toFloat64, toInt64, toTime, variadic } from './func-util.js';
import type { FuncTable } from './func-util.js';
import { GoTime, loadZone } from './gotime.js';
import { typeName } from './values.js';

const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);

function divide(a: unknown, b: unknown, op: 'div' | 'mod'): bigint {
  const d = toInt64(b);
  if (d === 0n) throw new FuncError('runtime error: integer divide by zero');
  // BigInt division and remainder truncate toward zero, like Go's.
  return op === 'div' ? i64(toInt64(a) / d) : toInt64(a) % d;
}

/** Sprig's round: half away from zero at `p` decimals. */
function round(a: unknown, p: unknown): number {
  const x = toFloat64(a);
  const pow = 10 ** Number(toInt64(p));
  const digit = x * pow;
  const r = Math.abs(digit) % 1 >= 0.5 ? Math.sign(digit) * Math.ceil(Math.abs(digit)) : Math.sign(digit) * Math.floor(Math.abs(digit));
  return r / pow;
}

function formatIn(layout: unknown, date: unknown, zone: string): string {
  return toTime(date).in(loadZone(zone)).format(str(layout));
}

/** Sprig's math, conversion and date functions. */
export const SPRIG_MATH: FuncTable = {
  add: variadic(0, (a) => i64(a.reduce<bigint>((s, v) => s + toInt64(v), 0n))),
  add1: fixed(1, ([a]) => i64(toInt64(a) + 1n)),
  sub: fixed(2, ([a, b]) => i64(toInt64(a) - toInt64(b))),
  mul: variadic(1, (a) => i64(a.reduce<bigint>((s, v) => s * toInt64(v), 1n))),
  div: fixed(2, ([a, b]) => divide(a, b, 'div')),
  mod: fixed(2, ([a, b]) => divide(a, b, 'mod')),
  max: variadic(1, (a) => a.map(toInt64).reduce((m, v) => (v > m ? v : m))),
  min: variadic(1, (a) => a.map(toInt64).reduce((m, v) => (v < m ? v : m))),
  floor: fixed(1, ([a]) => Math.floor(toFloat64(a))),
  ceil: fixed(1, ([a]) => Math.ceil(toFloat64(a))),
  round: variadic(2, ([a, p]) => round(a, p)),
  int: fixed(1, ([a]) => toInt64(a)),
  int64: fixed(1, ([a]) => toInt64(a)),
  float64: fixed(1, ([a]) => toFloat64(a)),
  atoi: fixed(1, ([a]) => (/^[+-]?[0-9]+$/.test(str(a)) ? BigInt(str(a)) : 0n)),
  typeOf: fixed(1, ([a]) => typeName(a)),
  now: fixed(0, () => GoTime.now()),
  date: fixed(2, ([layout, d]) => formatIn(layout, d, 'Local')),
  dateInZone: fixed(3, ([layout, d, z]) => formatIn(layout, d, str(z))),
  htmlDate: fixed(1, ([d]) => formatIn('2006-01-02', d, 'Local')),
  htmlDateInZone: fixed(2, ([d, z]) => formatIn('2006-01-02', d, str(z))),
  unixEpoch: fixed(1, ([d]) => String(Math.floor(toTime(d).epochMs / 1000))),
};
