/**
 * Parser for Go templates, following text/template/parse: a file yields its own tree plus one
 * tree per `define`/`block`; function names and variables are checked at parse time.
 */
import type { BranchNode, ListNode, Node, PipeNode, TemplateNode, Tree } from './ast.js';
import { lex } from './lexer.js';
import type { Token } from './lexer.js';
import { ExprParser } from './parse-expr.js';
import { unquoteRaw } from './literals.js';

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

class Parser extends ExprParser {
  private readonly trees = new Map<string, Tree>();

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
    return this.fail('unexpected EOF', this.peek().line);
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

}
