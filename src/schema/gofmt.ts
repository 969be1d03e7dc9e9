/**
 * Go `fmt` / `strconv` renderings of JSON values. Kratos' validator builds its error texts with
 * Go verbs (`%q`, `%#v`, `%v`), and those texts reach clients verbatim (admin `reason`, UI
 * message 4000001), so they are reproduced here rather than approximated with JSON.stringify.
 */

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols (plus ASCII space).
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

const SHORT_ESCAPES: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
  0x22: '\\"',
  0x5c: '\\\\',
};

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** `strconv.Quote` (what `%q` does with a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0) as number;
    // A lone surrogate cannot survive Go's JSON decoding: it becomes U+FFFD.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    const short = SHORT_ESCAPES[cp];
    if (short !== undefined) out += short;
    else if (cp >= 0x20 && cp < 0x7f) out += String.fromCodePoint(cp);
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (PRINTABLE.test(String.fromCodePoint(cp))) out += String.fromCodePoint(cp);
    else if (cp < 0x10000) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + '"';
}

/**
 * The text of a JSON number as Go keeps it (`json.Number` holds the source text). The source
 * text is gone after JSON.parse; JavaScript's shortest round-trip rendering is the closest.
 */
export function numberText(n: number): string {
  return String(n);
}

/** `%v` of a `*big.Float` (schema limits such as `maximum`): shortest `%g`, exponent from 1e+06. */
export function goFloat(n: number): string {
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const sign = n < 0 ? '-' : '';
  const [mant = '0', expText = '0'] = Math.abs(n).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? '.' + digits.slice(1) : '';
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** `%v` of a decoded JSON value (numbers are `json.Number`, objects are maps with sorted keys). */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(goValue).join(' ') + ']';
  if (typeof v === 'object') {
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`);
    return 'map[' + entries.join(' ') + ']';
  }
  return String(v);
}

/** `%#v` of a primitive schema value (enum / const). `json.Number` is a string type: quoted. */
export function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goQuote(numberText(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return goValue(v);
}

const PATH_SAFE = /[A-Za-z0-9\-_.~$&+:=@]/;

/** `url.PathEscape` (path-segment mode) over the UTF-8 bytes of `s`. */
export function goPathEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    if (PATH_SAFE.test(ch)) {
      out += ch;
      continue;
    }
    for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** A JSON-pointer token the way the validator writes it: `~0`, `~1`, then path-escaped. */
export function pointerToken(token: string): string {
  return goPathEscape(token.replace(/~/g, '~0').replace(/\//g, '~1'));
}
