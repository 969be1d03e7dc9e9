/**
 * Expression evaluation of the executor: pipelines, commands, fields, variables and function
 * calls, following text/template's exec.go (errors, nil handling, and/or short-circuit).
 */
import type { ArgNode, ChainNode, CommandNode, FieldNode, IdentifierNode, PipeNode, Tree, VariableNode } from './ast.js';
import { nodeString } from './ast.js';
import { FuncError, locatedError, TemplateError } from './errors.js';
import { sprint } from './format.js';
import { lookupFunc } from './funcs.js';
import { GoTime } from './gotime.js';
import { argValue, fieldOf, isMap, truth } from './values.js';

/** "No final argument": the first command of a pipeline receives none. */
export const MISSING: unique symbol = Symbol('missing');
type Final = unknown;

/** Limits that keep a hostile template or model from hanging or exhausting the process. */
export interface ExecLimits {
  /** Maximum nesting of `template` calls (Go: 100000). */
  maxDepth: number;
  /** Maximum output size in bytes; also bounds any single function result. */
  maxOutputBytes: number;
  /** Maximum number of evaluation steps (nodes walked plus commands evaluated). */
  maxSteps: number;
}

/** Thrown inside a range body by `{{break}}` / `{{continue}}`. */
export class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

/** Evaluates expressions against dot and the variable stack; {@link Executor} adds statements. */
export abstract class Evaluator {
  protected vars: { name: string; value: unknown }[] = [];
  protected tree: Tree;
  protected line = 0;
  protected at: ArgNode | CommandNode | null = null;
  private steps = 0;

  constructor(
    tree: Tree,
    protected readonly limits: ExecLimits,
  ) {
    this.tree = tree;
  }

  /** A located execution error, like Go's `executing "name" at <node>: msg`. */
  protected fail(msg: string): never {
    const where = this.at === null ? '' : ` at <${nodeString(this.at)}>`;
    throw locatedError(this.tree.file, this.line, `executing "${this.tree.name}"${where}: ${msg}`);
  }

  protected step(): void {
    if (++this.steps > this.limits.maxSteps) this.fail(`execution exceeded ${this.limits.maxSteps} steps`);
  }

  // --- variables ----------------------------------------------------------------------
  protected varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]?.name === name) return this.vars[i]?.value;
    return this.fail(`undefined variable: ${name}`);
  }
  protected setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) {
        v.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }
  protected setTopVar(n: number, value: unknown): void {
    const v = this.vars[this.vars.length - n];
    if (v !== undefined) v.value = value;
  }

  // --- pipelines ----------------------------------------------------------------------
  protected evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.line = pipe.line;
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, value);
      else this.vars.push({ name, value });
    }
    return value;
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    this.step();
    this.line = cmd.line;
    this.at = cmd;
    const first = cmd.args[0];
    if (first === undefined) return this.fail('empty command');
    switch (first.kind) {
      case 'field':
        return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.at = first;
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
      case 'number':
      case 'string':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.fail('nil is not a command');
    }
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    const first = args[0];
    if (first !== undefined && (args.length > 1 || final !== MISSING)) this.fail(`can't give argument to non-function ${nodeString(first)}`);
  }

  /** The value of one argument node. */
  protected evalArg(dot: unknown, n: ArgNode): unknown {
    this.at = n;
    switch (n.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING);
      case 'variable':
        return this.evalVariable(dot, n, [n], MISSING);
      case 'pipe':
        return this.evalPipeline(dot, n);
      case 'identifier':
        return this.evalFunction(dot, n, [n], MISSING);
      case 'chain':
        return this.evalChain(dot, n, [n], MISSING);
      case 'bool':
      case 'number':
      case 'string':
        return n.value;
    }
  }

  private evalVariable(dot: unknown, v: VariableNode, args: ArgNode[], final: Final): unknown {
    this.at = v;
    const value = this.varValue(v.ident[0] ?? '$');
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalChain(dot: unknown, chain: ChainNode, args: ArgNode[], final: Final): unknown {
    if (chain.node.kind === 'nil') this.fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const recv = this.evalArg(dot, chain.node);
    return this.evalFieldChain(dot, recv, chain, chain.field, args, final);
  }

  private evalFieldChain(dot: unknown, recv: unknown, node: FieldNode | VariableNode | ChainNode, ident: string[], args: ArgNode[], final: Final): unknown {
    let r = recv;
    ident.forEach((name, i) => {
      const last = i === ident.length - 1;
      r = this.evalField(dot, name, node, last ? args : [], last ? final : MISSING, r);
    });
    return r;
  }

  private evalField(dot: unknown, name: string, node: ArgNode, args: ArgNode[], final: Final, recv: unknown): unknown {
    this.at = node;
    const hasArgs = args.length > 1 || final !== MISSING;
    if (recv instanceof GoTime) {
      const argv = args.slice(1).map((a) => argValue(this.evalArg(dot, a)));
      if (final !== MISSING) argv.push(argValue(final));
      this.at = node;
      try {
        return recv.callMethod(name, argv);
      } catch (err) {
        return this.fail((err as Error).message);
      }
    }
    if (hasArgs && isMap(recv)) this.fail(`${name} is not a method but has arguments`);
    try {
      return fieldOf(recv, name);
    } catch (err) {
      return this.fail((err as Error).message);
    }
  }

  private evalFunction(dot: unknown, node: IdentifierNode, args: ArgNode[], final: Final): unknown {
    const name = node.name;
    const def = lookupFunc(name);
    this.at = node;
    if (def === undefined) return this.fail(`"${name}" is not a defined function`);
    const argNodes = args.slice(1);
    const count = argNodes.length + (final === MISSING ? 0 : 1);
    if (count < def.min || count > def.max) {
      const want = def.max === Infinity ? `at least ${def.min}` : String(def.min);
      this.fail(`wrong number of args for ${name}: want ${want} got ${count}`);
    }
    if (name === 'and' || name === 'or') {
      // Go 1.18+: evaluate left to right and stop at the deciding argument.
      let v: unknown = null;
      for (const a of argNodes) {
        v = argValue(this.evalArg(dot, a));
        if (truth(v) === (name === 'or')) return v;
      }
      return final === MISSING ? v : argValue(final);
    }
    const argv = argNodes.map((a) => argValue(this.evalArg(dot, a)));
    if (final !== MISSING) argv.push(argValue(final));
    this.at = node;
    let result: unknown;
    try {
      result = def.fn(argv);
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      if (err instanceof FuncError || err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) {
        return this.fail(`error calling ${name}: ${err.message}`);
      }
      throw err;
    }
    if (typeof result === 'string' && Buffer.byteLength(result, 'utf8') > this.limits.maxOutputBytes) {
      this.fail(`error calling ${name}: result exceeds ${this.limits.maxOutputBytes} bytes`);
    }
    return result === undefined ? null : result;
  }

  /** html/template's `_eval_args_`: fmt.Sprint of the arguments (a lone string as is). */
  protected evalArgsString(dot: unknown, args: ArgNode[]): string {
    const argv = args.map((a) => argValue(this.evalArg(dot, a)));
    return argv.length === 1 && typeof argv[0] === 'string' ? argv[0] : sprint(argv);
  }
}

