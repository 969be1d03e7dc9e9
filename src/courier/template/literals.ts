/** Go literal syntax: quoted strings, character constants and numbers, as text/template reads them. */

/** Decodes a Go double-quoted or single-quoted literal body (escapes as in strconv.Unquote). */
export function unquote(lit: string): string {
  const body = lit.slice(1, -1);
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; ) {
    const cp = body.codePointAt(i) ?? 0;
    if (body[i] !== '\\') {
      const ch = String.fromCodePoint(cp);
      bytes.push(...enc.encode(ch));
      i += ch.length;
      continue;
    }
    const e = body[i + 1] ?? '';
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39 };
    const s = simple[e];
    if (s !== undefined) {
      bytes.push(s);
      i += 2;
    } else if (e === 'x' || /[0-7]/.test(e)) {
      const hex = e === 'x';
      const digits = hex ? body.slice(i + 2, i + 4) : body.slice(i + 1, i + 4);
      if (!(hex ? /^[0-9a-fA-F]{2}$/ : /^[0-7]{3}$/).test(digits)) throw new SyntaxError('invalid syntax');
      const b = parseInt(digits, hex ? 16 : 8);
      if (b > 255) throw new SyntaxError('invalid syntax');
      bytes.push(b);
      i += 4;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const digits = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) throw new SyntaxError('invalid syntax');
      const code = parseInt(digits, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) throw new SyntaxError('invalid syntax');
      bytes.push(...enc.encode(String.fromCodePoint(code)));
      i += 2 + n;
    } else {
      throw new SyntaxError('invalid syntax');
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Go raw strings drop carriage returns. */
export function unquoteRaw(lit: string): string {
  return lit.slice(1, -1).replace(/\r/g, '');
}

/** The code point of a character constant such as `'a'` or `'\n'`. */
export function charValue(lit: string): bigint {
  const s = unquote(lit);
  const cp = s.codePointAt(0);
  if (cp === undefined || String.fromCodePoint(cp) !== s) throw new SyntaxError('malformed character constant');
  return BigInt(cp);
}

/**
 * Go number constant → integer (bigint, Go `int`) or float (number, Go `float64`).
 * Like text/template, a constant with a fraction or exponent is a float.
 */
export function numberValue(text: string): bigint | number {
  const t = text.replace(/_/g, '');
  const neg = t.startsWith('-');
  const abs = t.replace(/^[+-]/, '');
  const sign = (v: bigint): bigint => (neg ? -v : v);
  if (/^0[xX][0-9a-fA-F]+$/.test(abs) || /^0[oO][0-7]+$/.test(abs) || /^0[bB][01]+$/.test(abs)) return sign(BigInt(abs.toLowerCase()));
  if (/^0[0-7]+$/.test(abs)) return sign(BigInt('0o' + abs.slice(1)));
  if (/^[0-9]+$/.test(abs)) return sign(BigInt(abs));
  if (/^0[xX]/.test(abs)) {
    // Hexadecimal float: mantissa p exponent.
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(abs);
    if (m === null) throw new SyntaxError(`illegal number syntax: "${text}"`);
    const frac = m[2] ?? '';
    const mant = parseInt((m[1] ?? '') + frac || '0', 16) / 16 ** frac.length;
    const v = mant * 2 ** Number(m[3]);
    return neg ? -v : v;
  }
  const v = Number(abs);
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(abs) || Number.isNaN(v)) {
    throw new SyntaxError(`illegal number syntax: "${text}"`);
  }
  return neg ? -v : v;
}
