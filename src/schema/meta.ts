import { Ajv } from 'ajv';
import { formatErrorTree, leafCauses } from './errors.js';
import { explain } from './explain.js';
import { EXTENSION_KEY } from './extension.js';

const flag = { type: 'boolean' };
const closed = (properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, properties });
const via = closed({ via: { type: 'string', enum: ['email'] } });
const sub = { $ref: '#/definitions/node' };
const subMap = { additionalProperties: sub };

/**
 * The identity meta-schema (identity.md §4.2), applied on top of draft-07: `properties.traits`
 * with at least one property, `type` object if given, and the exact extension shape wherever a
 * subschema appears. Arrays of subschemas (`allOf`, tuple `items`) are reached through the
 * node's own `items`.
 */
export const IDENTITY_META_SCHEMA = {
  definitions: {
    extension: closed({
      credentials: closed({ password: closed({ identifier: flag }), totp: closed({ account_name: flag }) }),
      verification: via,
      recovery: via,
    }),
    node: {
      properties: {
        [EXTENSION_KEY]: { $ref: '#/definitions/extension' },
        properties: subMap,
        patternProperties: subMap,
        definitions: subMap,
        $defs: subMap,
        dependencies: subMap,
        ...Object.fromEntries(
          ['additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'items', 'allOf', 'anyOf', 'oneOf'].map(
            (k) => [k, sub],
          ),
        ),
      },
      items: sub,
    },
  },
  allOf: [
    sub,
    {
      type: 'object',
      required: ['properties'],
      properties: {
        properties: {
          type: 'object',
          required: ['traits'],
          properties: {
            traits: {
              type: 'object',
              required: ['properties'],
              properties: { type: { const: 'object' }, properties: { type: 'object', minProperties: 1 } },
            },
          },
        },
      },
    },
  ],
};

let draft07: Ajv | undefined;

/**
 * The problems that make `doc` unusable as an identity schema, one per line; empty when fine.
 * Draft-07 validity is Ajv's judgement; the identity rules are reported as validator lines.
 */
export function identitySchemaProblems(doc: unknown): string[] {
  draft07 ??= new Ajv({ allErrors: true, strict: false, logger: false });
  try {
    if (draft07.validateSchema(doc as object) !== true) {
      return [`not a valid draft-07 JSON Schema: ${draft07.errorsText(draft07.errors, { dataVar: 'schema' })}`];
    }
  } catch (err) {
    return [`not a valid draft-07 JSON Schema: ${(err as Error).message}`];
  }
  const tree = explain(IDENTITY_META_SCHEMA, doc);
  if (!tree) return [];
  return leafCauses(tree).map((c) => formatErrorTree({ ...c, causes: [] }));
}
