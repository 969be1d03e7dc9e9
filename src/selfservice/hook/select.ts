import type { AfterBlock } from '../../config/types.js';
import { afterHookConfigs } from './run.js';

/** Names of the after-hooks of a method (see afterHookConfigs). */
type AfterWithMethods = AfterBlock & { [method: string]: unknown };

const methodBlockOf = (after: AfterBlock | undefined, method: string) =>
  (after as AfterWithMethods | undefined)?.[method] as AfterBlock | undefined;

export function afterHooks(after: AfterBlock | undefined, method: string): string[] {
  return afterHookConfigs(after, method).map((h) => h.hook);
}

/** `after.<method>.default_browser_return_url` → `after.default_browser_return_url` → fallback. */
export function afterReturnUrl(after: AfterBlock | undefined, method: string, fallback: string): string {
  const methodBlock = methodBlockOf(after, method);
  return methodBlock?.default_browser_return_url ?? after?.default_browser_return_url ?? fallback;
}
