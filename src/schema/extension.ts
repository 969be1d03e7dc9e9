import { isEmail } from './email.js';
import type { SchemaErrorNode } from './errors.js';
import { goQuote, goValue, pointerToken } from './gofmt.js';
import { isObject, resolveRef } from './refs.js';

/** The schema keyword through which traits declare identifiers and addresses (identity.md §4.3). */
export const EXTENSION_KEY = 'ory.sh/kratos';

/** The allowed shape of the `ory.sh/kratos` keyword (identity.md §4.2). */
export interface ExtensionConfig {
  credentials?: { password?: { identifier?: boolean }; totp?: { account_name?: boolean } };
  verification?: { via?: string };
  recovery?: { via?: string };
}

/** What the extension derived from one traits document. */
export interface ExtensionResult {
  /** Lower-cased, de-duplicated; null when no identifier trait is present at all. */
  passwordIdentifiers: string[] | null;
  /** The last present `totp.account_name` trait, or null. */
  totpAccountName: string | null;
  /** Values of present `verification.via: email` traits in document order, exact duplicates removed. */
  verifiableAddresses: string[];
  /** Values of present `recovery.via: email` traits, same rules. */
  recoveryAddresses: string[];
}

/** Position in schema and document while walking them side by side. */
export interface WalkPosition {
  sp: string;
  ip: string;
  path: string[];
}

export function extensionOf(schema: Record<string, unknown>): ExtensionConfig | undefined {
  const ext = schema[EXTENSION_KEY];
  return isObject(ext) ? (ext as ExtensionConfig) : undefined;
}

const wantsEmail = (ext: ExtensionConfig): boolean => ext.verification?.via === 'email' || ext.recovery?.via === 'email';

/**
 * Upstream's verification/recovery runners reject a non-email value with a `format` error built
 * by the extension (`ctx.Error("format", …)`), so the schema pointer ends in `/format` even when
 * the property has no `format` keyword.
 */
export const EXTENSION_ERROR_KEYWORD = 'format';

/** The validation error the extension raises at this node, if any. */
export function emailExtensionError(schema: Record<string, unknown>, value: unknown, at: WalkPosition): SchemaErrorNode | null {
  const ext = extensionOf(schema);
  if (!ext || !wantsEmail(ext) || isEmail(value)) return null;
  return {
    instancePtr: at.ip,
    schemaPtr: `${at.sp}/${EXTENSION_ERROR_KEYWORD}`,
    keyword: EXTENSION_ERROR_KEYWORD,
    message: `${goQuote(goValue(value))} is not valid "email"`,
    path: at.path,
    causes: [],
  };
}

export interface ExtensionWalk {
  result: ExtensionResult;
  /** Extension errors met on the way (non-email values of address traits). */
  errors: SchemaErrorNode[];
}

const MAX_DEPTH = 256;

/**
 * Walks `schema` alongside `doc` (the `{"traits": …}` wrapper) through `properties`, `items`
 * (list and tuple form), local `$ref` and `allOf`, and applies the extension of every subschema
 * whose value is present. Like upstream, a node's own extension runs after its children.
 */
export function collectExtension(schema: unknown, doc: unknown): ExtensionWalk {
  const identifiers: string[] = [];
  let sawIdentifier = false;
  let totp: string | null = null;
  const verifiable: string[] = [];
  const recovery: string[] = [];
  const errors: SchemaErrorNode[] = [];
  const addUnique = (list: string[], v: string): void => {
    if (!list.includes(v)) list.push(v);
  };

  const visit = (node: unknown, value: unknown, at: WalkPosition, depth: number): void => {
    if (!isObject(node) || depth > MAX_DEPTH) return;
    if (typeof node.$ref === 'string') {
      const target = resolveRef(schema, node.$ref);
      // Draft-07: keywords beside `$ref` (the extension included) are ignored.
      if (target) visit(target.schema, value, { ...at, sp: target.ptr }, depth + 1);
      return;
    }
    if (Array.isArray(node.allOf)) {
      node.allOf.forEach((sub, i) => visit(sub, value, { ...at, sp: `${at.sp}/allOf/${i}` }, depth + 1));
    }
    if (isObject(value) && isObject(node.properties)) {
      const props = node.properties;
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(props, key)) continue;
        const tok = pointerToken(key);
        const next = { sp: `${at.sp}/properties/${tok}`, ip: `${at.ip}/${tok}`, path: [...at.path, key] };
        visit(props[key], value[key], next, depth + 1);
      }
    }
    if (Array.isArray(value) && node.items !== undefined) {
      const items = node.items;
      value.forEach((item, i) => {
        const sub = Array.isArray(items) ? items[i] : items;
        const sp = Array.isArray(items) ? `${at.sp}/items/${i}` : `${at.sp}/items`;
        if (sub !== undefined) visit(sub, item, { sp, ip: `${at.ip}/${i}`, path: [...at.path, String(i)] }, depth + 1);
      });
    }

    const ext = extensionOf(node);
    if (!ext) return;
    if (ext.credentials?.password?.identifier === true) {
      sawIdentifier = true;
      addUnique(identifiers, goValue(value).toLowerCase());
    }
    if (ext.credentials?.totp?.account_name === true) totp = goValue(value);
    if (wantsEmail(ext)) {
      const err = emailExtensionError(node, value, at);
      if (err) errors.push(err);
      else {
        if (ext.verification?.via === 'email') addUnique(verifiable, value as string);
        if (ext.recovery?.via === 'email') addUnique(recovery, value as string);
      }
    }
  };

  visit(schema, doc, { sp: '#', ip: '#', path: [] }, 0);
  return {
    result: {
      passwordIdentifiers: sawIdentifier ? identifiers : null,
      totpAccountName: totp,
      verifiableAddresses: verifiable,
      recoveryAddresses: recovery,
    },
    errors,
  };
}
