/** Sprig defaults, JSON, lists and dicts. */
import { FuncError } from './errors.js';
import { goJson } from './format.js';
import { bounded, deepEqual, MAX_BUILD, fixed, list, newMap, setKey, str, strslice, strval, toInt64, variadic } from './func-util.js';
import type { FuncTable } from './func-util.js';
import { isMap, mapGet, mapKeys, NO_VALUE, truth } from './values.js';
import type { GoMap } from './values.js';
import { sliceString } from './builtins.js';

const empty = (v: unknown): boolean => !truth(v);

function dictArg(v: unknown, fn: string): GoMap {
  if (isMap(v)) return v;
  throw new FuncError(`wrong type for value; expected map[string]interface {}; got ${v === null ? 'nil' : typeof v} (in ${fn})`);
}

/** JSON text → template values (numbers become float64, as with Go's json.Unmarshal). */
function fromJson(s: string): unknown {
  try {
    return JSON.parse(s, (_k, v: unknown) => {
      if (isMap(v) && !(v instanceof Map)) {
        const m = newMap();
        for (const [k, e] of Object.entries(v)) setKey(m, k, e);
        return m;
      }
      return v;
    }) as unknown;
  } catch {
    return null;
  }
}

function rawJson(v: unknown): string {
  // toRawJson is json.Marshal without HTML escaping.
  return goJson(v).replace(/\\u00(3c|3e|26)/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Sprig's defaults, JSON, list and dict functions. */
export const SPRIG_COLLECTIONS: FuncTable = {
  default: variadic(1, ([d, ...given]) => (given.length === 0 || empty(given[0]) ? d : given[0])),
  empty: fixed(1, ([v]) => empty(v)),
  coalesce: variadic(0, (a) => a.find((v) => !empty(v)) ?? null),
  ternary: fixed(3, ([t, f, c]) => (truth(c) ? t : f)),
  toJson: fixed(1, ([v]) => {
    try {
      return goJson(v);
    } catch {
      return '';
    }
  }),
  toPrettyJson: fixed(1, ([v]) => {
    try {
      return goJson(v, '  ');
    } catch {
      return '';
    }
  }),
  toRawJson: fixed(1, ([v]) => {
    try {
      return rawJson(v);
    } catch {
      return '';
    }
  }),
  fromJson: fixed(1, ([s]) => fromJson(str(s))),
  list: variadic(0, (a) => bounded([...a])),
  dict: variadic(0, (a) => {
    const m = newMap();
    for (let i = 0; i < a.length; i += 2) setKey(m, strval(a[i]), i + 1 < a.length ? a[i + 1] : '');
    return m;
  }),
  get: fixed(2, ([d, k]) => {
    const v = mapGet(dictArg(d, 'get'), str(k));
    return v === NO_VALUE ? '' : v;
  }),
  set: fixed(3, ([d, k, v]) => {
    const m = dictArg(d, 'set');
    if (m instanceof Map) m.set(str(k), v);
    else setKey(m, str(k), v);
    return m;
  }),
  unset: fixed(2, ([d, k]) => {
    const m = dictArg(d, 'unset');
    if (m instanceof Map) m.delete(str(k));
    else delete m[str(k)];
    return m;
  }),
  hasKey: fixed(2, ([d, k]) => mapGet(dictArg(d, 'hasKey'), str(k)) !== NO_VALUE),
  keys: variadic(0, (ds) => ds.flatMap((d) => mapKeys(dictArg(d, 'keys')))),
  values: fixed(1, ([d]) => {
    const m = dictArg(d, 'values');
    return mapKeys(m).map((k) => mapGet(m, k));
  }),
  first: fixed(1, ([l]) => list(l, 'first')[0] ?? null),
  last: fixed(1, ([l]) => list(l, 'last').at(-1) ?? null),
  rest: fixed(1, ([l]) => list(l, 'rest').slice(1)),
  initial: fixed(1, ([l]) => list(l, 'initial').slice(0, -1)),
  append: fixed(2, ([l, v]) => bounded([...list(l, 'append'), v])),
  push: fixed(2, ([l, v]) => bounded([...list(l, 'push'), v])),
  prepend: fixed(2, ([l, v]) => bounded([v, ...list(l, 'prepend')])),
  concat: variadic(0, (ls) => bounded(ls.flatMap((l) => list(l, 'concat')))),
  has: fixed(2, ([needle, hay]) => (hay === null ? false : list(hay, 'has').some((e) => deepEqual(e, needle)))),
  without: variadic(1, ([l, ...omit]) => list(l, 'without').filter((e) => !omit.some((o) => deepEqual(e, o)))),
  uniq: fixed(1, ([l]) => list(l, 'uniq').filter((e, i, all) => all.findIndex((o) => deepEqual(o, e)) === i)),
  compact: fixed(1, ([l]) => list(l, 'compact').filter((e) => !empty(e))),
  reverse: fixed(1, ([l]) => [...list(l, 'reverse')].reverse()),
  sortAlpha: fixed(1, ([l]) => (Array.isArray(l) ? strslice(l).sort() : [strval(l)])),
  until: fixed(1, ([n]) => {
    const count = Number(toInt64(n));
    const step = count < 0 ? -1 : 1;
    if (Math.abs(count) > MAX_BUILD) throw new FuncError(`result too large (more than ${MAX_BUILD} elements)`);
    return Array.from({ length: Math.abs(count) }, (_v, i) => BigInt(i * step));
  }),
  slice: variadic(1, ([l, ...ix]) => {
    if (typeof l === 'string') return sliceString(l, ix);
    const arr = list(l, 'slice');
    if (arr.length === 0) return null;
    const start = ix.length > 0 ? Number(toInt64(ix[0])) : 0;
    const end = ix.length > 1 ? Number(toInt64(ix[1])) : arr.length;
    if (start < 0 || end > arr.length || start > end) throw new FuncError(`runtime error: slice bounds out of range [${start}:${end}]`);
    return arr.slice(start, end);
  }),
};
