/** Statement execution: text, actions, if/with/range, template calls, output limits. */
import type { ActionNode, BranchNode, ListNode, Node, TemplateNode, Tree } from './ast.js';
import { Evaluator, LoopSignal, MISSING } from './eval.js';
import type { ExecLimits } from './eval.js';
import { formatValue } from './format.js';
import { HtmlContext } from './html-context.js';
import { EQUIVALENT, ESCAPERS, stringify } from './html-escapers.js';
import type { EscaperName } from './html-escapers.js';
import { isMap, mapGet, mapKeys, NO_VALUE, truth } from './values.js';

/** Whether values are written as they are (`text`) or escaped for their HTML context (`html`). */
export type EscapeMode = 'text' | 'html';

/** Executes one template of a set. */
export class Executor extends Evaluator {
  private readonly out: string[] = [];
  private size = 0;
  private depth = 0;
  private readonly html: HtmlContext | null;

  constructor(
    tree: Tree,
    private readonly lookup: (name: string) => Tree | undefined,
    mode: EscapeMode,
    limits: ExecLimits,
  ) {
    super(tree, limits);
    this.html = mode === 'html' ? new HtmlContext() : null;
  }

  run(data: unknown): string {
    this.vars = [{ name: '$', value: data }];
    this.walk(data, this.tree.root);
    return this.out.join('');
  }

  private write(s: string): void {
    this.size += Buffer.byteLength(s, 'utf8');
    if (this.size > this.limits.maxOutputBytes) this.fail(`output exceeds ${this.limits.maxOutputBytes} bytes`);
    this.out.push(s);
  }

  private walk(dot: unknown, node: Node | ListNode): void {
    this.step();
    this.line = node.line;
    this.at = null;
    switch (node.kind) {
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'text':
        this.write(this.html === null ? node.text : this.html.text(node.text));
        return;
      case 'action':
        return this.walkAction(dot, node);
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'break':
      case 'continue':
        throw new LoopSignal(node.kind);
    }
  }

  private walkAction(dot: unknown, node: ActionNode): void {
    // Variables declared by an action stay in scope until the enclosing end.
    const pipe = node.pipe;
    if (pipe.decl.length > 0) {
      this.evalPipeline(dot, pipe);
      return;
    }
    if (this.html === null) {
      const v = this.evalPipeline(dot, pipe);
      this.write(v === NO_VALUE || v === null ? '<no value>' : formatValue(v));
      return;
    }
    let chain: EscaperName[] = this.html.action();
    let value: unknown;
    const last = pipe.cmds[pipe.cmds.length - 1];
    const id = last?.args[0];
    if (last !== undefined && id?.kind === 'identifier' && (id.name === 'html' || id.name === 'urlquery') && (last.args.length === 1 || pipe.cmds.length === 1)) {
      // A predefined escaper ending the pipeline replaces the equivalent contextual escaper (Go's ensurePipelineContains).
      const pre: EscaperName = id.name;
      if (last.args.length > 1) value = this.evalArgsString(dot, last.args.slice(1));
      else if (pipe.cmds.length === 1) value = '';
      else value = this.evalPipeline(dot, { ...pipe, cmds: pipe.cmds.slice(0, -1) });
      let dup = false;
      chain = chain.map((e) => {
        if (EQUIVALENT[e] !== pre) return e;
        dup = true;
        return pre;
      });
      if (!dup) chain = [pre, ...chain];
    } else {
      value = this.evalPipeline(dot, pipe);
    }
    let v: unknown = value;
    for (const e of chain) v = ESCAPERS[e](v);
    this.write(chain.length === 0 ? stringify(v) : String(v));
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (truth(val)) this.walk(node.kind === 'with' ? val : dot, node.list);
      else if (node.elseList !== null) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: unknown, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      const decl = node.pipe.decl;
      const bodyMark = this.vars.length;
      const once = (index: unknown, elem: unknown): boolean => {
        if (decl.length > 0) {
          if (node.pipe.isAssign) {
            if (decl.length > 1) {
              this.setVar(decl[0] ?? '', index);
              this.setVar(decl[1] ?? '', elem);
            } else this.setVar(decl[0] ?? '', elem);
          } else {
            this.setTopVar(1, elem);
            if (decl.length > 1) this.setTopVar(2, index);
          }
        }
        try {
          this.walk(elem, node.list);
        } catch (err) {
          if (!(err instanceof LoopSignal)) throw err;
          if (err.kind === 'break') return false;
        } finally {
          this.vars.length = bodyMark;
        }
        return true;
      };
      let ran = false;
      if (Array.isArray(val)) {
        for (let i = 0; i < val.length; i++) {
          ran = true;
          if (!once(BigInt(i), val[i] ?? null)) break;
        }
      } else if (isMap(val)) {
        for (const k of mapKeys(val)) {
          ran = true;
          if (!once(k, mapGet(val, k))) break;
        }
      } else if (typeof val === 'bigint') {
        // Go 1.22: range over an integer.
        if (decl.length > 1) this.fail(`can't use ${val} to iterate over more than one variable`);
        for (let i = 0n; i < val; i++) {
          ran = true;
          if (!once(i, i)) break;
        }
      } else if (val !== null && val !== NO_VALUE && val !== MISSING) {
        this.fail(`range can't iterate over ${formatValue(val)}`);
      }
      if (!ran && node.elseList !== null) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkTemplate(dot: unknown, node: TemplateNode): void {
    const tree = this.lookup(node.name);
    if (tree === undefined) this.fail(`template "${node.name}" not defined`);
    if (this.depth >= this.limits.maxDepth) this.fail(`exceeded maximum template depth (${this.limits.maxDepth})`);
    const newDot = node.pipe === null ? NO_VALUE : this.evalPipeline(dot, node.pipe);
    const saved = { tree: this.tree, vars: this.vars };
    this.tree = tree;
    this.vars = [{ name: '$', value: newDot }];
    this.depth++;
    try {
      this.walk(newDot, tree.root);
    } finally {
      this.depth--;
      this.tree = saved.tree;
      this.vars = saved.vars;
    }
  }
}
