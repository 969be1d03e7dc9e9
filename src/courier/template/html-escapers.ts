/** html/template's escaper functions, by the names its escaper inserts into pipelines. */
import { evalArgs, htmlEscapeString, queryEscape } from './builtins.js';
import { formatValue, goJson } from './format.js';
import { attrType } from './html-state.js';
import { NO_VALUE } from './values.js';

/** Names of html/template's escapers (without the `_html_template_` prefix) and the two predefined ones. */
export type EscaperName =
  | 'htmlescaper'
  | 'rcdataescaper'
  | 'attrescaper'
  | 'nospaceescaper'
  | 'htmlnamefilter'
  | 'commentescaper'
  | 'urlfilter'
  | 'urlnormalizer'
  | 'urlescaper'
  | 'srcsetescaper'
  | 'jsvalescaper'
  | 'jsstrescaper'
  | 'jstmpllitescaper'
  | 'jsregexpescaper'
  | 'cssescaper'
  | 'cssvaluefilter'
  | 'html'
  | 'urlquery';

/** What html/template writes in place of a value that is unsafe in its context. */
export const FILTER_FAILSAFE = 'ZgotmplZ';

/** html/template's stringify: strings as is, nil skipped (so it prints as nothing), else %v. */
export function stringify(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined || v === NO_VALUE) return '';
  return formatValue(v);
}

function replaceTable(s: string, table: Readonly<Record<string, string>>): string {
  let out = '';
  for (const ch of s) out += table[ch] ?? ch;
  return out;
}

const HTML_TABLE: Record<string, string> = { '\0': '\uFFFD', '"': '&#34;', '&': '&amp;', "'": '&#39;', '+': '&#43;', '<': '&lt;', '>': '&gt;' };
const HTML_NOSPACE_TABLE: Record<string, string> = {
  ...HTML_TABLE,
  '\0': '&#xfffd;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\v': '&#11;',
  '\f': '&#12;',
  '\r': '&#13;',
  ' ': '&#32;',
  '=': '&#61;',
  '`': '&#96;',
};
const JS_STR_TABLE: Record<string, string> = {
  '\0': '\\u0000',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\u000b',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\u0022',
  '`': '\\u0060',
  '&': '\\u0026',
  "'": '\\u0027',
  '+': '\\u002b',
  '/': '\\/',
  '<': '\\u003c',
  '>': '\\u003e',
  '\\': '\\\\',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
const JS_TMPL_TABLE: Record<string, string> = { ...JS_STR_TABLE, $: '\\u0024', '{': '\\u007b', '}': '\\u007d' };
const JS_REGEXP_TABLE: Record<string, string> = {
  ...JS_STR_TABLE,
  $: '\\$',
  '(': '\\(',
  ')': '\\)',
  '*': '\\*',
  '-': '\\-',
  '.': '\\.',
  '?': '\\?',
  '[': '\\[',
  ']': '\\]',
  '^': '\\^',
  '{': '\\{',
  '|': '\\|',
  '}': '\\}',
};
const CSS_TABLE: Record<string, string> = {
  '\0': '\\0',
  '\t': '\\9',
  '\n': '\\a',
  '\f': '\\c',
  '\r': '\\d',
  '"': '\\22',
  '&': '\\26',
  "'": '\\27',
  '(': '\\28',
  ')': '\\29',
  '+': '\\2b',
  '/': '\\2f',
  ':': '\\3a',
  ';': '\\3b',
  '<': '\\3c',
  '>': '\\3e',
  '\\': '\\\\',
  '{': '\\7b',
  '}': '\\7d',
};

/** Percent-encodes a URL; normalizing keeps reserved characters and existing escapes. Lower-case hex, as Go writes it. */
function processURL(s: string, norm: boolean): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-._~]/.test(c) || (norm && /[!#$&*+,/:;=?@[\]%]/.test(c))) out += c;
    else out += '%' + b.toString(16).padStart(2, '0');
  }
  return out;
}

/** URLs with a scheme other than http, https and mailto are replaced (`javascript:` and friends). */
function isSafeURL(s: string): boolean {
  const colon = s.indexOf(':');
  if (colon < 0) return true;
  const scheme = s.slice(0, colon);
  if (scheme.includes('/')) return true;
  return ['http', 'https', 'mailto'].includes(scheme.toLowerCase());
}

