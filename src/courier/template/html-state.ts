/**
 * The HTML parsing context of html/template, and the transitions of the HTML, tag, attribute
 * and URL states. JS and CSS transitions are in html-js-css.ts.
 */

export type State =
  | 'text'
  | 'rcdata'
  | 'tag'
  | 'attrName'
  | 'afterName'
  | 'beforeValue'
  | 'attr'
  | 'url'
  | 'srcset'
  | 'htmlCmt'
  | 'js'
  | 'jsDqStr'
  | 'jsSqStr'
  | 'jsTmplLit'
  | 'jsRegexp'
  | 'jsBlockCmt'
  | 'jsLineCmt'
  | 'css'
  | 'cssDqStr'
  | 'cssSqStr'
  | 'cssDqURL'
  | 'cssSqURL'
  | 'cssURL'
  | 'cssBlockCmt'
  | 'cssLineCmt';
/** How the current attribute value is delimited. */
export type Delim = 'none' | 'dq' | 'sq' | 'space';
/** Where in a URL the output is: before anything, in the path, or in the query or fragment. */
export type UrlPart = 'none' | 'pre' | 'query';
/** Content type of an attribute value. */
export type AttrType = 'none' | 'url' | 'js' | 'css' | 'srcset' | 'scriptType';
/** Elements whose content is not HTML. */
export type Element = 'none' | 'script' | 'style' | 'textarea' | 'title';

/** Where the output is inside the HTML document being generated. */
export interface Ctx {
  state: State;
  delim: Delim;
  urlPart: UrlPart;
  /** In JS: whether a `/` starts a regular expression (true) or is a division (false). */
  jsRegexp: boolean;
  attr: AttrType;
  element: Element;
  /** Brace depths at which `${` opened, to return to the enclosing template literal. */
  tmplStack: number[];
  braceDepth: number;
}

/** The start of a document: HTML text. */
export const INITIAL: Ctx = { state: 'text', delim: 'none', urlPart: 'none', jsRegexp: true, attr: 'none', element: 'none', tmplStack: [], braceDepth: 0 };

/** A transition: the context after a prefix of `s`, and that prefix's length. */
export type Transition = (c: Ctx, s: string) => [Ctx, number];

/** Whether a state is inside a comment (whose text html/template removes). */
export const isComment = (s: State): boolean => s === 'htmlCmt' || s === 'jsBlockCmt' || s === 'jsLineCmt' || s === 'cssBlockCmt' || s === 'cssLineCmt';

const HTML_SPACE = /[ \t\n\f\r]/;
const eatSpace = (s: string, i: number): number => {
  while (i < s.length && HTML_SPACE.test(s[i] ?? '')) i++;
  return i;
};

const ELEMENTS: Record<string, Element> = { script: 'script', style: 'style', textarea: 'textarea', title: 'title' };
const CONTENT_STATE: Record<Element, State> = { none: 'text', script: 'js', style: 'css', textarea: 'rcdata', title: 'rcdata' };

const URL_ATTRS = new Set(['action', 'archive', 'background', 'cite', 'classid', 'codebase', 'data', 'formaction', 'href', 'icon', 'longdesc', 'manifest', 'poster', 'profile', 'src', 'usemap', 'xmlns']);
const PLAIN_ON_ATTRS = new Set(['open', 'optimum']);

/** html/template's attrType: the content type of an attribute's value by its name. */
export function attrType(lowerName: string): AttrType {
  let name = lowerName;
  if (name.startsWith('data-')) name = name.slice(5);
  else if (name.includes(':')) {
    const [prefix = '', short = ''] = name.split(':', 2);
    if (prefix === 'xmlns') return 'url';
    name = short;
  }
  if (URL_ATTRS.has(name)) return 'url';
  if (name === 'style') return 'css';
  if (name === 'srcset') return 'srcset';
  if (PLAIN_ON_ATTRS.has(name)) return 'none';
  if (name.startsWith('on')) return 'js';
  if (name.includes('src') || name.includes('uri') || name.includes('url')) return 'url';
  return 'none';
}

