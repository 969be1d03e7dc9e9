import type { FastifyRequest } from 'fastify';
import type { AfterBlock, BeforeBlock, HookConfig } from '../../config/types.js';
import { internal } from '../../http/errors.js';
import type { JsonnetEvaluator } from './jsonnet.js';
import { requestHeadersOf } from './headers.js';
import { runWebHook } from './web-hook.js';

export interface HookDeps {
  jsonnet: JsonnetEvaluator;
  logger?: { warn(msg: string): void };
}

type AfterWithMethods = AfterBlock & { [method: string]: unknown };

const methodBlockOf = (after: AfterBlock | undefined, method: string) =>
  (after as AfterWithMethods | undefined)?.[method] as AfterBlock | undefined;

/**
 * The after-hooks of a method (flows.md §9): a non-empty method list replaces the global
 * list; the global list applies only when the method has none.
 */
export function afterHookConfigs(after: AfterBlock | undefined, method: string): HookConfig[] {
  const methodBlock = methodBlockOf(after, method);
  return methodBlock?.hooks?.length ? methodBlock.hooks : (after?.hooks ?? []);
}

/** Names of the after-hooks of a method. */
export const afterHooks = (after: AfterBlock | undefined, method: string): string[] =>
  afterHookConfigs(after, method).map((h) => h.hook);

/** `after.<method>.default_browser_return_url` → `after.default_browser_return_url` → fallback. */
export function afterReturnUrl(after: AfterBlock | undefined, method: string, fallback: string): string {
  return methodBlockOf(after, method)?.default_browser_return_url ?? after?.default_browser_return_url ?? fallback;
}

export const beforeHookConfigs = (before: BeforeBlock | undefined): HookConfig[] => before?.hooks ?? [];

/**
 * Runs the `web_hook` entries of a hook list in order; the first failure aborts the flow as a
 * plain (500) error, as upstream.
 */
export async function runWebHooks(
  deps: HookDeps,
  req: FastifyRequest,
  hooks: readonly HookConfig[],
  payload: { flow: Record<string, unknown>; identity: Record<string, unknown> | null },
): Promise<void> {
  for (const h of hooks) {
    if (h.hook !== 'web_hook') continue;
    try {
      await runWebHook(
        h.config,
        {
          flow: payload.flow,
          identity: payload.identity,
          requestHeaders: requestHeadersOf(req.raw.rawHeaders),
          requestMethod: req.method,
          requestUrl: req.url,
        },
        { jsonnet: deps.jsonnet, logger: deps.logger },
      );
    } catch (err) {
      throw internal(undefined, { message: (err as Error).message });
    }
  }
}
