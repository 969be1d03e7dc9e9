/**
 * Go template engine subset (PROVISIONAL: plain `{{ .Field }}` substitution only;
 * the full engine replaces this file).
 */

/** A parse or execution error; `file` and `line` locate it when known. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Whether values are written as they are (`text`) or escaped for their HTML context (`html`). */
export type EscapeMode = 'text' | 'html';

/** Options of a {@link TemplateSet}. */
export interface TemplateSetOptions {
  mode: EscapeMode;
}

/** A set of named templates that can include each other. */
export class TemplateSet {
  private readonly sources = new Map<string, string>();
  constructor(readonly options: TemplateSetOptions) {}

  /** Parses `source` as template `name`; `file` names it in errors. */
  add(name: string, source: string, _file?: string): this {
    this.sources.set(name, source);
    return this;
  }

  has(name: string): boolean {
    return this.sources.has(name);
  }

  /** Executes template `name` with `data` as dot. */
  execute(name: string, data: unknown): string {
    const src = this.sources.get(name);
    if (src === undefined) throw new TemplateError(`no such template "${name}"`);
    return src.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_m, k: string) => {
      const v = (data as Record<string, unknown>)[k];
      const s = v === undefined || v === null ? (this.options.mode === 'html' ? '' : '<no value>') : String(v);
      return this.options.mode === 'html' ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;') : s;
    });
  }
}
