/** Sprig string functions (argument order as in Sprig: the subject string comes last). */
import { createHash } from 'node:crypto';
import { FuncError } from './errors.js';
import { goQuote } from './format.js';
import { bounded, fixed, str, strslice, strval, toInt64, variadic } from './func-util.js';
import type { FuncTable } from './func-util.js';
import { NO_VALUE } from './values.js';

const isSpace = (ch: string): boolean => /\s/u.test(ch);

/** Applies `f` to each character whose predecessor (a space before the first) is a word boundary. */
function mapWordStarts(s: string, boundary: (prev: string) => boolean, f: (ch: string) => string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += boundary(prev) ? f(ch) : ch;
    prev = ch;
  }
  return out;
}

/** strings.Title's word separators: not ASCII alphanumerics or `_`, not letters or digits; spaces. */
function isSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return isSpace(ch);
}

/** Byte-oriented substring like Go's s[a:b] on UTF-8. */
function bytesSlice(s: string, lo: number, hi?: number): string {
  const b = Buffer.from(s, 'utf8');
  const end = hi ?? b.length;
  if (lo < 0 || end > b.length || lo > end) throw new FuncError(`runtime error: slice bounds out of range [${lo}:${end}]`);
  return b.subarray(lo, end).toString('utf8');
}

const byteLen = (s: string): number => Buffer.byteLength(s, 'utf8');

function trimCutset(s: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set(cutset);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (left && a < b && set.has(chars[a] ?? '')) a++;
  while (right && b > a && set.has(chars[b - 1] ?? '')) b--;
  return chars.slice(a, b).join('');
}

/** Sprig's string functions. */
export const SPRIG_STRINGS: FuncTable = {
  upper: fixed(1, ([s]) => str(s).toUpperCase()),
  lower: fixed(1, ([s]) => str(s).toLowerCase()),
  title: fixed(1, ([s]) => mapWordStarts(str(s), isSeparator, (c) => c.toUpperCase())),
  // goutils Uncapitalize: words are separated by whitespace.
  untitle: fixed(1, ([s]) => mapWordStarts(str(s), isSpace, (c) => c.toLowerCase())),
  trim: fixed(1, ([s]) => str(s).trim()),
  trimAll: fixed(2, ([cut, s]) => trimCutset(str(s), str(cut), true, true)),
  trimPrefix: fixed(2, ([p, s]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s))),
  trimSuffix: fixed(2, ([p, s]) => (str(p) !== '' && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s))),
  nospace: fixed(1, ([s]) => [...str(s)].filter((c) => !isSpace(c)).join('')),
  cat: variadic(0, (a) => a.filter((v) => v !== null && v !== NO_VALUE).map(strval).join(' ')),
  replace: fixed(3, ([o, n, s]) => bounded(str(s).split(str(o)).join(str(n)))),
  repeat: fixed(2, ([c, s]) => {
    const n = Number(toInt64(c));
    if (n < 0) throw new FuncError('strings: negative Repeat count');
    if (n * str(s).length > (1 << 20)) throw new FuncError('result too large');
    return str(s).repeat(n);
  }),
  substr: fixed(3, ([a, b, s]) => {
    const [start, end, v] = [Number(toInt64(a)), Number(toInt64(b)), str(s)];
    if (start < 0) return bytesSlice(v, 0, end);
    if (end < 0 || end > byteLen(v)) return bytesSlice(v, start);
    return bytesSlice(v, start, end);
  }),
  trunc: fixed(2, ([c, s]) => {
    const [n, v] = [Number(toInt64(c)), str(s)];
    const len = byteLen(v);
    if (n < 0 && len + n > 0) return bytesSlice(v, len + n);
    if (n >= 0 && len > n) return bytesSlice(v, 0, n);
    return v;
  }),
  abbrev: fixed(2, ([w, s]) => {
    const [width, v] = [Number(toInt64(w)), str(s)];
    if (width < 4 || byteLen(v) <= width) return v;
    return bytesSlice(v, 0, width - 3) + '...';
  }),
  contains: fixed(2, ([sub, s]) => str(s).includes(str(sub))),
  hasPrefix: fixed(2, ([p, s]) => str(s).startsWith(str(p))),
  hasSuffix: fixed(2, ([p, s]) => str(s).endsWith(str(p))),
  quote: variadic(0, (a) => a.filter((v) => v !== null && v !== NO_VALUE).map((v) => goQuote(strval(v))).join(' ')),
  squote: variadic(0, (a) => a.filter((v) => v !== null && v !== NO_VALUE).map((v) => `'${strval(v)}'`).join(' ')),
  indent: fixed(2, ([n, s]) => {
    const pad = ' '.repeat(Math.max(0, Math.min(Number(toInt64(n)), 1 << 16)));
    return bounded(pad + str(s).split('\n').join('\n' + pad));
  }),
  nindent: fixed(2, ([n, s]) => {
    const pad = ' '.repeat(Math.max(0, Math.min(Number(toInt64(n)), 1 << 16)));
    return bounded('\n' + pad + str(s).split('\n').join('\n' + pad));
  }),
  plural: fixed(3, ([one, many, n]) => (toInt64(n) === 1n ? str(one) : str(many))),
  toString: fixed(1, ([v]) => strval(v)),
  toStrings: fixed(1, ([v]) => strslice(v)),
  join: fixed(2, ([sep, v]) => strslice(v).join(str(sep))),
  split: fixed(2, ([sep, s]) => {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    goSplit(str(s), str(sep)).forEach((part, i) => {
      out[`_${i}`] = part;
    });
    return out;
  }),
  splitList: fixed(2, ([sep, s]) => goSplit(str(s), str(sep))),
  b64enc: fixed(1, ([s]) => Buffer.from(str(s), 'utf8').toString('base64')),
  b64dec: fixed(1, ([s]) => {
    const v = str(s);
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v)) return 'illegal base64 data at input byte 0';
    return Buffer.from(v, 'base64').toString('utf8');
  }),
  sha256sum: fixed(1, ([s]) => createHash('sha256').update(str(s), 'utf8').digest('hex')),
  sha1sum: fixed(1, ([s]) => createHash('sha1').update(str(s), 'utf8').digest('hex')),
};

/** strings.Split: an empty separator splits into characters. */
function goSplit(s: string, sep: string): string[] {
  return bounded(sep === '' ? [...s] : s.split(sep));
}
