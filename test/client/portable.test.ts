/**
 * The client runs unchanged outside this server's Node setup: its sources import nothing but
 * each other, they compile with the DOM library and without Node's types, the compiled module
 * runs in plain `node` (no tsx), and the README's example, type-checked in that same build, does
 * what it says against a running Gatehouse.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';
import { DIALECTS, REPO_ROOT } from '../helpers/server.js';
import { freshEmail, useFlowServer } from '../flows/support.js';

const run = promisify(execFile);
const WORK = join(REPO_ROOT, '.tmp', `client-portable-${process.pid}`);
const OUT = join(WORK, 'out');

async function filesUnder(dir: string, ext: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p, ext)));
    else if (e.name.endsWith(ext) && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const specifiers = (src: string) => [...src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] as string);

/** The README's example (the first `ts` block of the "TypeScript client" section). */
async function readmeExample(): Promise<string> {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## TypeScript client'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(m?.[1], 'the README has a TypeScript client example');
  return m[1];
}

let built: Promise<void> | undefined;
/** Compiles client, wire types and the README example with tsconfig.client.json's settings. */
function build(example: string): Promise<void> {
  built ??= (async () => {
    await rm(WORK, { recursive: true, force: true });
    await mkdir(WORK, { recursive: true });
    const srcClient = relative(WORK, join(REPO_ROOT, 'src/client/index.js')).split('\\').join('/');
    await writeFile(join(WORK, 'readme-example.ts'), example.replace(`'gatehouse/client'`, `'${srcClient}'`));
    const tsconfig = {
      extends: relative(WORK, join(REPO_ROOT, 'tsconfig.client.json')),
      compilerOptions: { rootDir: relative(WORK, REPO_ROOT), outDir: './out', declaration: false, declarationMap: false, sourceMap: false },
      include: ['../../src/client/**/*.ts', '../../src/wire/**/*.ts', './readme-example.ts'],
      exclude: ['../../src/**/*.test.ts'],
    };
    await writeFile(join(WORK, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', join(WORK, 'tsconfig.json')], { cwd: REPO_ROOT }).catch((e: { stdout?: string }) => {
      assert.fail(`the client (DOM library, no Node types) or the README example does not compile:\n${e.stdout ?? String(e)}`);
    });
  })();
  return built;
}

after(() => rm(WORK, { recursive: true, force: true }));

describe('client portability', () => {
  test('case=client and wire sources import only each other', async () => {
    const files = [...(await filesUnder(join(REPO_ROOT, 'src/client'), '.ts')), ...(await filesUnder(join(REPO_ROOT, 'src/wire'), '.ts'))];
    assert.ok(files.length > 10);
    for (const f of files) {
      const src = await readFile(f, 'utf8');
      for (const s of specifiers(src)) {
        assert.ok(s.startsWith('./') || s.startsWith('../'), `${relative(REPO_ROOT, f)} imports ${s}`);
        const target = join(f, '..', s);
        const rel = relative(REPO_ROOT, target);
        assert.ok(rel.startsWith('src/client') || rel.startsWith('src/wire'), `${relative(REPO_ROOT, f)} imports ${rel}`);
      }
      assert.doesNotMatch(src, /\b(process|Buffer|require|__dirname)\b[.(]/, `${relative(REPO_ROOT, f)} uses a Node global`);
    }
    for (const f of await filesUnder(join(REPO_ROOT, 'src/wire'), '.ts')) {
      for (const line of (await readFile(f, 'utf8')).split('\n').filter((l) => /^(import|export) /.test(l))) {
        assert.match(line, /^(import type|export type) /, `${relative(REPO_ROOT, f)} is type-only: ${line}`);
      }
    }
  });

  test('case=the ./client export points at what build:client emits', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string }>;
      scripts: Record<string, string>;
    };
    const config = JSON.parse(await readFile(join(REPO_ROOT, 'tsconfig.client.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    const emitted = (ext: string) => `./${join(config.compilerOptions.outDir, relative(config.compilerOptions.rootDir, 'src/client'), `index${ext}`)}`;
    assert.deepEqual(pkg.exports['./client'], { types: emitted('.d.ts'), default: emitted('.js') });
    assert.equal(pkg.scripts['build:client'], 'tsc -p tsconfig.client.json');
  });

  for (const dialect of DIALECTS) {
    describe(`against a server dialect=${dialect}`, () => {
      const gh = useFlowServer(dialect);

      test('case=the compiled README example runs in plain node', async () => {
        const email = freshEmail('Readme').toLowerCase();
        await build(await readmeExample());
        const example = join(OUT, relative(REPO_ROOT, WORK), 'readme-example.js');
        const source = (await readFile(example, 'utf8'))
          .replace('http://127.0.0.1:4433', gh.publicUrl)
          .replace('http://127.0.0.1:4434', gh.adminUrl)
          .replace(`'ada@example.org'`, `'${email}'`);
        const script = join(WORK, 'out', `readme-${dialect}.mjs`);
        await writeFile(script, source.replace(/from '(\.\.\/)+src\//, `from '${join(OUT, 'src')}/`));
        const env = { PATH: process.env.PATH ?? '' }; // no NODE_OPTIONS: no tsx loader
        const { stdout } = await run(process.execPath, [script], { env, cwd: WORK });
        assert.equal(stdout, `signed in as ${email}\n`);
      });
    });
  }
});
