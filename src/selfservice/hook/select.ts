import type { AfterBlock } from '../../config/types.js';

/**
 * The after-hooks of a method (flows.md §9): a non-empty method list replaces the global
 * list; the global list applies only when the method has none.
 */
type AfterWithMethods = AfterBlock & { [method: string]: unknown };

const methodBlockOf = (after: AfterBlock | undefined, method: string) =>
  (after as AfterWithMethods | undefined)?.[method] as AfterBlock | undefined;

export function afterHooks(after: AfterBlock | undefined, method: string): string[] {
  const methodBlock = methodBlockOf(after, method);
  const list = methodBlock?.hooks?.length ? methodBlock.hooks : (after?.hooks ?? []);
  return list.map((h) => h.hook);
}

/** `after.<method>.default_browser_return_url` → `after.default_browser_return_url` → fallback. */
export function afterReturnUrl(after: AfterBlock | undefined, method: string, fallback: string): string {
  const methodBlock = methodBlockOf(after, method);
  return methodBlock?.default_browser_return_url ?? after?.default_browser_return_url ?? fallback;
}
