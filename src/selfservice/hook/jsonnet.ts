import { createRequire } from 'node:module';

/** The part of @hanazuki/node-jsonnet used here (its types are not reachable through its `exports` map). */
interface NativeJsonnet {
  tlaCode(name: string, code: string): NativeJsonnet;
  evaluateSnippet(snippet: string, filename?: string): Promise<string>;
}
const { Jsonnet } = createRequire(import.meta.url)('@hanazuki/node-jsonnet') as { Jsonnet: new () => NativeJsonnet };

/**
 * Evaluates a Jsonnet program to JSON text. The one seam between Gatehouse and a Jsonnet
 * implementation, so the engine can be swapped (or faked) without touching the hooks.
 */
export interface JsonnetEvaluator {
  /**
   * @param source the Jsonnet program.
   * @param tla top-level arguments, each given as Jsonnet *code* (JSON text is valid code).
   * @param filename the name used in error messages; relative imports resolve against it.
   * @returns the output as the reference implementation prints it (3-space indent, trailing newline).
   */
  evaluate(source: string, tla: Record<string, string>, filename?: string): Promise<string>;
}

export interface JsonnetLimits {
  /** How long a caller waits for one evaluation. Default 5 s. */
  timeoutMs?: number;
  /** Largest program accepted, in UTF-8 bytes. Default 1 MiB. */
  maxSourceBytes?: number;
  /** Largest output accepted, in UTF-8 bytes. Default 10 MiB. */
  maxOutputBytes?: number;
}

const DEFAULTS: Required<JsonnetLimits> = { timeoutMs: 5_000, maxSourceBytes: 1 << 20, maxOutputBytes: 10 << 20 };

/**
 * The reference C++ Jsonnet (the same output format as go-jsonnet, which upstream uses).
 *
 * The evaluation runs on the libuv thread pool and cannot be interrupted: the timeout bounds
 * how long the caller waits, not the CPU the runaway evaluation keeps using. Templates are
 * operator configuration, so the guard is against mistakes (an accidental huge `std.range`),
 * not against hostile programs; deep recursion already stops at the engine's stack limit.
 */
export function createJsonnetEvaluator(limits: JsonnetLimits = {}): JsonnetEvaluator {
  const { timeoutMs, maxSourceBytes, maxOutputBytes } = { ...DEFAULTS, ...limits };
  return {
    async evaluate(source, tla, filename = '(snippet)') {
      if (Buffer.byteLength(source) > maxSourceBytes) {
        throw new Error(`jsonnet: the program is larger than ${maxSourceBytes} bytes`);
      }
      // A fresh interpreter per call: top-level arguments accumulate on an instance.
      const vm = new Jsonnet();
      for (const [name, code] of Object.entries(tla)) vm.tlaCode(name, code);
      const output = await withTimeout(vm.evaluateSnippet(source, filename), timeoutMs).catch((e: unknown) => {
        // The engine ends its messages with a newline; they are embedded in longer texts.
        throw e instanceof Error ? new Error(e.message.trimEnd(), { cause: e }) : e;
      });
      if (Buffer.byteLength(output) > maxOutputBytes) {
        throw new Error(`jsonnet: the output is larger than ${maxOutputBytes} bytes`);
      }
      return output;
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`jsonnet: evaluation did not finish within ${ms} ms`)), ms);
    timer.unref();
  });
  // The losing evaluation may still fail later; that rejection has nobody left to tell.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
