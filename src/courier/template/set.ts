/** A set of named templates parsed together (like Go's template.ParseFiles result). */
import { locatedError, TemplateError } from './errors.js';
import type { ExecLimits } from './eval.js';
import { Executor } from './exec.js';
import type { EscapeMode } from './exec.js';
import { lookupFunc } from './funcs.js';
import { isEmptyTree, parse } from './parser.js';
import type { Tree } from './ast.js';

/** Options of a {@link TemplateSet}. */
export interface TemplateSetOptions {
  /** `text` (text/template) or `html` (html/template's contextual escaping). */
  mode: EscapeMode;
  /** Overrides of the default execution limits. */
  limits?: Partial<ExecLimits>;
}

/** Default limits: far above what an email needs, far below what hurts the process. */
export const DEFAULT_LIMITS: ExecLimits = { maxDepth: 1000, maxOutputBytes: 1 << 20, maxSteps: 1_000_000 };

/** Named templates that can include each other with `{{ template "name" }}`. */
export class TemplateSet {
  private readonly trees = new Map<string, Tree>();
  private readonly limits: ExecLimits;

  constructor(readonly options: TemplateSetOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /**
   * Parses `source` as template `name` (plus its `define`s); `file` names it in errors.
   * Like Go, a later definition replaces an earlier one unless it is empty.
   * @throws TemplateError on syntax errors, unknown functions or undefined variables.
   */
  add(name: string, source: string, file: string = name): this {
    let trees: Tree[];
    try {
      trees = parse(name, source, file, (fn) => lookupFunc(fn) !== undefined);
    } catch (err) {
      throw asTemplateError(err, file, '');
    }
    for (const t of trees) {
      if (this.trees.has(t.name) && isEmptyTree(t.root)) continue;
      this.trees.set(t.name, t);
    }
    return this;
  }

  /** Whether a template of that name exists. */
  has(name: string): boolean {
    return this.trees.has(name);
  }

  /** Names of the templates in the set. */
  names(): string[] {
    return [...this.trees.keys()];
  }

  /**
   * Executes template `name` with `data` as dot.
   * @throws TemplateError on execution errors and when a limit is exceeded.
   */
  execute(name: string, data: unknown): string {
    const tree = this.trees.get(name);
    if (tree === undefined) throw new TemplateError(`template: no template "${name}" in the set`);
    const exec = new Executor(tree, (n) => this.trees.get(n), this.options.mode, this.limits);
    try {
      return exec.run(data);
    } catch (err) {
      throw asTemplateError(err, tree.file, `executing "${name}": `);
    }
  }
}

/**
 * Callers only ever see TemplateError: a JS stack overflow (templates or expressions nested
 * deeper than the stack allows) and any unexpected engine failure are wrapped.
 */
function asTemplateError(err: unknown, file: string, prefix: string): TemplateError {
  if (err instanceof TemplateError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError && /call stack/i.test(msg)) return locatedError(file, 1, `${prefix}template nested too deeply`);
  return locatedError(file, 1, `${prefix}${msg}`);
}
