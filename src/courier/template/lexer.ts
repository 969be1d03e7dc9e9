/**
 * Lexer for Go template source. It follows text/template's lexer: text outside `{{ }}`,
 * trim markers `{{- ` / ` -}}`, comments (slash-star … star-slash inside the delimiters),
 * and the tokens inside actions.
 */
import { locatedError } from './errors.js';

/** Kinds of tokens (text/template's item types). */
export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'number'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'keyword'
  | 'eof';

/** One token; `val` is the source text (text tokens: the text after trimming). */
export interface Token {
  type: TokenType;
  val: string;
  line: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const SPACE = new Set([' ', '\t', '\r', '\n']);
const LEFT = '{{';
const RIGHT = '}}';

const isSpace = (c: string | undefined): boolean => c !== undefined && SPACE.has(c);
const isAlnum = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{Nd}_]/u.test(c);

/** Splits `src` into tokens; throws a located TemplateError (`file`) on lexical errors. */
export function lex(src: string, file: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let parenDepth = 0;
  const fail = (msg: string, at = line): never => {
    throw locatedError(file, at, msg);
  };
  const emit = (type: TokenType, val: string, at = line): void => {
    tokens.push({ type, val, line: at });
  };
  const advance = (n: number): string => {
    const s = src.slice(pos, pos + n);
    for (const ch of s) if (ch === '\n') line++;
    pos += n;
    return s;
  };
  // Right delimiter with optional trim marker: returns [length, trims].
  const atRight = (): [number, boolean] | null => {
    if (isSpace(src[pos]) && src[pos + 1] === '-' && src.startsWith(RIGHT, pos + 2)) return [2 + RIGHT.length, true];
    if (src.startsWith(RIGHT, pos)) return [RIGHT.length, false];
    return null;
  };
  const skipLeadingSpace = (): void => {
    let n = 0;
    while (isSpace(src[pos + n])) n++;
    advance(n);
  };

  while (pos < src.length) {
    // Text up to the next action.
    const open = src.indexOf(LEFT, pos);
    const textEnd = open < 0 ? src.length : open;
    let text = src.slice(pos, textEnd);
    const trimLeft = open >= 0 && src[open + 2] === '-' && isSpace(src[open + 3]);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    const textLine = line;
    advance(textEnd - pos);
    if (text !== '') emit('text', text, textLine);
    if (open < 0) break;
    const actionLine = line;
    advance(LEFT.length + (trimLeft ? 2 : 0));
    // Comment: must start right after the delimiter and end right before the closing one.
    if (src.startsWith('/*', pos)) {
      const end = src.indexOf('*/', pos + 2);
      if (end < 0) fail('unclosed comment', actionLine);
      advance(end + 2 - pos);
      const r = atRight();
      if (r === null) fail('comment ends before closing delimiter', actionLine);
      else {
        advance(r[0]);
        if (r[1]) skipLeadingSpace();
      }
      continue;
    }
    emit('leftDelim', LEFT, actionLine);
    // Inside the action.
    for (;;) {
      const r = atRight();
      if (r !== null) {
        if (parenDepth > 0) fail('unclosed left paren');
        emit('rightDelim', RIGHT);
        advance(r[0]);
        if (r[1]) skipLeadingSpace();
        break;
      }
      const c = src[pos];
      if (c === undefined) fail('unclosed action', actionLine);
      else if (isSpace(c)) {
        const start = line;
        let n = 0;
        while (isSpace(src[pos + n]) && !(src[pos + n + 1] === '-' && src.startsWith(RIGHT, pos + n + 2))) n++;
        // A lone space before ` -}}` belongs to the trim marker.
        if (n === 0) n = 1;
        emit('space', advance(n), start);
      } else if (c === '=') emit('assign', advance(1));
      else if (c === ':') {
        if (src[pos + 1] !== '=') fail('expected :=');
        emit('declare', advance(2));
      } else if (c === '|') emit('pipe', advance(1));
      else if (c === ',') emit('comma', advance(1));
      else if (c === '(') {
        parenDepth++;
        emit('leftParen', advance(1));
      } else if (c === ')') {
        parenDepth--;
        if (parenDepth < 0) fail(`unexpected right paren`);
        emit('rightParen', advance(1));
      } else if (c === '"') emit('string', advance(scanQuoted(src, pos, fail)));
      else if (c === '`') {
        const end = src.indexOf('`', pos + 1);
        if (end < 0) fail('unterminated raw quoted string');
        const start = line;
        emit('rawString', advance(end + 1 - pos), start);
      } else if (c === "'") emit('charConstant', advance(scanChar(src, pos, fail)));
      else if (c === '$') emit('variable', advance(1 + scanWord(src, pos + 1)));
      else if (c === '.' && !/[0-9]/.test(src[pos + 1] ?? '')) {
        const n = scanWord(src, pos + 1);
        if (n === 0) emit('dot', advance(1));
        else emit('field', advance(1 + n));
      } else if (/[-+.0-9]/.test(c)) {
        const n = scanNumber(src, pos);
        if (n === 0 || isAlnum(src[pos + n])) fail(`bad number syntax: "${src.slice(pos, pos + Math.max(n, 1) + 1)}"`);
        emit('number', advance(n));
      } else if (isAlnum(c)) {
        const word = advance(scanWord(src, pos));
        if (KEYWORDS.has(word)) emit('keyword', word);
        else if (word === 'true' || word === 'false') emit('bool', word);
        else if (word === 'nil') emit('nil', word);
        else emit('identifier', word);
      } else {
        fail(`unexpected "${c}" in command`);
      }
      // Go requires identifiers and fields to end at a terminator.
      const last = tokens[tokens.length - 1];
      if (last !== undefined && ['identifier', 'field', 'variable', 'keyword', 'bool', 'nil'].includes(last.type)) {
        const next = src[pos];
        if (next !== undefined && !isSpace(next) && !'.,|:)(='.includes(next) && !src.startsWith(RIGHT, pos)) {
          fail(`bad character ${JSON.stringify(next)}`);
        }
      }
    }
  }
  emit('eof', '');
  return tokens;
}

function scanWord(src: string, start: number): number {
  let n = 0;
  for (const ch of src.slice(start)) {
    if (!isAlnum(ch)) break;
    n += ch.length;
  }
  return n;
}

function scanQuoted(src: string, start: number, fail: (m: string) => never): number {
  let i = start + 1;
  for (;;) {
    const c = src[i];
    if (c === undefined || c === '\n') fail('unterminated quoted string');
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1 - start;
    else i++;
  }
}

function scanChar(src: string, start: number, fail: (m: string) => never): number {
  let i = start + 1;
  for (;;) {
    const c = src[i];
    if (c === undefined || c === '\n') fail('unterminated character constant');
    if (c === '\\') i += 2;
    else if (c === "'") return i + 1 - start;
    else i++;
  }
}

/** Length of the number at `start` (Go syntax: sign, 0x/0o/0b, underscores, fraction, exponent). */
function scanNumber(src: string, start: number): number {
  const m = /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]+)?)/.exec(
    src.slice(start, start + 400),
  );
  const s = m?.[0] ?? '';
  return /[0-9]/.test(s) ? s.length : 0;
}
