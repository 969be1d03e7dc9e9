import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, TemplateError, TemplateSet } from './index.js';

function fails(src: string, pattern: RegExp, data: unknown = {}): void {
  assert.throws(
    () => new TemplateSet({ mode: 'text' }).add('t', src, 'x/t.gotmpl').execute('t', data),
    (err: unknown) => err instanceof TemplateError && pattern.test(err.message),
  );
}

describe('execution limits', () => {
  it('case=defaults', () => {
    assert.deepEqual(DEFAULT_LIMITS, { maxDepth: 1000, maxOutputBytes: 1 << 20, maxSteps: 1_000_000 });
  });

  it('case=infinite template recursion stops at the depth limit', () => {
    fails('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}', /^template x\/t\.gotmpl:1: executing "r": exceeded maximum template depth \(1000\)$/);
  });

  it('case=recursion through range and if stops cleanly too', () => {
    fails('{{ define "r" }}{{ range . }}{{ if true }}{{ with . }}{{ template "r" $ }}{{ end }}{{ end }}{{ end }}{{ end }}{{ template "r" .L }}', /exceeded maximum template depth|nested too deeply/, { L: [1] });
  });

  it('case=bounded recursion below the limit works', () => {
    const set = new TemplateSet({ mode: 'text' }).add('t', '{{ define "r" }}{{ if . }}x{{ template "r" (slice . 1) }}{{ end }}{{ end }}{{ template "r" .L }}');
    assert.equal(set.execute('t', { L: Array.from({ length: 500 }, () => 1) }), 'x'.repeat(500));
  });

  it('case=output larger than 1 MiB is an error', () => {
    fails('{{ range until 2000 }}{{ repeat 1000 "x" }}{{ end }}', /output exceeds 1048576 bytes/);
  });

  it('case=a single huge function result is an error', () => {
    fails('{{ repeat 2000000 "x" }}', /error calling repeat: result too large/);
    fails('{{ until 100000000 }}', /error calling until: result too large/);
  });

  it('case=busy loops without output stop at the step limit', () => {
    fails('{{ range 100000000 }}{{ end }}', /execution exceeded 1000000 steps/);
  });

  it('case=custom limits', () => {
    const set = new TemplateSet({ mode: 'text', limits: { maxOutputBytes: 10, maxDepth: 2 } }).add('t', '{{ . }}');
    assert.equal(set.execute('t', '0123456789'), '0123456789');
    assert.throws(() => set.execute('t', '0123456789a'), /output exceeds 10 bytes/);
  });

  it('case=deeply nested parentheses are an error, not a crash', () => {
    const depth = 20000;
    const src = `{{ ${'('.repeat(depth)}1${')'.repeat(depth)} }}`;
    assert.throws(() => new TemplateSet({ mode: 'text' }).add('t', src, 'x/t.gotmpl'), TemplateError);
  });
});
