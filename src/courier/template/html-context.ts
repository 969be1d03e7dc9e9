/**
 * Context-aware escaping in the manner of html/template, decided while executing: template text
 * is fed through an HTML/JS/CSS state machine, and each action's value is escaped for the
 * context it lands in. Because Go fixes the context of every action statically and rejects
 * branches that end in different contexts, following the executed path gives Go's result for
 * every template Go accepts.
 */
import { tCSS, tCSSStr, tBlockCmt, tJS, tJSDelimited, tJSTmplLit, tLineCmt } from './html-js-css.js';
import type { EscaperName } from './html-escapers.js';
import type { Ctx, State, Transition } from './html-state.js';
import {
  ATTR_START,
  decodeEntities,
  INITIAL,
  isComment,
  isJSType,
  tAfterName,
  tAttrName,
  tBeforeValue,
  tHtmlCmt,
  tStay,
  tTag,
  tText,
  tURL,
} from './html-state.js';

const TRANSITIONS: Record<State, Transition> = {
  text: tText,
  rcdata: tStay,
  tag: tTag,
  attrName: tAttrName,
  afterName: tAfterName,
  beforeValue: tBeforeValue,
  attr: tStay,
  url: tURL,
  srcset: tStay,
  htmlCmt: tHtmlCmt,
  js: tJS,
  jsDqStr: tJSDelimited,
  jsSqStr: tJSDelimited,
  jsRegexp: tJSDelimited,
  jsTmplLit: tJSTmplLit,
  jsBlockCmt: tBlockCmt,
  jsLineCmt: tLineCmt,
  css: tCSS,
  cssDqStr: tCSSStr,
  cssSqStr: tCSSStr,
  cssDqURL: tCSSStr,
  cssSqURL: tCSSStr,
  cssURL: tCSSStr,
  cssBlockCmt: tBlockCmt,
  cssLineCmt: tLineCmt,
};

const inScriptLiteral = (s: State): boolean => s === 'jsDqStr' || s === 'jsSqStr' || s === 'jsTmplLit' || s === 'jsRegexp';

/** Index of `</tag` followed by a separator, case-insensitively, or -1. */
function indexTagEnd(s: string, tag: string): number {
  const re = new RegExp(`</${tag}[> \\t\\n\\f/]`, 'i');
  return re.exec(s)?.index ?? -1;
}

/** Go's contextAfterText: the context after a prefix of `s`, and the prefix length. */
function afterText(c: Ctx, s: string): [Ctx, number] {
  if (c.delim === 'none') {
    if (c.element !== 'none' && !(c.element === 'script' && (inScriptLiteral(c.state) || isComment(c.state)))) {
      const i = indexTagEnd(s, c.element);
      if (i === 0) return [{ ...INITIAL }, 0];
      if (i > 0) return TRANSITIONS[c.state](c, s.slice(0, i));
    }
    return TRANSITIONS[c.state](c, s);
  }
  const ends = c.delim === 'dq' ? /"/ : c.delim === 'sq' ? /'/ : /[ \t\n\f\r>]/;
  const m = ends.exec(s);
  if (m === null) {
    // Still inside the value: run the value's own language over its decoded text.
    let cur = c;
    let u = decodeEntities(s);
    while (u.length > 0) {
      const [next, n] = TRANSITIONS[cur.state](cur, u);
      if (n === 0 && next.state === cur.state) break;
      cur = next;
      u = u.slice(n);
    }
    return [cur, s.length];
  }
  let element = c.element;
  if (c.state === 'attr' && c.element === 'script' && c.attr === 'scriptType' && !isJSType(s.slice(0, m.index))) element = 'none';
  return [{ ...INITIAL, state: 'tag', element }, m.index + (c.delim === 'space' ? 0 : 1)];
}

/** Tracks the output's HTML context during one execution. */
export class HtmlContext {
  private c: Ctx = INITIAL;

