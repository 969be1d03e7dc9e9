import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromObject } from './config.js';
import { listSchemaPaths } from './env.js';
import { ConfigError } from './errors.js';
import { minimalDoc, writeFiles } from './fixtures.js';
import { loadConfig } from './load.js';
import { configSchema } from './schema.js';

const fromEnv = (env: Record<string, string>) => configFromObject(minimalDoc(), { env });

describe('environment overrides', () => {
  test('case=integer', () => {
    assert.equal(fromEnv({ SERVE_PUBLIC_PORT: '5000' }).raw.serve.public.port, 5000);
  });

  test('case=string keys, including those whose names contain underscores', () => {
    const c = fromEnv({ DSN: 'postgres://u:p@db:5432/k', SELFSERVICE_FLOWS_LOGIN_UI_URL: 'https://app.example.org/login' });
    assert.equal(c.dsn, 'postgres://u:p@db:5432/k');
    assert.equal(c.flowUiUrl('login').href, 'https://app.example.org/login');
  });

  test('case=array of objects as JSON', () => {
    const c = fromEnv({ IDENTITY_SCHEMAS: '[{"id":"x","url":"file://x.json"}]' });
    assert.deepEqual(c.identitySchemas[0], { id: 'x', url: 'file://x.json' });
    assert.equal(c.identitySchemas.length, 2);
  });

  test('case=array of scalars, comma-separated or JSON', () => {
    const comma = fromEnv({ SERVE_PUBLIC_CORS_ALLOWED_ORIGINS: 'https://a.example, https://b.example' });
    assert.deepEqual(comma.cors.allowed_origins, ['https://a.example', 'https://b.example']);
    const json = fromEnv({ SERVE_PUBLIC_CORS_ALLOWED_ORIGINS: '["https://c.example"]' });
    assert.deepEqual(json.cors.allowed_origins, ['https://c.example']);
  });

  test('case=boolean', () => {
    const c = fromEnv({ SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED: 'false' });
    assert.equal(c.raw.selfservice.methods.password.config.haveibeenpwned_enabled, false);
    assert.equal(fromEnv({ SELFSERVICE_FLOWS_RECOVERY_ENABLED: 'false' }).flowEnabled('recovery'), false);
  });

  test('case=DEV=true enables dev mode', () => {
    const c = configFromObject(minimalDoc(), { env: { DEV: 'true' }, hostname: 'box' });
    assert.equal(c.dev, true);
    assert.equal(c.publicBaseUrl.protocol, 'http:');
  });

  test('case=free-form object as JSON', () => {
    const c = configFromObject(
      { ...minimalDoc(), courier: { smtp: { connection_uri: 'smtp://m:25/' } } },
      { env: { COURIER_SMTP_HEADERS: '{"X-A":"b"}' } },
    );
    assert.deepEqual(c.raw.courier?.smtp.headers, { 'X-A': 'b' });
  });

  test('case=JAEGER_PROPAGATION sets tracing.providers.jaeger.propagation', () => {
    assert.equal(fromEnv({ JAEGER_PROPAGATION: 'b3' }).raw.tracing.providers.jaeger.propagation, 'b3');
  });

  test('case=lower-case variable names match too', () => {
    assert.equal(fromEnv({ serve_admin_port: '6000' }).raw.serve.admin.port, 6000);
  });

  test('case=unmatched variables are ignored', () => {
    const c = fromEnv({ PATH: '/usr/bin', HOME: '/root', SERVE_PUBLIC_NOPE: '1', FOO_BAR: 'x' });
    assert.equal(c.raw.serve.public.port, 4433);
    assert.equal('nope' in c.raw.serve.public, false);
  });

  test('case=env beats files and flags', async () => {
    const f = await writeFiles({
      'k.json': JSON.stringify({ ...minimalDoc(), dev: false, serve: { public: { port: 1111 } } }),
    });
    const c = await loadConfig({
      files: [f['k.json'] as string],
      flags: { dev: false },
      env: { SERVE_PUBLIC_PORT: '5000', DEV: 'true' },
    });
    assert.equal(c.raw.serve.public.port, 5000);
    assert.equal(c.dev, true);
  });

  test('case=loadConfig reads process.env when env is not given', async () => {
    const f = await writeFiles({ 'k.json': JSON.stringify(minimalDoc()) });
    process.env['SERVE_ADMIN_PORT'] = '7001';
    try {
      const c = await loadConfig({ files: [f['k.json'] as string] });
      assert.equal(c.raw.serve.admin.port, 7001);
    } finally {
      delete process.env['SERVE_ADMIN_PORT'];
    }
  });

  test('case=malformed values are errors naming the variable', () => {
    for (const [name, value, reason] of [
      ['SERVE_PUBLIC_PORT', 'abc', 'must be an integer'],
      ['DEV', 'yes', 'must be a boolean'],
      ['IDENTITY_SCHEMAS', 'file://x.json', 'must be a JSON array'],
      ['COURIER_SMTP_HEADERS', '["a"]', 'must be a JSON object'],
    ] as const) {
      assert.throws(
        () => fromEnv({ [name]: value }),
        (err: unknown) => err instanceof ConfigError && err.message.startsWith(`config: environment variable ${name} `) && err.message.includes(reason),
        name,
      );
    }
  });

  test('case=a well-formed value that breaks the schema names the key', () => {
    assert.throws(() => fromEnv({ SERVE_PUBLIC_PORT: '70000' }), { message: 'config: serve.public.port: must be <= 65535' });
  });

  test('case=every leaf of the schema is addressable', () => {
    const names = listSchemaPaths(configSchema).map((p) => p.path.join('.'));
    for (const key of ['dsn', 'serve.public.cors.allowed_origins', 'courier.smtp.headers', 'hashers.argon2.key_length', 'session.cookie.same_site']) {
      assert.ok(names.includes(key), key);
    }
    // Blocks with declared keys are walked, not set whole.
    assert.equal(names.includes('serve.public'), false);
  });
});
