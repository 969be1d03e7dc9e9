/**
 * Parser for Go templates, following text/template/parse: a file yields its own tree plus one
 * tree per `define`/`block`; function names and variables are checked at parse time.
 */
import type { ArgNode, BranchNode, CommandNode, ListNode, Node, PipeNode, TemplateNode, Tree } from './ast.js';
import { locatedError } from './errors.js';
import { lex } from './lexer.js';
import type { Token } from './lexer.js';
import { charValue, numberValue, unquote, unquoteRaw } from './literals.js';

/** What a list ended on, besides EOF. */
type ListEnd = { kind: 'end' } | { kind: 'else'; line: number };

/** Parses `src` (the file `file`) as template `name`; returns its tree first, then defined ones. */
export function parse(name: string, src: string, file: string, hasFunc: (name: string) => boolean): Tree[] {
  return new Parser(lex(src, file), file, hasFunc).parseFile(name);
}

/** True when a tree holds nothing but whitespace text (Go's parse.IsEmptyTree). */
export function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((n) => n.kind === 'text' && n.text.trim() === '');
}

class Parser {
  private pos = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private readonly trees = new Map<string, Tree>();

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
    private readonly hasFunc: (name: string) => boolean,
  ) {}

  parseFile(name: string): Tree[] {
    const root: ListNode = { kind: 'list', line: 1, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const save = this.pos;
        this.next();
        const kw = this.nextNonSpace();
        if (kw.type === 'keyword' && kw.val === 'define') {
          this.parseDefinition();
          continue;
        }
        this.pos = save;
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.fail(`unexpected {{${n.kind}}}`);
      root.nodes.push(n);
    }
    const main: Tree = { name, file: this.file, root };
    return [main, ...this.trees.values()];
  }

  // --- token helpers -------------------------------------------------------------------
  private peek(): Token {
    return this.tokens[this.pos] ?? { type: 'eof', val: '', line: 0 };
  }
  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    while (this.peek().type === 'space') this.next();
    return this.peek();
  }
  private fail(msg: string, line = this.tokens[Math.max(0, this.pos - 1)]?.line ?? 1): never {
    throw locatedError(this.file, line, msg);
  }
  private describe(t: Token): string {
    if (t.type === 'eof') return 'EOF';
    if (t.type === 'keyword') return `<${t.val}>`;
    return JSON.stringify(t.val.length > 10 ? `${t.val.slice(0, 10)}...` : t.val);
  }
  private unexpected(t: Token, context: string): never {
    this.fail(`unexpected ${this.describe(t)} in ${context}`, t.line);
  }
  private expect(type: Token['type'], context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  // --- structure ----------------------------------------------------------------------
  private addTree(name: string, root: ListNode, line: number): void {
    const old = this.trees.get(name);
    if (old !== undefined && !isEmptyTree(old.root) && !isEmptyTree(root)) {
      this.fail(`template: multiple definition of template "${name}"`, line);
    }
    if (old === undefined || !isEmptyTree(root)) this.trees.set(name, { name, file: this.file, root });
  }

  private templateName(t: Token, context: string): string {
    if (t.type === 'string') return this.unquoteAt(t);
    if (t.type === 'rawString') return unquoteRaw(t.val);
    return this.unexpected(t, context);
  }

  private unquoteAt(t: Token): string {
    try {
      return unquote(t.val);
    } catch {
      return this.fail(`invalid syntax: ${t.val}`, t.line);
    }
  }

  /** Runs `body` with a fresh variable scope (`$` only) and no enclosing range. */
  private inNewTree<T>(body: () => T): T {
    const [vars, depth] = [this.vars, this.rangeDepth];
    this.vars = ['$'];
    this.rangeDepth = 0;
    try {
      return body();
    } finally {
      [this.vars, this.rangeDepth] = [vars, depth];
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const nameTok = this.nextNonSpace();
    const name = this.templateName(nameTok, context);
    this.expect('rightDelim', context);
    const [list, end] = this.inNewTree(() => this.itemList());
    if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in ${context}`);
    this.addTree(name, list, nameTok.line);
  }

  private itemList(): [ListNode, ListEnd] {
    const list: ListNode = { kind: 'list', line: this.peek().line, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.fail('unexpected EOF');
  }

  private textOrAction(): Node | ListEnd {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { kind: 'text', line: t.line, text: t.val };
    if (t.type === 'leftDelim') return this.action();
    return this.unexpected(t, 'input');
  }

  private action(): Node | ListEnd {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.val) {
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue': {
          if (this.rangeDepth === 0) this.fail(`{{${t.val}}} outside {{range}}`, t.line);
          this.expect('rightDelim', `{{${t.val}}}`);
          return { kind: t.val, line: t.line };
        }
        case 'else': {
          const p = this.peekNonSpace();
          if (p.type === 'keyword' && (p.val === 'if' || p.val === 'with')) return { kind: 'else', line: t.line };
          this.expect('rightDelim', 'else');
          return { kind: 'else', line: t.line };
        }
        case 'end':
          this.expect('rightDelim', 'end');
          return { kind: 'end' };
        case 'if':
        case 'range':
        case 'with':
          return this.control(t.val, t.line);
        case 'template':
          return this.templateControl();
      }
    }
    this.pos--;
    const line = this.peek().line;
    return { kind: 'action', line, pipe: this.pipeline('command', 'rightDelim') };
  }

  private control(kind: 'if' | 'range' | 'with', line: number): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(kind, 'rightDelim');
      if (kind === 'range') this.rangeDepth++;
      const [list, end] = this.itemList();
      if (kind === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (end.kind === 'else') {
        const p = this.peek();
        if (kind !== 'range' && p.type === 'keyword' && p.val === kind) {
          // `{{else if x}}` is `{{else}}{{if x}}…{{end}}` sharing the final end.
          this.next();
          elseList = { kind: 'list', line: end.line, nodes: [this.control(kind, p.line)] };
        } else {
          const [l, e] = this.itemList();
          if (e.kind !== 'end') this.fail('expected end; found {{else}}');
          elseList = l;
        }
      }
      return { kind, line, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const tok = this.nextNonSpace();
    const name = this.templateName(tok, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.pos--;
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { kind: 'template', line: tok.line, name, pipe };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const tok = this.nextNonSpace();
    const name = this.templateName(tok, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const [list, end] = this.inNewTree(() => this.itemList());
    if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in ${context}`);
    this.addTree(name, list, tok.line);
    return { kind: 'template', line: tok.line, name, pipe };
  }

  // --- pipelines ----------------------------------------------------------------------
  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = { kind: 'pipe', line: this.peekNonSpace().line, decl: [], isAssign: false, cmds: [] };
    this.declarations(pipe, context);
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`, t.line);
        pipe.cmds.slice(1).forEach((c, i) => {
          const k = c.args[0]?.kind;
          if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
            this.fail(`non executable command in pipeline stage ${i + 2}`, c.line);
          }
        });
        return pipe;
      }
      const operandStart = ['bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen'];
      if (!operandStart.includes(t.type)) this.unexpected(t, context);
      this.pos--;
      pipe.cmds.push(this.command());
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') return;
      const save = this.pos;
      this.next();
      const after = this.peekNonSpace();
      if (after.type === 'declare' || after.type === 'assign') {
        this.next();
        pipe.isAssign = after.type === 'assign';
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        return;
      }
      if (after.type === 'comma') {
        this.next();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const n = this.peekNonSpace().type;
          if (n === 'variable' || n === 'rightDelim' || n === 'rightParen') continue;
          this.fail('range can only initialize variables', v.line);
        }
        this.fail(`too many declarations in ${context}`, v.line);
      }
      this.pos = save;
      return;
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', line: this.peekNonSpace().line, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.pos--;
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (node === null || this.peek().type !== 'field') return node;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { ...node, ident: [...node.ident, ...fields] };
      case 'variable':
        return { ...node, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.fail(`unexpected . after term "${node.kind === 'string' ? node.quoted : node.kind}"`);
      default:
        return { kind: 'chain', line: node.line, node, field: fields };
    }
  }

  private term(): ArgNode | null {
    const t = this.nextNonSpace();
    const line = t.line;
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunc(t.val)) this.fail(`function "${t.val}" not defined`, line);
        return { kind: 'identifier', line, name: t.val };
      case 'dot':
        return { kind: 'dot', line };
      case 'nil':
        return { kind: 'nil', line };
      case 'variable':
        if (!this.vars.includes(t.val)) this.fail(`undefined variable "${t.val}"`, line);
        return { kind: 'variable', line, ident: [t.val] };
      case 'field':
        return { kind: 'field', line, ident: [t.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', line, value: t.val === 'true' };
      case 'charConstant':
      case 'number':
        try {
          const value = t.type === 'number' ? numberValue(t.val) : charValue(t.val);
          return { kind: 'number', line, value, text: t.val };
        } catch (err) {
          return this.fail((err as Error).message, line);
        }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
        return { kind: 'string', line, value: this.unquoteAt(t), quoted: t.val };
      case 'rawString':
        return { kind: 'string', line, value: unquoteRaw(t.val), quoted: t.val };
    }
    this.pos--;
    return null;
  }
}
