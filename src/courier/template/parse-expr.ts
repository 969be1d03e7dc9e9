/** Token handling and pipelines (operands, commands, declarations) of the template parser. */
import type { ArgNode, CommandNode, PipeNode } from './ast.js';
import { locatedError } from './errors.js';
import type { Token } from './lexer.js';
import { charValue, numberValue, unquote, unquoteRaw } from './literals.js';

/** The expression half of the parser; the structure half (if, range, define, ...) extends it. */
export abstract class ExprParser {
  protected pos = 0;
  /** Variables in scope, innermost last. */
  protected vars: string[] = ['$'];
  /** Nesting of range bodies, for break/continue. */
  protected rangeDepth = 0;

  constructor(
    protected readonly tokens: Token[],
    protected readonly file: string,
    private readonly hasFunc: (name: string) => boolean,
  ) {}

  // --- token helpers -------------------------------------------------------------------
  protected peek(): Token {
    return this.tokens[this.pos] ?? { type: 'eof', val: '', line: 0 };
  }
  protected next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  protected nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  protected peekNonSpace(): Token {
    while (this.peek().type === 'space') this.next();
    return this.peek();
  }
  protected fail(msg: string, line = this.tokens[Math.max(0, this.pos - 1)]?.line ?? 1): never {
    throw locatedError(this.file, line, msg);
  }
  protected describe(t: Token): string {
    if (t.type === 'eof') return 'EOF';
    if (t.type === 'keyword') return `<${t.val}>`;
    return JSON.stringify(t.val.length > 10 ? `${t.val.slice(0, 10)}...` : t.val);
  }
  protected unexpected(t: Token, context: string): never {
    this.fail(`unexpected ${this.describe(t)} in ${context}`, t.line);
  }
  protected expect(type: Token['type'], context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  protected unquoteAt(t: Token): string {
    try {
      return unquote(t.val);
    } catch {
      return this.fail(`invalid syntax: ${t.val}`, t.line);
    }
  }


  // --- pipelines ----------------------------------------------------------------------
  protected pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
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
