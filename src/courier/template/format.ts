/** Go's value formatting: fmt's %v, float formatting, strconv.Quote and encoding/json output. */
import { GoTime } from './gotime.js';
import { isMap, mapGet, mapKeys, NO_VALUE } from './values.js';

/**
 * strconv.FormatFloat(x, 'g', -1, 64), which is fmt's %v of a float64: shortest digits, exponent
 * form when the exponent is < -4 or >= 6 (so a JSON number 1000000 prints as `1e+06`, as in Go).
 */
export function formatFloatShortest(x: number): string {
  return formatFloatG(x, 6);
}

/** Shortest digits of `x`, exponent form when the decimal exponent is < -4 or >= `eprec`. */
function formatFloatG(x: number, eprec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= eprec) return mant + goExponent(exp);
  return toPlainDecimal(x);
}

/** `e+06` style exponent: sign and at least two digits. */
export function goExponent(exp: number): string {
  return `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Decimal notation without exponent, shortest digits. */
export function toPlainDecimal(x: number): string {
  const s = String(x);
  if (!/e/.test(s)) return s;
  // JS switches to exponent form earlier/later than Go; expand it by hand.
  const [mant = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace(/^-/, '').replace('.', '');
  let out: string;
  if (exp >= 0) out = digits.length > exp + 1 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : digits.padEnd(exp + 1, '0');
  else out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  return (neg ? '-' : '') + out;
}

/** fmt.Sprint-like rendering of one value (the `%v` verb). */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === NO_VALUE) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatFloatShortest(v);
    case 'bigint':
    case 'boolean':
      return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  if (v instanceof GoTime) return v.toString();
  if (isMap(v)) return `map[${mapKeys(v).map((k) => `${k}:${formatValue(mapGet(v, k))}`).join(' ')}]`;
  return String(v);
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

/** fmt.Sprintln: always separated by spaces, newline at the end. */
export function sprintln(args: readonly unknown[]): string {
  return args.map(formatValue).join(' ') + '\n';
}

/** strconv.Quote: Go double-quoted string with Go escapes; printable characters kept. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const esc: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
    const e = esc[ch];
    if (e !== undefined) out += e;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if ((cp >= 0x80 && cp < 0xa0) || cp === 0xad || cp === 0xfffd || (cp >= 0x2028 && cp <= 0x2029)) {
      out += cp === 0xfffd ? ch : `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

/** encoding/json string encoding, HTML-safe like json.Marshal (`<>&` and U+2028/9 escaped). */
function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

/** Go's encoding/json float formatting. */
function jsonFloat(x: number): string {
  if (!Number.isFinite(x)) throw new TypeError(`json: unsupported value: ${formatFloatShortest(x)}`);
  // JS uses the same thresholds (1e-6, 1e21) and exponent form (1e-7, 1e+21) as Go here.
  return Object.is(x, -0) ? '-0' : String(x);
}

/** json.Marshal / json.MarshalIndent(v, "", indent): map keys sorted, HTML characters escaped. */
export function goJson(v: unknown, indent = '', depth = 0): string {
  if (depth > 1000) throw new TypeError('json: unsupported value: encountered a cycle');
  if (v === null || v === undefined || v === NO_VALUE) return 'null';
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'number':
      return jsonFloat(v);
    case 'bigint':
    case 'boolean':
      return String(v);
  }
  const nl = indent === '' ? '' : '\n' + indent.repeat(depth + 1);
  const close = indent === '' ? '' : '\n' + indent.repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((e) => nl + goJson(e, indent, depth + 1)).join(',')}${close}]`;
  }
  if (v instanceof GoTime) return jsonString(v.toJSON());
  if (isMap(v)) {
    const keys = mapKeys(v);
    if (keys.length === 0) return '{}';
    const sep = indent === '' ? ':' : ': ';
    return `{${keys.map((k) => nl + jsonString(k) + sep + goJson(mapGet(v, k), indent, depth + 1)).join(',')}${close}}`;
  }
  return 'null';
}
