/**
 * A Go template engine (text/template and html/template semantics, plus a Sprig subset) for
 * rendering Kratos-compatible email templates.
 */
export { TemplateError } from './errors.js';
export type { ExecLimits } from './eval.js';
export type { EscapeMode } from './exec.js';
export { DEFAULT_LIMITS, TemplateSet } from './set.js';
export type { TemplateSetOptions } from './set.js';
