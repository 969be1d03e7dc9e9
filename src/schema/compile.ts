import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { FORMATS, ajvRegExp } from './formats.js';
import { prepareForAjv } from './refs.js';

/** A traits schema ready for validation. */
export interface CompiledSchema {
  /** The parsed schema document as configured (extension keywords included). */
  root: unknown;
  /** Ajv's verdict on a `{"traits": …}` document. */
  validate: ValidateFunction;
}

function newAjv(): Ajv {
  // `ory.sh/kratos` is not a valid Ajv keyword name, so unknown keywords must be tolerated
  // (strict: false) and the extension is read by walking the schema (extension.ts).
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, code: { regExp: ajvRegExp } });
  for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, check);
  return ajv;
}

/**
 * Compiles a traits schema with a fresh Ajv: two configured schemas may share an `$id`, which a
 * shared Ajv instance would refuse. Throws when the document is not a compilable schema.
 */
export function compileSchema(root: unknown): CompiledSchema {
  const prepared = prepareForAjv(root);
  if (typeof prepared !== 'boolean' && (typeof prepared !== 'object' || prepared === null || Array.isArray(prepared))) {
    throw new Error('a JSON Schema must be an object or a boolean');
  }
  return { root, validate: newAjv().compile(prepared) };
}

/** Compiled schemas by key (schema id + content hash), least recently used dropped first. */
export class CompiledSchemaCache {
  private readonly entries = new Map<string, CompiledSchema>();

  constructor(private readonly max = 64) {}

  get(key: string, build: () => CompiledSchema): CompiledSchema {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const fresh = build();
    this.entries.set(key, fresh);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return fresh;
  }

  get size(): number {
    return this.entries.size;
  }
}
