import { GatehouseError } from '../http/errors.js';

/**
 * One node of a validation error tree, shaped like the Go validator's `ValidationError`:
 * composite failures (`validation failed`, `allOf failed`, `doesn't validate with …`) carry
 * their causes; leaves carry the actual complaint.
 */
export interface SchemaErrorNode {
  /** `#/traits/email` — tokens escaped as upstream does (`~0`, `~1`, then URL path escaping). */
  instancePtr: string;
  /** `#/properties/traits/properties/email/format`. */
  schemaPtr: string;
  /** The failing keyword (`type`, `required`, …); `` for `validation failed` and `always fail`. */
  keyword: string;
  message: string;
  /** Unescaped instance path segments: `['traits', 'email']`. */
  path: string[];
  /** For `required`: the missing property names, in the order of the schema's `required`. */
  missing?: string[];
  causes: SchemaErrorNode[];
}

/** A leaf failure, as the UI and the admin API need it. */
export interface ValidationCause {
  instancePtr: string;
  schemaPtr: string;
  keyword: string;
  /** Upstream validator text, e.g. `length must be >= 10, but got 3`. */
  message: string;
  /** Unescaped instance path segments, e.g. `['traits', 'name', 'first']`. */
  path: string[];
  /** Names of the missing properties (keyword `required` only). */
  missing?: string[];
}

/** `I[<instance>] S[<schema>] <message>`, causes below, two spaces deeper per level. */
export function formatErrorTree(node: SchemaErrorNode): string {
  let out = `I[${node.instancePtr}] S[${node.schemaPtr}] ${node.message}`;
  for (const cause of node.causes) {
    for (const line of formatErrorTree(cause).split('\n')) out += '\n  ' + line;
  }
  return out;
}

/** The leaves of the tree in order: composite errors are expanded into their causes. */
export function leafCauses(node: SchemaErrorNode): ValidationCause[] {
  if (node.causes.length > 0) return node.causes.flatMap(leafCauses);
  const cause: ValidationCause = {
    instancePtr: node.instancePtr,
    schemaPtr: node.schemaPtr,
    keyword: node.keyword,
    message: node.message,
    path: node.path,
  };
  if (node.missing) cause.missing = node.missing;
  return [cause];
}

/**
 * Traits do not satisfy the identity schema. HTTP 400 whose `reason` is the Kratos validator's
 * error text; `causes` lets self-service flows place one UI message per failure.
 */
export class TraitsValidationError extends GatehouseError {
  readonly causes: ValidationCause[];
  readonly tree: SchemaErrorNode;

  constructor(tree: SchemaErrorNode) {
    super(400, { reason: formatErrorTree(tree) });
    this.name = 'TraitsValidationError';
    this.tree = tree;
    this.causes = leafCauses(tree);
  }
}
