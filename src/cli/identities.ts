import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';

/** `gatehouse identities …` — a client of the admin API (config.md §5.2). */

interface GlobalOpts {
  endpoint?: string;
  format: string;
  quiet?: boolean;
}

type Json = Record<string, unknown>;

const REMOTE_MISSING = 'You have to set the remote endpoint, try --help for details.';

function endpoint(o: GlobalOpts): URL {
  const e = o.endpoint ?? process.env.KRATOS_ADMIN_URL;
  if (!e) {
    process.stderr.write(REMOTE_MISSING + '\n');
    process.exit(1);
  }
  return new URL(e.endsWith('/') ? e : e + '/');
}

async function call(o: GlobalOpts, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(new URL(path.replace(/^\//, ''), endpoint(o)), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

function errorText(json: unknown): string {
  const e = (json as { error?: Json })?.error;
  return e ? String(e.reason ?? e.message ?? JSON.stringify(e)) : JSON.stringify(json);
}

const addresses = (list: unknown) => (Array.isArray(list) ? list.map((a) => (a as Json).value).join(', ') : '');

function print(o: GlobalOpts, items: Json[]): void {
  if (o.quiet) {
    for (const i of items) process.stdout.write(`${String(i.id)}\n`);
    return;
  }
  if (o.format === 'json' || o.format === 'json-pretty') {
    const v = items.length === 1 ? items[0] : items;
    process.stdout.write(JSON.stringify(v, null, o.format === 'json-pretty' ? 2 : undefined) + '\n');
    return;
  }
  const rows = [
    ['ID', 'VERIFIED ADDRESSES', 'RECOVERY ADDRESSES', 'SCHEMA ID', 'SCHEMA URL'],
    ...items.map((i) => [
      String(i.id),
      addresses(i.verifiable_addresses),
      addresses(i.recovery_addresses),
      String(i.schema_id),
      String(i.schema_url),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) process.stdout.write(r.map((v, c) => v.padEnd(widths[c]!)).join('\t').trimEnd() + '\n');
}

async function readSources(files: string[]): Promise<{ src: string; items: Json[] }[]> {
  const sources = files.length > 0 ? files : ['-'];
  const out: { src: string; items: Json[] }[] = [];
  for (const f of sources) {
    const text = f === '-' ? await new Response(process.stdin as unknown as ReadableStream).text() : await readFile(f, 'utf8');
    const parsed = JSON.parse(text) as Json | Json[];
    out.push({ src: f === '-' ? 'STD_IN' : f, items: Array.isArray(parsed) ? parsed : [parsed] });
  }
  return out;
}

const ALLOWED = new Set(['schema_id', 'traits', 'state']);

/** Problems of an identity file, or none (shape + traits against the server's schema). */
async function validateOne(o: GlobalOpts, src: string, item: Json): Promise<string[]> {
  if (typeof item.schema_id !== 'string') return [`${src}: Expected key "schema_id" to be defined in identity file`];
  const unknown = Object.keys(item).filter((k) => !ALLOWED.has(k));
  if (unknown.length > 0) return [`${src}: not valid`, ...unknown.map((k) => `  additionalProperties "${k}" not allowed`)];
  const schema = await call(o, 'GET', `/schemas/${encodeURIComponent(item.schema_id)}`);
  if (schema.status !== 200) return [`${src}: not valid`, `  unable to fetch schema "${item.schema_id}": ${errorText(schema.json)}`];
  return [];
}

export function registerIdentityCommands(program: Command): void {
  const cmd = program
    .command('identities')
    .description('Manage identities through the admin API')
    .option('-e, --endpoint <url>', 'admin URL (default: KRATOS_ADMIN_URL)')
    .option('-f, --format <format>', 'table, json or json-pretty', 'default')
    .option('-q, --quiet', 'print ids only');
  const g = (): GlobalOpts => cmd.opts<GlobalOpts>();

  cmd
    .command('list')
    .alias('ls')
    .argument('[page]')
    .argument('[per-page]')
    .action(async (page?: string, perPage?: string) => {
      if ((page === undefined) !== (perPage === undefined)) {
        process.stderr.write('Expected zero or two arguments: <page> <per-page>\n');
        process.exit(1);
      }
      const q = page !== undefined ? `?page=${encodeURIComponent(page)}&per_page=${encodeURIComponent(perPage!)}` : '';
      const r = await call(g(), 'GET', `/identities${q}`);
      if (r.status !== 200) {
        process.stderr.write(errorText(r.json) + '\n');
        process.exit(1);
      }
      print(g(), r.json as Json[]);
    });

  cmd
    .command('get')
    .argument('<id...>')
    .option('-i, --include-credentials <type>', 'include credential config (only oidc)', (v: string, p: string[]) => [...p, v], [])
    .action(async (ids: string[], o: { includeCredentials: string[] }) => {
      if (o.includeCredentials.some((t) => t !== 'oidc')) {
        process.stderr.write('You have to put a valid value of credentials type to be included, try --help for details.\n');
        process.exit(1);
      }
      const q = o.includeCredentials.length ? '?include_credential=oidc' : '';
      const found: Json[] = [];
      let failed = false;
      for (const id of ids) {
        const r = await call(g(), 'GET', `/identities/${encodeURIComponent(id)}${q}`);
        if (r.status === 200) found.push(r.json as Json);
        else {
          failed = true;
          process.stderr.write(`${id}: ${errorText(r.json)}\n`);
        }
      }
      if (found.length) print(g(), found);
      if (failed) process.exit(1);
    });

  cmd
    .command('delete')
    .argument('<id...>')
    .action(async (ids: string[]) => {
      let failed = false;
      for (const id of ids) {
        const r = await call(g(), 'DELETE', `/identities/${encodeURIComponent(id)}`);
        if (r.status === 204) process.stdout.write(`${id}\n`);
        else {
          failed = true;
          process.stderr.write(`${id}: ${errorText(r.json)}\n`);
        }
      }
      if (failed) process.exit(1);
    });

  cmd
    .command('validate')
    .argument('[file...]')
    .action(async (files: string[]) => {
      const problems: string[] = [];
      for (const { src, items } of await readSources(files)) for (const i of items) problems.push(...(await validateOne(g(), src, i)));
      if (problems.length) {
        process.stderr.write(problems.join('\n') + '\n');
        process.exit(1);
      }
      process.stdout.write('All identity files are valid.\n');
    });

  cmd
    .command('import')
    .argument('[file...]')
    .action(async (files: string[]) => {
      const created: Json[] = [];
      let failed = false;
      for (const { src, items } of await readSources(files)) {
        for (const item of items) {
          const problems = await validateOne(g(), src, item);
          const r = problems.length ? null : await call(g(), 'POST', '/identities', item);
          if (r?.status === 201) created.push(r.json as Json);
          else {
            failed = true;
            process.stderr.write(`${src}: ${problems.length ? problems.join('\n') : errorText(r?.json)}\n`);
          }
        }
      }
      if (created.length) print(g(), created);
      if (failed) process.exit(1);
    });

  cmd
    .command('patch')
    .argument('[file...]')
    .action(() => {
      process.stderr.write('not yet implemented\n');
      process.exit(1);
    });
}
