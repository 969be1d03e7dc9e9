import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { GatehouseError, internal, notFound } from '../http/errors.js';
import { compileSchema } from './compile.js';
import { identitySchemaProblems } from './meta.js';

/** One configured identity schema (`identity.schemas[]` or `default`). */
export interface SchemaEntry {
  id: string;
  url: string;
}

/** A schema document as read right now. */
export interface LoadedSchema extends SchemaEntry {
  raw: Buffer;
  /** SHA-256 (hex) of `raw`: lets callers reuse work done for identical content. */
  hash: string;
}

export interface SchemaRegistryOptions {
  /** Used for `http(s)://` schemas; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Abort an `http(s)://` load after this long (ms). */
  httpTimeoutMs?: number;
  /**
   * Keep `file://` documents after the first read. Off by default: upstream reads the file on
   * every use, so an edited schema applies without a restart (costs one file read per use).
   */
  cacheFiles?: boolean;
}

export const DEFAULT_SCHEMA_ID = 'default';

export const SCHEMA_UNREADABLE_REASON =
  'The file for this JSON Schema ID could not be found or opened. This is a configuration issue.';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const describeUrl = (url: string): string => (url.length > 120 ? url.slice(0, 117) + '...' : url);

/**
 * The configured identity schemas in configuration order (`identity.schemas`, then `default`),
 * readable from `file://`, `base64://` and `http(s)://` URLs (identity.md §4.1). Remote
 * documents are fetched on every use (spec); files too unless `cacheFiles` is set; base64
 * documents never change and are decoded once.
 */
export class SchemaRegistry {
  private readonly entries: readonly SchemaEntry[];
  private readonly fetchImpl: typeof fetch;
  private readonly httpTimeoutMs: number;
  private readonly cacheFiles: boolean;
  /** Decoded base64 documents (immutable) and, with `cacheFiles`, file contents. */
  private readonly kept = new Map<string, Buffer>();

  constructor(entries: readonly SchemaEntry[], opts: SchemaRegistryOptions = {}) {
    this.entries = entries.map((e) => ({ id: e.id, url: e.url }));
    this.fetchImpl = opts.fetch ?? fetch;
    this.httpTimeoutMs = opts.httpTimeoutMs ?? 10_000;
    this.cacheFiles = opts.cacheFiles ?? false;
  }

  list(): SchemaEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** The first entry with this id; an empty id means `default`. */
  find(id: string): SchemaEntry | undefined {
    const wanted = id || DEFAULT_SCHEMA_ID;
    return this.entries.find((e) => e.id === wanted);
  }

  has(id: string): boolean {
    return this.find(id) !== undefined;
  }

  /** Reads the schema document. Unknown id → 404; unreadable → 500 (api.md §11). */
  async load(id: string): Promise<LoadedSchema> {
    const entry = this.find(id);
    if (!entry) {
      // Upstream puts a Go stack trace into `debug`; the lookup error alone helps as much and
      // does not disclose server paths.
      throw notFound(undefined, {
        message: 'The requested resource could not be found',
        debug: `unable to find JSON Schema ID: ${id || DEFAULT_SCHEMA_ID}`,
      });
    }
    let raw: Buffer;
    try {
      raw = await this.read(entry.url);
    } catch (err) {
      throw internal(SCHEMA_UNREADABLE_REASON, { debug: `${entry.url}: ${(err as Error).message}` });
    }
    return { ...entry, raw, hash: createHash('sha256').update(raw).digest('hex') };
  }

  async getRaw(id: string): Promise<Buffer> {
    return (await this.load(id)).raw;
  }

  async getParsed(id: string): Promise<unknown> {
    const { raw, url } = await this.load(id);
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch (err) {
      throw internal('The JSON Schema for this ID is not valid JSON. This is a configuration issue.', {
        debug: `${describeUrl(url)}: ${(err as Error).message}`,
      });
    }
  }

  /**
   * Loads every schema and checks it against the identity meta-schema and the compiler.
   * Throws an Error naming the schema, its URL and the problem (startup aborts with it).
   */
  async checkAll(): Promise<void> {
    for (const { id, url } of this.entries) {
      const where = `identity schema "${id}" (${describeUrl(url)})`;
      let doc: unknown;
      try {
        doc = await this.getParsed(id);
      } catch (err) {
        const detail = err instanceof GatehouseError ? `${err.fields.reason ?? err.message} ${err.fields.debug ?? ''}` : String(err);
        throw new Error(`${where} could not be loaded: ${detail.trim()}`);
      }
      const problems = identitySchemaProblems(doc);
      if (problems.length > 0) throw new Error(`${where} is not a valid identity schema:\n${problems.join('\n')}`);
      try {
        compileSchema(doc);
      } catch (err) {
        throw new Error(`${where} could not be compiled: ${(err as Error).message}`);
      }
    }
  }

  private async read(url: string): Promise<Buffer> {
    if (url.startsWith('file://')) {
      const kept = this.kept.get(url);
      if (kept) return kept;
      const buf = await readFile(url.slice('file://'.length));
      if (this.cacheFiles) this.kept.set(url, buf);
      return buf;
    }
    if (url.startsWith('base64://')) return this.decodeBase64(url);
    if (url.startsWith('http://') || url.startsWith('https://')) {
      const res = await this.fetchImpl(url, { method: 'GET', signal: AbortSignal.timeout(this.httpTimeoutMs) });
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new Error(`GET ${url} answered ${res.status}, expected 200`);
      }
      return Buffer.from(await res.arrayBuffer());
    }
    throw new Error(`unsupported URL scheme in ${describeUrl(url)}`);
  }

  private decodeBase64(url: string): Buffer {
    const cached = this.kept.get(url);
    if (cached) return cached;
    const text = url.slice('base64://'.length).replace(/[\r\n]/g, '');
    if (!BASE64.test(text)) throw new Error('the base64:// URL is not standard padded base64');
    const buf = Buffer.from(text, 'base64');
    this.kept.set(url, buf);
    return buf;
  }
}
