import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createJsonnetEvaluator } from './jsonnet.js';

describe('jsonnet evaluator', () => {
  const jsonnet = createJsonnetEvaluator();

  test('case=top-level argument is passed as code and the output keeps the reference format', async () => {
    const out = await jsonnet.evaluate('function(ctx) { id: ctx.flow.id, n: std.length(ctx.list) }', {
      ctx: JSON.stringify({ flow: { id: 'f-1' }, list: [1, 2, 3] }),
    });
    assert.equal(out, '{\n   "id": "f-1",\n   "n": 3\n}\n');
  });

  test('case=errors name the file and carry no trailing newline', async () => {
    await assert.rejects(jsonnet.evaluate('function(ctx) ctx.missing', { ctx: '{}' }, 'base64://x'), (e: Error) => {
      assert.match(e.message, /^RUNTIME ERROR: field does not exist: missing\n\tbase64:\/\/x:1:15-/);
      assert.ok(!e.message.endsWith('\n'));
      return true;
    });
    await assert.rejects(jsonnet.evaluate('{a: }', {}), /^Error: STATIC ERROR: \(snippet\):1:5/);
  });

  test('case=size guards reject large programs and large outputs', async () => {
    const small = createJsonnetEvaluator({ maxSourceBytes: 16, maxOutputBytes: 64 });
    await assert.rejects(small.evaluate(`{a: "${'x'.repeat(20)}"}`, {}), /program is larger than 16 bytes/);
    await assert.rejects(small.evaluate('std.range(1,99)', {}), /output is larger than 64 bytes/);
    assert.equal(await small.evaluate('[1]', {}), '[\n   1\n]\n');
  });

  test('case=a slow evaluation stops the wait at the timeout', async () => {
    const quick = createJsonnetEvaluator({ timeoutMs: 50 });
    const started = Date.now();
    // About 0.7 s of work on this machine: well past the 50 ms bound.
    await assert.rejects(quick.evaluate('std.length(std.range(1, 2000000))', {}), /did not finish within 50 ms/);
    assert.ok(Date.now() - started < 400, `waited ${Date.now() - started} ms`);
  });
});
