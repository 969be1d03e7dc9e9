/**
 * HTML building with escaping by default: every value interpolated into {@link html} is escaped
 * unless it is already {@link SafeHtml} (the result of another `html` call or of {@link raw}).
 * Attribute values must always be written inside double quotes.
 */

/** A fragment of HTML that is safe to concatenate as is. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for an element body or a double-quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);
}

/** A value that may be interpolated into {@link html}. Arrays are concatenated; nullish and `false` print nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return (v as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(v));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks trusted markup (never user or server data) as safe. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Attributes from a map: `true` writes the bare name, `false`/nullish leaves it out, other values are escaped. */
export function attrs(map: Record<string, string | number | boolean | null | undefined>): SafeHtml {
  let out = '';
  for (const [name, value] of Object.entries(map)) {
    if (value === false || value === null || value === undefined) continue;
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`attrs: refusing attribute name ${JSON.stringify(name)}`);
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return new SafeHtml(out);
}

/**
 * A URL that may be used in `href`/`src`: http(s), same-document relative URLs and (for images)
 * `data:image/…`. Anything else (`javascript:`, `data:text/html`, …) becomes `#`.
 */
export function safeUrl(url: string, opts: { allowDataImage?: boolean } = {}): string {
  const trimmed = url.trim();
  if (opts.allowDataImage && /^data:image\/(png|jpeg|gif|webp|svg\+xml);/i.test(trimmed)) return trimmed;
  if (/^(\/(?!\/)|\.{0,2}\/|\?|#)/.test(trimmed) || trimmed === '') return trimmed;
  try {
    const u = new URL(trimmed);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '#';
  } catch {
    return '#';
  }
}
