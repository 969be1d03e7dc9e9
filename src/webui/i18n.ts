/**
 * Translations of the built-in UI. Each `locales/<tag>.json` file is a catalogue: message ids
 * (ui.md §7) and `ui.*` keys of the UI's own words map to texts with `{name}` placeholders.
 * Adding a language is adding a file. A message is shown in the best language of
 * `Accept-Language` that has it, else in English, else as the server's own `text`.
 *
 * Placeholders: `{key}` is the message's `context.key` (times are shown as local date and time);
 * `{key_minutes}` is the distance in minutes between now and the time `context.key`; `{text}` is
 * the server's text. A catalogue value may be an object of variants for ids the server reuses
 * with different texts: `"context:<key>"` matches when the context has that key,
 * `"text:<English text>"` when the server's text equals it, `"default"` otherwise.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UiText } from '../wire/index.js';

/** A catalogue entry: a text, or variants of one message id. */
export type CatalogueEntry = string | Record<string, string>;

/** One language's texts, by message id or `ui.*` key. */
export type Catalogue = Record<string, CatalogueEntry>;

/** The fallback language; its catalogue must hold every `ui.*` key. */
export const DEFAULT_LANGUAGE = 'en';

const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'locales');

/** Reads every `<tag>.json` of a directory (tags lower-cased). */
export function loadCatalogues(dir: string = LOCALES_DIR): Map<string, Catalogue> {
  const out = new Map<string, Catalogue>();
  for (const file of readdirSync(dir).sort()) {
    const m = /^([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.json$/.exec(file);
    if (!m) continue;
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`${file}: a catalogue must be a JSON object`);
    out.set((m[1] as string).toLowerCase(), doc as Catalogue);
  }
  if (!out.has(DEFAULT_LANGUAGE)) throw new Error(`webui: no ${DEFAULT_LANGUAGE}.json catalogue in ${dir}`);
  return out;
}

/**
 * The languages of an `Accept-Language` header in preference order (q descending, header order
 * for ties), lower-cased, without `q=0` entries.
 */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  const specs: { tag: string; q: number; i: number }[] = [];
  header.split(',').forEach((part, i) => {
    const [tagPart = '', ...params] = part.trim().split(';');
    const tag = tagPart.trim().toLowerCase();
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(tag)) return;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (Number.isFinite(q) && q > 0) specs.push({ tag, q, i });
  });
  return specs.sort((a, b) => b.q - a.q || a.i - b.i).map((s) => s.tag);
}

/** The best available language for a header: exact tag, then its primary subtag; else English. */
export function negotiateLanguage(header: string | undefined, available: ReadonlySet<string> | ReadonlyMap<string, unknown>): string {
  for (const tag of parseAcceptLanguage(header)) {
    if (tag === '*') return DEFAULT_LANGUAGE;
    if (available.has(tag)) return tag;
    const primary = tag.split('-', 1)[0] as string;
    if (available.has(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}

const TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Texts of one language, with English as the fallback. */
export class Translator {
  readonly lang: string;
  readonly #chain: Catalogue[];
  readonly #now: () => number;

  constructor(lang: string, catalogues: ReadonlyMap<string, Catalogue>, now: () => number = Date.now) {
    this.lang = catalogues.has(lang) ? lang : DEFAULT_LANGUAGE;
    const chain = [catalogues.get(this.lang), catalogues.get(DEFAULT_LANGUAGE)];
    this.#chain = chain.filter((c, i): c is Catalogue => c !== undefined && chain.indexOf(c) === i);
    this.#now = now;
  }

  /** A `ui.*` text with its `{name}` placeholders filled; the key itself when no catalogue has it. */
  t(key: string, vars: Record<string, string | number> = {}): string {
    return this.maybe(key, vars) ?? key;
  }

  /** Like {@link t}, but undefined when no catalogue has the key. */
  maybe(key: string, vars: Record<string, string | number> = {}): string | undefined {
    for (const cat of this.#chain) {
      const entry = cat[key];
      if (typeof entry !== 'string') continue;
      const filled = this.#fill(entry, (name) => (Object.hasOwn(vars, name) ? this.#format(vars[name]) : undefined));
      if (filled !== undefined) return filled;
    }
    return undefined;
  }

  /** A server message in this language; the server's `text` when no catalogue can render it. */
  message(msg: UiText): string {
    const context = msg.context ?? {};
    const lookup = (name: string): string | undefined => {
      if (name === 'text') return msg.text;
      if (Object.hasOwn(context, name)) return this.#format(context[name]);
      const m = /^(.+)_minutes$/.exec(name);
      const time = m && Object.hasOwn(context, m[1] as string) ? context[m[1] as string] : undefined;
      if (typeof time !== 'string' || !TIME_RE.test(time)) return undefined;
      const minutes = Math.abs(Date.parse(time) - this.#now()) / 60_000;
      return new Intl.NumberFormat(this.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minutes);
    };
    for (const cat of this.#chain) {
      const text = pickVariant(cat[String(msg.id)], msg);
      if (text === undefined) continue;
      const filled = this.#fill(text, lookup);
      if (filled !== undefined) return filled;
    }
    return msg.text;
  }

  /** Fills `{name}`; undefined when a placeholder has no value (the caller falls back). */
  #fill(template: string, lookup: (name: string) => string | undefined): string | undefined {
    let missing = false;
    const out = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
      const v = lookup(name);
      if (v === undefined) missing = true;
      return v ?? '';
    });
    return missing ? undefined : out;
  }

  #format(v: unknown): string {
    if (typeof v === 'number') return new Intl.NumberFormat(this.lang).format(v);
    if (typeof v === 'string' && TIME_RE.test(v)) {
      return new Intl.DateTimeFormat(this.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v));
    }
    if (typeof v === 'string') return v;
    return JSON.stringify(v) ?? '';
  }
}

function pickVariant(entry: CatalogueEntry | undefined, msg: UiText): string | undefined {
  if (entry === undefined || typeof entry === 'string') return entry;
  const byText = entry[`text:${msg.text}`];
  if (byText !== undefined) return byText;
  for (const [key, text] of Object.entries(entry)) {
    if (key.startsWith('context:') && msg.context && Object.hasOwn(msg.context, key.slice('context:'.length))) return text;
  }
  return entry.default;
}
