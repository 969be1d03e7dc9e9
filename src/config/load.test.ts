import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './errors.js';
import { SPEC_EXAMPLE_YAML, writeFiles } from './fixtures.js';
import { deepMerge, expandFileList, loadConfig } from './load.js';

const BASE_YAML = `dsn: memory
identity:
  default_schema_url: file:///etc/kratos/identity.schema.json
selfservice:
  default_browser_return_url: http://127.0.0.1:4455/
serve:
  public:
    port: 1111
    cors:
      allowed_origins: [https://a.example]
`;

describe('loadConfig files', () => {
  test('case=YAML, JSON and TOML are read; later files override key by key', async () => {
    const f = await writeFiles({
      'base.yaml': BASE_YAML,
      'over.json': JSON.stringify({ serve: { admin: { port: 2222 }, public: { cors: { enabled: true } } } }),
      'last.toml': '[serve.public]\nport = 3333\n\n[serve.public.cors]\nallowed_origins = ["https://b.example"]\n',
    });
    const c = await loadConfig({ files: [f['base.yaml'] as string, f['over.json'] as string, f['last.toml'] as string], env: {} });
    assert.equal(c.raw.serve.public.port, 3333);
    assert.equal(c.raw.serve.admin.port, 2222);
    assert.equal(c.raw.serve.public.cors.enabled, true);
    // Arrays are replaced, not concatenated.
    assert.deepEqual(c.raw.serve.public.cors.allowed_origins, ['https://b.example']);
    assert.equal(c.dsn, 'memory');
  });

  test('case=order decides: the same files reversed give the other value', async () => {
    const f = await writeFiles({ 'a.yml': BASE_YAML, 'b.yml': 'serve: { public: { port: 4444 } }\n' });
    const forward = await loadConfig({ files: [f['a.yml'] as string, f['b.yml'] as string], env: {} });
    assert.equal(forward.raw.serve.public.port, 4444);
    const a = f['a.yml'] as string;
    const b = f['b.yml'] as string;
    const reversed = await loadConfig({ files: [`${b},${a}`], env: {} });
    assert.equal(reversed.raw.serve.public.port, 1111);
  });

  test('case=.yml extension and an empty file', async () => {
    const f = await writeFiles({ 'k.yml': BASE_YAML, 'empty.yml': '' });
    const c = await loadConfig({ files: [f['k.yml'] as string, f['empty.yml'] as string], env: {} });
    assert.equal(c.raw.serve.public.port, 1111);
  });

  test('case=flags apply over files', async () => {
    const f = await writeFiles({ 'k.yml': BASE_YAML + 'dev: false\n' });
    const c = await loadConfig({ files: [f['k.yml'] as string], env: {}, flags: { dev: true, 'watch-courier': true, 'sqa-opt-out': true } });
    assert.equal(c.dev, true);
    assert.equal(c.raw['watch-courier'], true);
    assert.equal(c.raw['sqa-opt-out'], true);
  });

  test('case=unreadable file names the file', async () => {
    await assert.rejects(loadConfig({ files: ['/nonexistent/kratos.yml'], env: {} }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^config: cannot read config file \/nonexistent\/kratos\.yml/);
      return true;
    });
  });

  test('case=syntax error and unsupported extension name the file', async () => {
    const f = await writeFiles({ 'bad.json': '{"dsn": ', 'k.ini': 'dsn=memory' });
    await assert.rejects(loadConfig({ files: [f['bad.json'] as string], env: {} }), /cannot parse config file .*bad\.json/);
    await assert.rejects(loadConfig({ files: [f['k.ini'] as string], env: {} }), /k\.ini: unsupported file extension/);
  });

  test('case=a document that is not an object is refused', async () => {
    const f = await writeFiles({ 'list.yaml': '- a\n- b\n' });
    await assert.rejects(loadConfig({ files: [f['list.yaml'] as string], env: {} }), /list\.yaml: the document must be an object/);
  });

  test('case=validation errors surface from loadConfig', async () => {
    const f = await writeFiles({ 'k.yml': BASE_YAML + 'foo: bar\n' });
    await assert.rejects(loadConfig({ files: [f['k.yml'] as string], env: {} }), {
      name: 'ConfigError',
      message: 'config: unknown key "foo" at root',
    });
  });

  test('case=the example configuration of config.md §4 validates', async () => {
    const f = await writeFiles({ 'kratos.yml': SPEC_EXAMPLE_YAML });
    const c = await loadConfig({ files: [f['kratos.yml'] as string], env: {} });
    assert.equal(c.publicBaseUrl.href, 'http://127.0.0.1:4433/');
    assert.equal(c.adminBaseUrl.href, 'http://127.0.0.1:4434/');
    assert.equal(c.cors.enabled, true);
    assert.equal(c.flowLifespanMs('login'), 600_000);
    assert.equal(c.privilegedSessionMaxAgeMs, 900_000);
    assert.equal(c.flowUiUrl('verification').href, 'http://127.0.0.1:4455/verification');
    assert.equal(c.raw.selfservice.flows.logout.after?.default_browser_return_url, 'http://127.0.0.1:4455/login');
    assert.deepEqual(c.raw.selfservice.flows.registration.after?.password?.hooks, [{ hook: 'session' }]);
    assert.deepEqual(c.secretsCookie, ['PLEASE-CHANGE-ME-I-AM-VERY-INSECURE']);
    assert.equal(c.raw.ciphers.algorithm, 'xchacha20-poly1305');
    assert.equal(c.bcryptCost, 12);
    assert.equal(c.logLevel, 'debug');
    assert.equal(c.versionMismatchWarning('v0.8.2-alpha.1'), null);
  });
});

describe('merge helpers', () => {
  test('case=deepMerge merges objects and replaces arrays and scalars', () => {
    const merged = deepMerge({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { c: [3] }, d: { e: 1 } });
    assert.deepEqual(merged, { a: { b: 1, c: [3] }, d: { e: 1 } });
  });

  test('case=expandFileList splits comma lists', () => {
    assert.deepEqual(expandFileList(['a.yml, b.json', 'c.toml', '']), ['a.yml', 'b.json', 'c.toml']);
  });
});
