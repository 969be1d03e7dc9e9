import type { ErrorObject } from 'ajv';
import { badRequest, internal } from '../http/errors.js';
import { CompiledSchemaCache, compileSchema } from './compile.js';
import type { CompiledSchema } from './compile.js';
import { TraitsValidationError } from './errors.js';
import type { SchemaErrorNode } from './errors.js';
import { explain } from './explain.js';
import { collectExtension } from './extension.js';
import type { ExtensionResult } from './extension.js';
import { DEFAULT_SCHEMA_ID } from './registry.js';
import type { SchemaRegistry } from './registry.js';

export const SCHEMA_PARSE_REASON = 'Unable to parse validate JSON object against JSON schema.';

/**
 * Validates identity traits against their schema and runs the `ory.sh/kratos` extension
 * (identity.md §4). Ajv decides validity; only a failure pays for the Kratos-shaped error tree.
 */
export interface TraitsValidatorOptions {
  /** Compiled schemas by id + content hash; pass one to share or inspect it. */
  cache?: CompiledSchemaCache;
}

export class TraitsValidator {
  private readonly compiled: CompiledSchemaCache;

  constructor(
    private readonly schemas: Pick<SchemaRegistry, 'has' | 'load'>,
    opts: TraitsValidatorOptions = {},
  ) {
    this.compiled = opts.cache ?? new CompiledSchemaCache();
  }

  /**
   * Throws 400 for an unknown schema id, 500 when the schema cannot be loaded or compiled, and
   * {@link TraitsValidationError} when the traits do not validate.
   */
  async validate(schemaId: string, traits: unknown): Promise<ExtensionResult> {
    const id = schemaId || DEFAULT_SCHEMA_ID;
    if (!this.schemas.has(id)) throw badRequest(`Unable to find JSON Schema ID: ${id}`);
    const schema = await this.compile(id);
    // Traits are validated inside a wrapper: the schema's root describes `{"traits": …}`.
    const doc = { traits: traits === undefined ? null : traits };
    if (schema.validate(doc)) {
      const walk = collectExtension(schema.root, doc);
      if (walk.errors.length === 0) return walk.result;
      throw new TraitsValidationError(explainOr(schema.root, doc, () => groupAtRoot(walk.errors)));
    }
    const ajvErrors = schema.validate.errors ?? [];
    throw new TraitsValidationError(explainOr(schema.root, doc, () => groupAtRoot(ajvErrors.map(fromAjvError))));
  }

  private async compile(id: string): Promise<CompiledSchema> {
    try {
      const loaded = await this.schemas.load(id);
      return this.compiled.get(`${id}\0${loaded.hash}`, () => compileSchema(JSON.parse(loaded.raw.toString('utf8'))));
    } catch (err) {
      throw internal(SCHEMA_PARSE_REASON, { debug: (err as Error).message });
    }
  }
}

/** The explainer's tree; the fallback only if it disagrees with Ajv (it should not). */
function explainOr(root: unknown, doc: unknown, fallback: () => SchemaErrorNode): SchemaErrorNode {
  try {
    return explain(root, doc) ?? fallback();
  } catch {
    return fallback();
  }
}

function groupAtRoot(errors: SchemaErrorNode[]): SchemaErrorNode {
  if (errors.length === 1 && errors[0]) return errors[0];
  return { instancePtr: '#', schemaPtr: '#', keyword: '', message: 'validation failed', path: [], causes: errors };
}

function fromAjvError(e: ErrorObject): SchemaErrorNode {
  const path = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  return {
    instancePtr: '#' + e.instancePath,
    schemaPtr: e.schemaPath,
    keyword: e.keyword,
    message: e.message ?? 'validation failed',
    path,
    causes: [],
  };
}