function cssEscape(s: string): string {
  let out = '';
  const chars = [...s];
  chars.forEach((ch, i) => {
    const repl = CSS_TABLE[ch];
    if (repl === undefined) {
      out += ch;
      return;
    }
    out += repl;
    const next = chars[i + 1];
    if (repl !== '\\\\' && (next === undefined || /[0-9a-fA-F \t\n\f\r]/.test(next))) out += ' ';
  });
  return out;
}

function cssValueFilter(s: string): string {
  const lower = s.toLowerCase();
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if ('\0"\'()/;@[\\]`{}<>'.includes(c)) return FILTER_FAILSAFE;
    if (c === '-' && i > 0 && s[i - 1] === '-') return FILTER_FAILSAFE;
  }
  const id = lower.replace(/[^a-z0-9_\-\u0080-\uffff]/g, '');
  if (id.includes('expression') || id.includes('mozbinding')) return FILTER_FAILSAFE;
  return s;
}

function jsValEscape(v: unknown): string {
  let json: string;
  try {
    json = goJson(v === NO_VALUE ? null : v);
  } catch (err) {
    return ` /* ${(err as Error).message.replace(/\*\//g, '* /').replace(/<\//g, '< /')} */null `;
  }
  const pad = /^[\p{L}\p{Nd}_$]/u.test(json) || /[\p{L}\p{Nd}_$]$/u.test(json);
  return pad ? ` ${json} ` : json;
}

function htmlNameFilter(s: string): string {
  if (s === '') return FILTER_FAILSAFE;
  const name = s.toLowerCase();
  if (attrType(name) !== 'none' || !/^[a-z0-9]+$/.test(name)) return FILTER_FAILSAFE;
  return name;
}

/** srcset: each comma-separated candidate URL is filtered and normalized. */
function srcsetEscape(s: string): string {
  return s
    .split(',')
    .map((part) => {
      const m = /^(\s*)(\S*)(.*)$/s.exec(part);
      const url = m?.[2] ?? '';
      if (!isSafeURL(url)) return '#' + FILTER_FAILSAFE;
      return (m?.[1] ?? '') + processURL(url, true) + (m?.[3] ?? '').replace(/[^\s0-9a-zA-Z.]/g, (c) => processURL(c, false));
    })
    .join(',');
}

/** The escaper functions. The first escaper of a pipeline receives its raw value. */
export const ESCAPERS: Readonly<Record<EscaperName, (v: unknown) => string>> = {
  htmlescaper: (v) => replaceTable(stringify(v), HTML_TABLE),
  rcdataescaper: (v) => replaceTable(stringify(v), HTML_TABLE),
  attrescaper: (v) => replaceTable(stringify(v), HTML_TABLE),
  nospaceescaper: (v) => {
    const s = stringify(v);
    return s === '' ? FILTER_FAILSAFE : replaceTable(s, HTML_NOSPACE_TABLE);
  },
  htmlnamefilter: (v) => htmlNameFilter(stringify(v)),
  commentescaper: () => '',
  urlfilter: (v) => {
    const s = stringify(v);
    return isSafeURL(s) ? s : '#' + FILTER_FAILSAFE;
  },
  urlnormalizer: (v) => processURL(stringify(v), true),
  urlescaper: (v) => processURL(stringify(v), false),
  srcsetescaper: (v) => srcsetEscape(stringify(v)),
  jsvalescaper: (v) => jsValEscape(v),
  jsstrescaper: (v) => replaceTable(stringify(v), JS_STR_TABLE),
  jstmpllitescaper: (v) => replaceTable(stringify(v), JS_TMPL_TABLE),
  jsregexpescaper: (v) => {
    const s = replaceTable(stringify(v), JS_REGEXP_TABLE);
    return s === '' ? '(?:)' : s;
  },
  cssescaper: (v) => cssEscape(stringify(v)),
  cssvaluefilter: (v) => cssValueFilter(stringify(v)),
  html: (v) => htmlEscapeString(evalArgs([v])),
  urlquery: (v) => queryEscape(evalArgs([v])),
};

/** Escapers a predefined `html` / `urlquery` at the end of a pipeline stands in for (Go's equivalentEscapers). */
export const EQUIVALENT: Readonly<Partial<Record<EscaperName, EscaperName>>> = {
  htmlescaper: 'html',
  rcdataescaper: 'html',
  attrescaper: 'html',
  urlescaper: 'urlquery',
  urlnormalizer: 'urlquery',
};