  /**
   * Template text → what is written: like Go, comments are removed (HTML comments entirely, JS
   * and CSS block comments become a space or newline), and a `<` that starts no tag is `&lt;`.
   */
  text(s: string): string {
    let out = '';
    let written = 0;
    for (let i = 0; i < s.length; ) {
      const c = this.c;
      const [c1, n] = afterText(c, s.slice(i));
      const i1 = i + n;
      if (c.state === 'text' || c.state === 'rcdata') {
        let end = i1;
        if (c1.state !== c.state) {
          const lt = s.lastIndexOf('<', i1 - 1);
          if (lt >= i) end = lt;
        }
        for (let j = s.indexOf('<', i); j >= 0 && j < end; j = s.indexOf('<', j + 1)) {
          if (/^<!doctype/i.test(s.slice(j, j + 9))) continue;
          out += s.slice(written, j) + '&lt;';
          written = j + 1;
        }
      } else if (isComment(c.state) && c.delim === 'none') {
        if (c.state === 'jsBlockCmt') out += /[\n\r\u2028\u2029]/.test(s.slice(written, i1)) ? '\n' : ' ';
        else if (c.state === 'cssBlockCmt') out += ' ';
        written = i1;
      }
      if (c.state !== c1.state && isComment(c1.state) && c1.delim === 'none') {
        const opener = s.slice(0, i1).endsWith('<!--') ? 4 : s.slice(0, i1).endsWith('-->') ? 3 : 2;
        out += s.slice(written, i1 - opener);
        written = i1;
      }
      if (n === 0 && c1.state === c.state) throw new Error(`html context stuck in state ${c.state}`);
      this.c = c1;
      i = i1;
    }
    if (!(isComment(this.c.state) && this.c.delim === 'none')) out += s.slice(written);
    return out;
  }

  /** The escapers for an action at this point (Go's escapeAction); moves past the action. */
  action(): EscaperName[] {
    let c = nudge(this.c);
    const s: EscaperName[] = [];
    switch (c.state) {
      case 'url':
      case 'cssDqStr':
      case 'cssSqStr':
      case 'cssDqURL':
      case 'cssSqURL':
      case 'cssURL':
        if (c.urlPart === 'query') s.push('urlescaper');
        else {
          if (c.urlPart === 'none') s.push('urlfilter');
          s.push(c.state === 'cssDqStr' || c.state === 'cssSqStr' ? 'cssescaper' : 'urlnormalizer');
        }
        break;
      case 'js':
        s.push('jsvalescaper');
        // A slash after a value is a division.
        c = { ...c, jsRegexp: false };
        break;
      case 'jsDqStr':
      case 'jsSqStr':
        s.push('jsstrescaper');
        break;
      case 'jsTmplLit':
        s.push('jstmpllitescaper');
        break;
      case 'jsRegexp':
        s.push('jsregexpescaper');
        break;
      case 'css':
        s.push('cssvaluefilter');
        break;
      case 'text':
        s.push('htmlescaper');
        break;
      case 'rcdata':
        s.push('rcdataescaper');
        break;
      case 'attr':
        break;
      case 'attrName':
      case 'tag':
        c = { ...c, state: 'attrName' };
        s.push('htmlnamefilter');
        break;
      case 'srcset':
        s.push('srcsetescaper');
        break;
      default:
        s.push('commentescaper');
    }
    if (c.delim === 'space') s.push('nospaceescaper');
    else if (c.delim !== 'none') s.push('attrescaper');
    this.c = c;
    return s;
  }
}

/** Go's nudge: an action right after a tag name, attribute name or `=` starts the next part. */
function nudge(c: Ctx): Ctx {
  switch (c.state) {
    case 'tag':
      return { ...c, state: 'attrName' };
    case 'beforeValue':
      return { ...c, state: ATTR_START[c.attr], delim: 'space', attr: 'none', urlPart: 'none', jsRegexp: true };
    case 'afterName':
      return { ...c, state: 'attrName', attr: 'none' };
  }
  return c;
}
