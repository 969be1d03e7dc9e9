/**
 * Building blocks shared by the configuration schema files. Sub-schemas are plain objects that
 * are reused by reference instead of `$ref`, so the environment-variable walker (env.ts) never
 * has to resolve references.
 */
import { DURATION_PATTERN } from '../x/duration.js';

/** A JSON Schema node as written in these files; kept loose on purpose (it is data for Ajv). */
export type SchemaNode = Record<string, unknown>;

/** Custom Ajv formats registered in validate.ts. */
export const FORMAT_ABSOLUTE_URL = 'absolute-url';
export const FORMAT_URL_OR_PATH = 'absolute-url-or-path';

/** Anchored, unlike the spec's pattern, so that `128MBfoo` is rejected like parseByteSize does. */
export const BYTE_SIZE_PATTERN = '^[0-9]+(B|KB|MB|GB|TB|PB|EB)$';

export const duration = (def?: string): SchemaNode => ({
  type: 'string',
  pattern: DURATION_PATTERN,
  ...(def === undefined ? {} : { default: def }),
});

export const byteSize = (def: string): SchemaNode => ({ type: 'string', pattern: BYTE_SIZE_PATTERN, default: def });

export const bool = (def?: boolean): SchemaNode => ({ type: 'boolean', ...(def === undefined ? {} : { default: def }) });

export const str = (def?: string): SchemaNode => ({ type: 'string', ...(def === undefined ? {} : { default: def }) });

/** Must parse as an absolute URL (`https://…`, `file://…`, `base64://…`). */
export const absoluteUrl = (def?: string): SchemaNode => ({
  type: 'string',
  format: FORMAT_ABSOLUTE_URL,
  ...(def === undefined ? {} : { default: def }),
});

/** Redirect targets may also be absolute paths (`/dashboard`), resolved against the request. */
export const urlOrPath: SchemaNode = { type: 'string', format: FORMAT_URL_OR_PATH };

export const enumOf = (values: readonly string[], def?: string): SchemaNode => ({
  type: 'string',
  enum: [...values],
  ...(def === undefined ? {} : { default: def }),
});

/**
 * A strict object. `default: {}` is added when `withDefault` is set so that Ajv's useDefaults
 * descends into blocks the user left out and fills their leaves: upstream fills schema defaults
 * for every key regardless of whether the parent block was written.
 */
export function obj(properties: Record<string, SchemaNode>, extra: SchemaNode = {}, withDefault = false): SchemaNode {
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    ...extra,
    ...(withDefault ? { default: {} } : {}),
  };
}

export const SAME_SITE = ['Strict', 'Lax', 'None'] as const;
export const AAL_VALUES = ['aal1', 'highest_available'] as const;
