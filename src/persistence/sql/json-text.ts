/** Lone UTF-16 surrogates: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/g;

const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]|\\u0000/;

const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, '\ufffd');

function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'string') return wellFormed(v);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  // Keys do not pass through the replacer: rebuild the object when one of them needs it.
  const entries = Object.entries(v);
  if (!entries.some(([k]) => HAS_LONE_SURROGATE.test(k))) return v;
  return Object.fromEntries(entries.map(([k, x]) => [wellFormed(k), x]));
}

/**
 * The text of a JSON column, stored alike on both dialects. `JSON.stringify` writes a lone
 * surrogate (e.g. from a JSON body carrying `"\ud800"`) as an escape that PostgreSQL's jsonb
 * rejects (22P02), while SQLite would keep it; it becomes U+FFFD instead, as Go's decoder does
 * upstream. NUL (`\u0000`), which jsonb rejects too, becomes U+FFFD as well: submitted values
 * with NUL are refused before they get here, so this only touches texts such as error messages.
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value);
  // Surrogates are escaped only when lone; anything else that matches only costs a second pass.
  return SURROGATE_ESCAPE.test(text) ? JSON.stringify(value, replacer) : text;
}
