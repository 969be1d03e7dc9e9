/**
 * The built-in UI is a client of the public API, never a private shortcut: outside its own
 * folder it may import only the client, the wire types and the configuration. A UI that needs
 * more than the API offers has found a gap in the API.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/server.js';

const WEBUI = join(REPO_ROOT, 'src/webui');
const ALLOWED = ['src/client/', 'src/wire/', 'src/config/'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('webui boundary', () => {
  it('case=src/webui imports only the client, the wire types and the configuration from the server', () => {
    const offending: string[] = [];
    for (const file of sources(WEBUI)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(REPO_ROOT, resolve(dirname(file), m[1] as string));
        if (target.startsWith('src/webui/') || ALLOWED.some((a) => target.startsWith(a))) continue;
        offending.push(`${relative(REPO_ROOT, file)} → ${target}`);
      }
    }
    assert.deepEqual(offending, []);
  });
});
