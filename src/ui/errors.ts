import { GatehouseError } from '../http/errors.js';
import { TraitsValidationError } from '../schema/errors.js';
import { validationGeneric, validationRequired } from '../text/validation.js';
import type { UiText } from '../text/message.js';
import { addMessage, addNodeMessage } from './container.js';
import { dottedName, pointerToName } from './path.js';
import type { UiContainer } from './types.js';

/** A server-side validation message for one field (`#/password`) or the whole form (`#/`). */
export interface FieldError {
  pointer: string;
  text: UiText;
}

export const fieldError = (pointer: string, text: UiText): FieldError => ({ pointer, text });

/**
 * A method's validation failure (ui.md §6): HTTP 400 carrying UI messages with their field
 * pointers, placed by `applyValidationErrors`.
 */
export class FieldValidationError extends GatehouseError {
  readonly fieldErrors: readonly FieldError[];

  constructor(errors: FieldError | readonly FieldError[]) {
    const list = Array.isArray(errors) ? (errors as readonly FieldError[]) : [errors as FieldError];
    super(400, { reason: list.map((e) => e.text.text).join('; ') });
    this.name = 'FieldValidationError';
    this.fieldErrors = list;
  }
}

/** `#/` → flow messages, any other pointer → that node (created in `default` if missing). */
export function applyFieldErrors(c: UiContainer, errors: readonly FieldError[]): void {
  for (const e of errors) {
    const name = pointerToName(e.pointer);
    if (name === '') addMessage(c, e.text);
    else addNodeMessage(c, name, e.text);
  }
}

function applyTraitsError(c: UiContainer, err: TraitsValidationError): void {
  for (const cause of err.causes) {
    if (cause.keyword === 'required' && cause.missing && cause.missing.length > 0) {
      for (const property of cause.missing) {
        addNodeMessage(c, dottedName([...cause.path, property]), validationRequired(property));
      }
      continue;
    }
    const name = dottedName(cause.path);
    if (name === '') addMessage(c, validationGeneric(cause.message));
    else addNodeMessage(c, name, validationGeneric(cause.message));
  }
}

/**
 * Places an error's messages in the container (ui.md §5.6). Returns false when the error is not
 * one that belongs in the UI (the caller then handles it as a plain error). Messages are only
 * added: reset them first where the flow calls for it.
 */
export function applyValidationErrors(c: UiContainer, err: unknown): boolean {
  if (err instanceof FieldValidationError) {
    applyFieldErrors(c, err.fieldErrors);
    return true;
  }
  if (err instanceof TraitsValidationError) {
    applyTraitsError(c, err);
    return true;
  }
  if (err instanceof GatehouseError && err.status === 400) {
    addMessage(c, validationGeneric(err.fields.reason || err.message));
    return true;
  }
  return false;
}
