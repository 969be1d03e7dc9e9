#!/usr/bin/env node
// The project's test runner (`npm test`). Starts ONE embedded PostgreSQL for the whole run
// (unless GATEHOUSE_TEST_PG_URL is set), then runs every *.test.ts under src/ and test/ with
// node:test + tsx. Positional arguments filter test files by substring of their path
// (`node test/run.mjs persistence`); arguments starting with `--` go to node (e.g.
// `--test-name-pattern=…`). Exits with the test run's exit code.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './helpers/pg-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist']);

async function findTests(dir) {
  const out = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...(await findTests(p)));
    } else if (e.isFile() && e.name.endsWith('.test.ts')) {
      out.push(p);
    }
  }
  return out;
}

const args = process.argv.slice(2);
const nodeArgs = args.filter((a) => a.startsWith('--'));
const filters = args.filter((a) => !a.startsWith('--'));
const all = [...(await findTests(join(ROOT, 'src'))), ...(await findTests(join(ROOT, 'test')))]
  .map((f) => relative(ROOT, f).split(sep).join('/'))
  .sort();
const files = filters.length ? all.filter((f) => filters.some((s) => f.includes(s))) : all;
if (files.length === 0) {
  console.error(`run.mjs: no test files match ${JSON.stringify(filters)}`);
  process.exit(1);
}

// The browser suites drive Debian's Chromium (shared/DEPENDENCIES.md). CI is a fresh Debian
// machine running as root: install it there once, alongside starting PostgreSQL.
const CHROMIUM = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';
async function ensureChromium() {
  if (!files.some((f) => f.startsWith('test/browser/')) || existsSync(CHROMIUM)) return;
  const t0 = Date.now();
  console.error(`run.mjs: ${CHROMIUM} is missing; installing Debian's chromium for the browser suites`);
  const run = (args) =>
    new Promise((resolve) => {
      const p = spawn('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      p.on('error', () => resolve(1));
      p.on('exit', (code) => resolve(code ?? 1));
    });
  const code = (await run(['update', '-qq'])) || (await run(['install', '-y', '-qq', 'chromium']));
  console.error(code === 0 ? `run.mjs: chromium installed in ${Date.now() - t0} ms` : `run.mjs: installing chromium failed (exit ${code}); the browser suites will fail`);
}

let pg = null;
const env = { ...process.env };
const chromiumReady = ensureChromium();
if (!env.GATEHOUSE_TEST_PG_URL) {
  const t0 = Date.now();
  pg = await startEmbeddedPostgres();
  env.GATEHOUSE_TEST_PG_URL = pg.url;
  console.error(`run.mjs: embedded PostgreSQL ready in ${Date.now() - t0} ms`);
}
await chromiumReady;

let finishing = false;
async function finish(code) {
  if (finishing) return;
  finishing = true;
  // Set first: the PostgreSQL child is unref'd, so the loop may drain while it stops.
  process.exitCode = code;
  const keepAlive = setInterval(() => {}, 1000);
  if (pg) await pg.stop();
  clearInterval(keepAlive);
  process.exit(code);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=3', ...nodeArgs, ...files],
  { cwd: ROOT, env, stdio: 'inherit' },
);
child.on('error', (err) => {
  console.error(`run.mjs: cannot start the test process: ${err.message}`);
  void finish(1);
});
child.on('exit', (code, signal) => void finish(code ?? (signal ? 1 : 0)));

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    child.kill(sig);
    // Give the tests a moment to clean up, then stop PostgreSQL regardless.
    setTimeout(() => void finish(130), 5000).unref();
  });
}
