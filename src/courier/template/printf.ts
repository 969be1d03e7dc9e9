/** fmt.Sprintf for template values: the verbs, flags, width and precision people use. */
import { formatFloatShortest, formatValue, goExponent, goQuote, toPlainDecimal } from './format.js';
import { GoTime } from './gotime.js';
import { isMap, mapGet, mapKeys, NO_VALUE, typeName } from './values.js';

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | null;
  prec: number | null;
}

/** Go's fmt.Sprintf, including its in-band error forms (`%!d(string=x)`, `%!s(MISSING)`, EXTRA). */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  const takeInt = (): number | null => {
    if (format[i] === '*') {
      i++;
      const a = args[argi++];
      return typeof a === 'bigint' ? Number(a) : null;
    }
    const m = /^[0-9]+/.exec(format.slice(i));
    if (m === null) return null;
    i += m[0].length;
    return Number(m[0]);
  };
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false, width: null, prec: null };
    for (;;) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = true;
      else break;
      i++;
    }
    spec.width = takeInt();
    if (format[i] === '.') {
      i++;
      spec.prec = takeInt() ?? 0;
    }
    const verb = format.codePointAt(i);
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    const v = String.fromCodePoint(verb);
    i += v.length;
    if (v === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${v}(MISSING)`;
      continue;
    }
    out += formatArg(args[argi++], v, spec);
  }
  if (argi < args.length) {
    const extra = args.slice(argi).map((a) => (a === null || a === NO_VALUE ? '<nil>' : `${typeName(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

function bad(v: string, arg: unknown): string {
  return arg === null || arg === NO_VALUE || arg === undefined ? `%!${v}(<nil>)` : `%!${v}(${typeName(arg)}=${formatValue(arg)})`;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  const len = [...s].length;
  if (spec.width === null || len >= spec.width) return s;
  const fill = spec.width - len;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero) {
    const sign = numeric && /^[+\- ]/.test(s) ? (s[0] ?? '') : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  return ' '.repeat(fill) + s;
}

function signed(s: string, negative: boolean, spec: Spec): string {
  if (negative) return '-' + s;
  if (spec.plus) return '+' + s;
  if (spec.space) return ' ' + s;
  return s;
}

function formatArg(arg: unknown, v: string, spec: Spec): string {
  if (v === 'T') return pad(typeName(arg), spec, false);
  if (arg === null || arg === undefined || arg === NO_VALUE) return v === 'v' ? pad('<nil>', spec, false) : bad(v, arg);
  if (Array.isArray(arg)) return `[${arg.map((e) => formatArg(e, v, spec)).join(' ')}]`;
  if (arg instanceof GoTime) return v === 'v' || v === 's' ? pad(arg.toString(), spec, false) : v === 'q' ? pad(goQuote(arg.toString()), spec, false) : bad(v, arg);
  if (isMap(arg)) {
    if (v === 'v' && spec.sharp) return pad(formatValue(arg), spec, false);
    return `map[${mapKeys(arg).map((k) => `${formatArg(k, v, spec)}:${formatArg(mapGet(arg, k), v, spec)}`).join(' ')}]`;
  }
  switch (typeof arg) {
    case 'boolean':
      return v === 'v' || v === 't' ? pad(String(arg), spec, false) : bad(v, arg);
    case 'string':
      return formatString(arg, v, spec);
    case 'bigint':
      return formatInt(arg, v, spec);
    case 'number':
      return formatFloat(arg, v, spec);
  }
  return bad(v, arg);
}

function formatString(s: string, v: string, spec: Spec): string {
  const cut = spec.prec === null ? s : [...s].slice(0, spec.prec).join('');
  switch (v) {
    case 'v':
      return pad(spec.sharp ? goQuote(cut) : cut, spec, false);
    case 's':
      return pad(cut, spec, false);
    case 'q':
      return pad(spec.sharp && !/[`\x00-\x1f\x7f]/.test(cut) ? '`' + cut + '`' : goQuote(cut), spec, false);
    case 'x':
    case 'X': {
      const bytes = [...Buffer.from(cut, 'utf8')].map((b) => b.toString(16).padStart(2, '0'));
      const hex = bytes.join(spec.space ? ' ' : '');
      return pad(v === 'X' ? hex.toUpperCase() : hex, spec, false);
    }
  }
  return bad(v, s);
}

function formatInt(n: bigint, v: string, spec: Spec): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const digits = (radix: number): string => {
    const d = abs.toString(radix);
    return spec.prec !== null ? d.padStart(spec.prec, '0') : d;
  };
  switch (v) {
    case 'v':
    case 'd':
      return pad(signed(digits(10), neg, spec), spec, true);
    case 'b':
      return pad(signed(digits(2), neg, spec), spec, true);
    case 'o':
    case 'O':
      return pad(signed((v === 'O' ? '0o' : spec.sharp ? '0' : '') + digits(8), neg, spec), spec, true);
    case 'x':
    case 'X': {
      const d = (spec.sharp ? '0x' : '') + digits(16);
      return pad(signed(v === 'X' ? d.toUpperCase() : d, neg, spec), spec, true);
    }
    case 'c':
      return pad(String.fromCodePoint(Number(n)), spec, false);
    case 'q':
      return pad(`'${goQuote(String.fromCodePoint(Number(n))).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`, spec, false);
    case 'U':
      return pad(`U+${abs.toString(16).toUpperCase().padStart(4, '0')}`, spec, false);
  }
  return bad(v, n);
}

function formatFloat(x: number, v: string, spec: Spec): string {
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  if (!Number.isFinite(a)) body = Number.isNaN(a) ? 'NaN' : 'Inf';
  else {
    switch (v) {
      case 'v':
      case 'g':
      case 'G':
        body = spec.prec === null ? formatFloatShortest(a) : precisionG(a, spec.prec);
        if (v === 'G') body = body.toUpperCase();
        break;
      case 'e':
      case 'E': {
        const [m = '', e = '0'] = a.toExponential(Math.min(spec.prec ?? 6, 100)).split('e');
        body = m + goExponent(Number(e));
        if (v === 'E') body = body.toUpperCase();
        break;
      }
      case 'f':
      case 'F':
        body = a < 1e21 ? a.toFixed(Math.min(spec.prec ?? 6, 100)) : toPlainDecimal(a) + (spec.prec ? '.' + '0'.repeat(spec.prec) : '');
        break;
      default:
        return bad(v, x);
    }
  }
  if (Number.isNaN(x)) return pad(spec.plus ? '+NaN' : spec.space ? ' NaN' : 'NaN', { ...spec, zero: false }, false);
  const s = signed(body, neg, spec.plus || !Number.isFinite(x) ? { ...spec, plus: true } : spec);
  return pad(s, Number.isFinite(x) ? spec : { ...spec, zero: false }, true);
}

/** %.<p>g: p significant digits, trailing zeros removed, exponent when exp < -4 or exp >= p. */
function precisionG(a: number, p: number): string {
  const prec = p === 0 ? 1 : Math.min(p, 100);
  if (a === 0) return '0';
  const [m = '', e = '0'] = a.toExponential(prec - 1).split('e');
  const exp = Number(e);
  const digits = m.replace('.', '').replace(/0+$/, '') || '0';
  let eprec = prec;
  if (eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
  if (exp < -4 || exp >= eprec) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return mant + goExponent(exp);
  }
  const decimals = Math.max(digits.length - exp - 1, 0);
  return a.toFixed(decimals);
}
