/**
 * A UI message (`uiText` on the wire, `text.Message` upstream). The same shape is used in the
 * domain and on the wire: the key order of the constructors (`id`, `text`, `type`, `context`) is
 * the wire order, and `context` is left out entirely for the messages that carry none.
 */
export type UiTextType = 'info' | 'error';

export interface UiText {
  id: number;
  text: string;
  type: UiTextType;
  /** Present (possibly `{}`) only for the messages whose catalogue entry has a context (ui.md §7). */
  context?: Record<string, unknown>;
}

/** An info message; pass `context` (even `{}`) only where the catalogue lists one. */
export function info(id: number, text: string, context?: Record<string, unknown>): UiText {
  return context === undefined ? { id, text, type: 'info' } : { id, text, type: 'info', context };
}

/** An error message; pass `context` (even `{}`) only where the catalogue lists one. */
export function error(id: number, text: string, context?: Record<string, unknown>): UiText {
  return context === undefined ? { id, text, type: 'error' } : { id, text, type: 'error', context };
}
