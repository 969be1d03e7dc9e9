/** html/template's transitions inside JavaScript and CSS (script/style elements and attributes). */
import type { Ctx, State, Transition } from './html-state.js';
import { urlPartAfter } from './html-state.js';

const REGEXP_PRECEDER_KEYWORDS = new Set(['break', 'case', 'continue', 'delete', 'do', 'else', 'finally', 'in', 'instanceof', 'return', 'throw', 'try', 'typeof', 'void']);
const isJSIdentPart = (ch: string): boolean => /[\p{L}\p{Nd}_$]/u.test(ch);

/** Whether a `/` after `s` starts a regexp (true) or is a division (false). */
function nextJSRegexp(s: string, preceding: boolean): boolean {
  const t = s.replace(/[\t\n\f\r \u2028\u2029]+$/, '');
  if (t === '') return preceding;
  const c = t[t.length - 1] ?? '';
  if (c === '+' || c === '-') {
    let start = t.length - 1;
    while (start > 0 && t[start - 1] === c) start--;
    return (t.length - start) % 2 === 1;
  }
  if (c === '.') return !(t.length > 1 && /[0-9]/.test(t[t.length - 2] ?? ''));
  if (',<>=*%&|^?!~([:;{}'.includes(c)) return true;
  let j = t.length;
  while (j > 0 && isJSIdentPart(t[j - 1] ?? '')) j--;
  return REGEXP_PRECEDER_KEYWORDS.has(t.slice(j));
}

/** JS code: strings, template literals, regexps and comments start here; `/` is a regexp or a division. */
export const tJS: Transition = (c, s) => {
  const m = /["`'/{}<\-#]/.exec(s);
  if (m === null) return [{ ...c, jsRegexp: nextJSRegexp(s, c.jsRegexp) }, s.length];
  let i = m.index;
  const n: Ctx = { ...c, jsRegexp: nextJSRegexp(s.slice(0, i), c.jsRegexp) };
  switch (s[i]) {
    case '"':
      return [{ ...n, state: 'jsDqStr' }, i + 1];
    case "'":
      return [{ ...n, state: 'jsSqStr' }, i + 1];
    case '`':
      return [{ ...n, state: 'jsTmplLit' }, i + 1];
    case '/':
      if (s[i + 1] === '/') return [{ ...n, state: 'jsLineCmt' }, i + 2];
      if (s[i + 1] === '*') return [{ ...n, state: 'jsBlockCmt' }, i + 2];
      if (n.jsRegexp) return [{ ...n, state: 'jsRegexp' }, i + 1];
      return [{ ...n, jsRegexp: true }, i + 1];
    case '<':
      if (s.startsWith('<!--', i)) return [{ ...n, state: 'jsLineCmt' }, i + 4];
      break;
    case '-':
      if (s.startsWith('-->', i)) return [{ ...n, state: 'jsLineCmt' }, i + 3];
      break;
    case '#':
      if (s.startsWith('#!', i)) return [{ ...n, state: 'jsLineCmt' }, i + 2];
      break;
    case '{':
      return [{ ...n, braceDepth: n.braceDepth + 1, jsRegexp: true }, i + 1];
    case '}': {
      const top = n.tmplStack[n.tmplStack.length - 1];
      if (top !== undefined && top === n.braceDepth) return [{ ...n, state: 'jsTmplLit', tmplStack: n.tmplStack.slice(0, -1) }, i + 1];
      return [{ ...n, braceDepth: Math.max(0, n.braceDepth - 1), jsRegexp: true }, i + 1];
    }
  }
  i++;
  return [n, i];
};

/** Strings and regexp literals: up to the unescaped closing delimiter. */
export const tJSDelimited: Transition = (c, s) => {
  const specials = c.state === 'jsSqStr' ? "\\'" : c.state === 'jsRegexp' ? '\\/[]' : '\\"';
  let inCharset = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (!specials.includes(ch)) continue;
    if (ch === '\\') i++;
    else if (ch === '[') inCharset = true;
    else if (ch === ']') inCharset = false;
    else if (!inCharset) return [{ ...c, state: 'js', jsRegexp: false }, i + 1];
  }
  return [c, s.length];
};

/** Template literals: the closing backtick, or `${` into an embedded expression. */
export const tJSTmplLit: Transition = (c, s) => {
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') i++;
    else if (ch === '`') return [{ ...c, state: 'js', jsRegexp: false }, i + 1];
    else if (ch === '$' && s[i + 1] === '{') {
      return [{ ...c, state: 'js', jsRegexp: true, tmplStack: [...c.tmplStack, c.braceDepth] }, i + 2];
    }
  }
  return [c, s.length];
};

/** Block comments (JS and CSS) end at `*\/`. */
export const tBlockCmt: Transition = (c, s) => {
  const i = s.indexOf('*/');
  if (i < 0) return [c, s.length];
  return [{ ...c, state: c.state === 'jsBlockCmt' ? 'js' : 'css' }, i + 2];
};

/** Line comments end before the line terminator, which is kept. */
export const tLineCmt: Transition = (c, s) => {
  const js = c.state === 'jsLineCmt';
  const m = (js ? /[\n\r\u2028\u2029]/ : /[\n\f\r]/).exec(s);
  if (m === null) return [c, s.length];
  return [{ ...c, state: js ? 'js' : 'css' }, m.index];
};

/** CSS: strings, `url(`, and comments start here. */
export const tCSS: Transition = (c, s) => {
  for (let k = 0; ; ) {
    const m = /[("'/]/.exec(s.slice(k));
    if (m === null) return [c, s.length];
    const i = k + m.index;
    switch (s[i]) {
      case '(': {
        if (/(?:^|[^-\w])url\s*$/i.test(s.slice(0, i))) {
          let j = i + 1;
          while (j < s.length && /[\t\n\f\r ]/.test(s[j] ?? '')) j++;
          if (s[j] === '"') return [{ ...c, state: 'cssDqURL', urlPart: 'none' }, j + 1];
          if (s[j] === "'") return [{ ...c, state: 'cssSqURL', urlPart: 'none' }, j + 1];
          return [{ ...c, state: 'cssURL', urlPart: 'none' }, j];
        }
        break;
      }
      case '/':
        if (s[i + 1] === '/') return [{ ...c, state: 'cssLineCmt' }, i + 2];
        if (s[i + 1] === '*') return [{ ...c, state: 'cssBlockCmt' }, i + 2];
        break;
      case '"':
        return [{ ...c, state: 'cssDqStr', urlPart: 'none' }, i + 1];
      case "'":
        return [{ ...c, state: 'cssSqStr', urlPart: 'none' }, i + 1];
    }
    k = i + 1;
  }
};

const CSS_ENDS: Partial<Record<State, string>> = {
  cssDqStr: '\\"',
  cssDqURL: '\\"',
  cssSqStr: "\\'",
  cssSqURL: "\\'",
  cssURL: '\\\t\n\f\r )',
};

/** CSS strings and url(...): track the URL part until the closing delimiter. */
export const tCSSStr: Transition = (c, s) => {
  const ends = CSS_ENDS[c.state] ?? '\\"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (!ends.includes(ch)) continue;
    if (ch === '\\') {
      i++;
      continue;
    }
    return [{ ...urlPartAfter(c, s.slice(0, i)), state: 'css' }, i + 1];
  }
  return [urlPartAfter(c, s), s.length];
};
