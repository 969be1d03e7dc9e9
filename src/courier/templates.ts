/**
 * Email templates of the courier (courier.md §3): override directory first, built-in
 * templates second, Go template semantics through the engine in `./template/`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateType } from './message.js';
import { TemplateError, TemplateSet } from './template/index.js';

export { TemplateError };

/** Options of {@link EmailTemplates}. */
export interface EmailTemplatesOptions {
  /** `courier.template_override_path` as configured; relative paths resolve against `process.cwd()`. */
  overridePath: string;
}

/** Where the built-in templates live; resolved from this module so the working directory does not matter. */
const BUILTIN_DIR = fileURLToPath(new URL('./builtin/templates/', import.meta.url));

/** Directory of each template type, relative to the template root (courier.md §3.1). */
const TYPE_DIRS: Record<TemplateType, string> = {
  recovery_valid: 'recovery/valid',
  recovery_invalid: 'recovery/invalid',
  verification_valid: 'verification/valid',
  verification_invalid: 'verification/invalid',
  stub: 'test_stub',
};

/** The three parts of a mail: the file executed and the glob prefix of the files parsed with it. */
const PARTS = {
  subject: { file: 'email.subject.gotmpl', glob: 'email.subject' },
  body: { file: 'email.body.gotmpl', glob: 'email.body' },
  plaintext: { file: 'email.body.plaintext.gotmpl', glob: 'email.body.plaintext' },
} as const;
type Part = keyof typeof PARTS;

/** Number of parsed template sets kept process-wide (Kratos uses an LRU of 16). */
export const TEMPLATE_CACHE_SIZE = 16;

/**
 * Process-wide LRU of parsed sets. Promises are cached so concurrent first renders parse once;
 * a failed parse is evicted so a fixed file is picked up on the next render.
 */
const cache = new Map<string, Promise<TemplateSet>>();
let parseCount = 0;

/** Cache counters, for tests and diagnostics. */
export function templateCacheStats(): { size: number; parses: number } {
  return { size: cache.size, parses: parseCount };
}

/** Empties the process-wide cache (tests only: production never invalidates, like Kratos). */
export function clearTemplateCache(): void {
  cache.clear();
}

/** Renders the courier's emails from override or built-in Go templates. */
export class EmailTemplates {
  private readonly overrideDir: string;

  constructor(opts: EmailTemplatesOptions) {
    this.overrideDir = path.resolve(process.cwd(), opts.overridePath);
  }

  /** Enqueue time: subject (text/template) and plain-text body (text/template). Throws TemplateError. */
  async render(type: TemplateType, model: Record<string, unknown>): Promise<{ subject: string; body: string }> {
    const subject = await this.execute(type, 'subject', model);
    const body = await this.execute(type, 'plaintext', model);
    return { subject, body };
  }

  /** Send time: the HTML body (html/template escaping). Throws TemplateError. */
  async renderHtml(type: TemplateType, model: Record<string, unknown>): Promise<string> {
    return this.execute(type, 'body', model);
  }

  private async execute(type: TemplateType, part: Part, model: Record<string, unknown>): Promise<string> {
    const set = await this.load(type, part);
    return set.execute(PARTS[part].file, model);
  }

  private load(type: TemplateType, part: Part): Promise<TemplateSet> {
    const rel = `${TYPE_DIRS[type]}/${PARTS[part].file}`;
    const html = part === 'body';
    // The override directory is part of the key (Kratos keys by file name only) so that
    // several configurations in one process, as in tests, cannot see each other's templates.
    const key = `${html ? 'html' : 'text'}\0${this.overrideDir}\0${rel}`;
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const loading = this.parse(type, part, html);
    cache.set(key, loading);
    loading.catch(() => {
      if (cache.get(key) === loading) cache.delete(key);
    });
    while (cache.size > TEMPLATE_CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    return loading;
  }

  private async parse(type: TemplateType, part: Part, html: boolean): Promise<TemplateSet> {
    parseCount++;
    const dir = TYPE_DIRS[type];
    const { file, glob } = PARTS[part];
    const set = new TemplateSet({ mode: html ? 'html' : 'text' });
    const overrideDir = path.join(this.overrideDir, dir);
    if (await isFile(path.join(overrideDir, file))) {
      // Like Go's ParseFS with the part's glob: siblings become templates named by file name.
      for (const name of await globFiles(overrideDir, glob, `${dir}/${file}`)) {
        set.add(name, await readTemplate(path.join(overrideDir, name), `${dir}/${name}`), `${dir}/${name}`);
      }
    } else {
      // The built-in is parsed alone, as Kratos parses the embedded file alone.
      set.add(file, await readTemplate(path.join(BUILTIN_DIR, dir, file), `${dir}/${file}`), `${dir}/${file}`);
    }
    return set;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Files of `dir` whose name starts with `prefix` (Go glob `prefix*`), sorted like Go's glob. */
async function globFiles(dir: string, prefix: string, rel: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.startsWith(prefix))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    throw new TemplateError(`template ${rel}: ${(err as Error).message}`, rel);
  }
}

async function readTemplate(p: string, rel: string): Promise<string> {
  try {
    return await readFile(p, 'utf8');
  } catch (err) {
    throw new TemplateError(`template ${rel}: ${(err as Error).message}`, rel);
  }
}
