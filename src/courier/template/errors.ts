/** Errors of the template engine. */

/**
 * A parse or execution error. The message starts with `template <file>:<line>:` like Go's
 * (`template: <name>:<line>:`), naming the source file so an override author can find it.
 */
export class TemplateError extends Error {
  constructor(
    message: string,
    /** Source file (as given to the set) the error is located in, when known. */
    readonly file?: string,
    /** 1-based line, when known. */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Builds a located error: `template <file>:<line>: <detail>`. */
export function locatedError(file: string, line: number, detail: string): TemplateError {
  return new TemplateError(`template ${file}:${line}: ${detail}`, file, line);
}

/**
 * Thrown by template functions; the executor wraps it as `error calling <name>: <message>`,
 * like Go does with a function's returned error.
 */
export class FuncError extends Error {}