/** Text state: find the next tag or comment. Non-tag `<` stay in text (the writer escapes them). */
export const tText: Transition = (c, s) => {
  let k = 0;
  for (;;) {
    const i = s.indexOf('<', k);
    if (i < 0 || i + 1 === s.length) return [c, s.length];
    if (s.startsWith('<!--', i)) return [{ ...INITIAL, state: 'htmlCmt' }, i + 4];
    let j = i + 1;
    const end = s[j] === '/';
    if (end) {
      if (j + 1 === s.length) return [c, s.length];
      j++;
    }
    const m = /^[A-Za-z](?:[A-Za-z0-9]|[:-][A-Za-z0-9])*/.exec(s.slice(j));
    if (m !== null) {
      const element = end ? 'none' : (ELEMENTS[m[0].toLowerCase()] ?? 'none');
      return [{ ...INITIAL, state: 'tag', element }, j + m[0].length];
    }
    k = j;
  }
};

/** HTML comments end at `-->`. */
export const tHtmlCmt: Transition = (c, s) => {
  const i = s.indexOf('-->');
  return i < 0 ? [c, s.length] : [{ ...INITIAL }, i + 3];
};

/** End of an attribute name: whitespace, `=` or `>`. */
function eatAttrName(s: string, i: number): number {
  let j = i;
  while (j < s.length && !/[ \t\n\f\r=>]/.test(s[j] ?? '')) j++;
  return j;
}

/** Inside a tag: an attribute name or the end of the tag. */
export const tTag: Transition = (c, s) => {
  const i = eatSpace(s, 0);
  if (i === s.length) return [c, s.length];
  if (s[i] === '>') return [{ ...INITIAL, state: CONTENT_STATE[c.element], element: c.element }, i + 1];
  let j = eatAttrName(s, i);
  // Go rejects this malformed HTML; we step over the stray character instead.
  if (j === i) j = i + 1;
  const name = s.slice(i, j).toLowerCase();
  const attr = c.element === 'script' && name === 'type' ? 'scriptType' : attrType(name);
  return [{ ...INITIAL, state: j === s.length ? 'attrName' : 'afterName', element: c.element, attr }, j];
};

/** An attribute name continued from a previous text. */
export const tAttrName: Transition = (c, s) => {
  const i = eatAttrName(s, 0);
  return i !== s.length ? [{ ...c, state: 'afterName' }, i] : [c, i];
};

/** After an attribute name: `=` or another attribute. */
export const tAfterName: Transition = (c, s) => {
  const i = eatSpace(s, 0);
  if (i === s.length) return [c, s.length];
  if (s[i] !== '=') return [{ ...c, state: 'tag' }, i];
  return [{ ...c, state: 'beforeValue' }, i + 1];
};

/** The state an attribute value starts in, by the attribute's type. */
export const ATTR_START: Record<AttrType, State> = { none: 'attr', scriptType: 'attr', js: 'js', css: 'css', url: 'url', srcset: 'srcset' };

/** After `=`: the value starts, quoted or not. */
export const tBeforeValue: Transition = (c, s) => {
  let i = eatSpace(s, 0);
  if (i === s.length) return [c, s.length];
  let delim: Delim = 'space';
  if (s[i] === "'") [delim, i] = ['sq', i + 1];
  else if (s[i] === '"') [delim, i] = ['dq', i + 1];
  return [{ ...c, state: ATTR_START[c.attr], delim, urlPart: 'none', jsRegexp: true }, i];
};

/** Inside a URL: `?` or `#` starts the query/fragment; any other non-space text starts the path. */
export function urlPartAfter(c: Ctx, s: string): Ctx {
  if (/[#?]/.test(s)) return { ...c, urlPart: 'query' };
  if (eatSpace(s, 0) !== s.length && c.urlPart === 'none') return { ...c, urlPart: 'pre' };
  return c;
}

/** Inside a URL attribute value. */
export const tURL: Transition = (c, s) => [urlPartAfter(c, s), s.length];

/** States that only an end delimiter or end tag leaves (handled by the caller). */
export const tStay: Transition = (c, s) => [c, s.length];

const JS_TYPES = new Set([
  'application/ecmascript',
  'application/javascript',
  'application/json',
  'application/ld+json',
  'application/x-ecmascript',
  'application/x-javascript',
  'module',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
]);

/** Whether a `<script type=…>` value makes the element's content JavaScript. */
export function isJSType(mime: string): boolean {
  return JS_TYPES.has((mime.split(';')[0] ?? '').toLowerCase().trim());
}

/** Decodes the character references that matter for finding JS/CSS/URL token boundaries. */
export function decodeEntities(s: string): string {
  const named: Record<string, string> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>', nbsp: '\u00a0' };
  return s.replace(/&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|([a-zA-Z]+));?/g, (m, hex?: string, dec?: string, name?: string) => {
    if (hex !== undefined) return String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
    if (dec !== undefined) return String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff));
    return named[name ?? ''] ?? m;
  });
}
