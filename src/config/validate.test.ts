import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromObject } from './config.js';
import { ConfigError } from './errors.js';
import { minimalDoc } from './fixtures.js';

/** Runs configFromObject expecting a ConfigError and returns its lines. */
function problems(doc: Record<string, unknown>): string[] {
  try {
    configFromObject(doc);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.equal(err.message, err.problems.join('\n'));
    return [...err.problems];
  }
  assert.fail('configuration was accepted');
}

const withSelfservice = (selfservice: Record<string, unknown>): Record<string, unknown> => ({
  ...minimalDoc(),
  selfservice: { default_browser_return_url: '/', ...selfservice },
});

describe('validation errors name the key', () => {
  test('case=port out of range', () => {
    assert.deepEqual(problems({ ...minimalDoc(), serve: { public: { port: 70000 } } }), [
      'config: serve.public.port: must be <= 65535',
    ]);
  });

  test('case=port of the wrong type', () => {
    assert.deepEqual(problems({ ...minimalDoc(), serve: { admin: { port: 'x' } } }), ['config: serve.admin.port: must be integer']);
  });

  test('case=unknown top-level key', () => {
    assert.deepEqual(problems({ ...minimalDoc(), foo: 1 }), ['config: unknown key "foo" at root']);
  });

  test('case=unknown nested key', () => {
    assert.deepEqual(problems({ ...minimalDoc(), serve: { public: { prot: 1 } } }), ['config: unknown key "prot" at serve.public']);
  });

  test('case=missing dsn', () => {
    const doc = minimalDoc();
    delete doc['dsn'];
    assert.deepEqual(problems(doc), ['config: dsn: is required']);
  });

  test('case=missing identity.default_schema_url', () => {
    assert.deepEqual(problems({ ...minimalDoc(), identity: {} }), ['config: identity.default_schema_url: is required']);
  });

  test('case=missing selfservice.default_browser_return_url', () => {
    assert.deepEqual(problems({ ...minimalDoc(), selfservice: {} }), [
      'config: selfservice.default_browser_return_url: is required',
    ]);
  });

  test('case=bad duration', () => {
    assert.deepEqual(problems(withSelfservice({ flows: { login: { lifespan: '1d' } } })), [
      'config: selfservice.flows.login.lifespan: must match pattern "^([0-9]+(ns|us|ms|s|m|h))+$"',
    ]);
  });

  test('case=bad URLs', () => {
    assert.deepEqual(
      problems({
        ...withSelfservice({ flows: { login: { ui_url: '/login' } } }),
        serve: { public: { base_url: 'auth.example.org' } },
      }),
      [
        'config: serve.public.base_url: must be an absolute URL',
        'config: selfservice.flows.login.ui_url: must be an absolute URL',
      ],
    );
    assert.deepEqual(problems({ ...minimalDoc(), selfservice: { default_browser_return_url: 'dashboard' } }), [
      'config: selfservice.default_browser_return_url: must be an absolute URL or an absolute path',
    ]);
  });

  test('case=several problems give one line each', () => {
    const lines = problems({ foo: 1, serve: { public: { port: 0 } }, identity: { default_schema_url: 'x' }, selfservice: {} });
    assert.deepEqual(lines.sort(), [
      'config: dsn: is required',
      'config: identity.default_schema_url: must be an absolute URL',
      'config: selfservice.default_browser_return_url: is required',
      'config: serve.public.port: must be >= 1',
      'config: unknown key "foo" at root',
    ]);
  });

  test('case=identity schema id must not be default', () => {
    const doc = { ...minimalDoc(), identity: { default_schema_url: 'file:///a', schemas: [{ id: 'default', url: 'file:///b' }] } };
    assert.deepEqual(problems(doc), ['config: identity.schemas.0.id: must not be "default"']);
  });

  test('case=unknown hook name and hook config rules', () => {
    const hooks = [{ hook: 'sessions' }, { hook: 'session', config: {} }, { hook: 'web_hook', config: { url: 'https://h/' } }];
    assert.deepEqual(problems(withSelfservice({ flows: { registration: { after: { password: { hooks } } } } })), [
      'config: selfservice.flows.registration.after.password.hooks.0.hook: must be one of: session, web_hook',
      'config: selfservice.flows.registration.after.password.hooks.1.config: is not allowed here',
      'config: selfservice.flows.registration.after.password.hooks.2.config.method: is required',
    ]);
  });

  test('case=web_hook entry is accepted', () => {
    const hook = { hook: 'web_hook', config: { url: 'https://h/x', method: 'POST', auth: { type: 'basic_auth', config: { user: 'u', password: 'p' } } } };
    const c = configFromObject(withSelfservice({ flows: { login: { after: { hooks: [hook] } } } }));
    assert.deepEqual(c.raw.selfservice.flows.login.after?.hooks, [hook]);
  });
});

describe('conditional requirements', () => {
  const connection = { smtp: { connection_uri: 'smtp://mail:25/' } };

  for (const flows of [{ recovery: { enabled: true } }, { verification: { enabled: true } }, { recovery: { enabled: true }, verification: { enabled: true } }]) {
    test(`case=courier required with ${Object.keys(flows).join('+')} enabled`, () => {
      const lines = problems(withSelfservice({ flows }));
      assert.equal(lines.length, 1);
      assert.match(lines[0] ?? '', /^config: courier: is required \(courier\.smtp\.connection_uri/);
      const c = configFromObject({ ...withSelfservice({ flows }), courier: connection });
      assert.equal(c.raw.courier?.smtp.from_address, 'no-reply@ory.kratos.sh');
      assert.equal(c.raw.courier?.template_override_path, 'courier/builtin/templates');
    });
  }

  test('case=courier block without connection_uri', () => {
    assert.deepEqual(problems({ ...minimalDoc(), courier: { smtp: {} } }), ['config: courier.smtp.connection_uri: is required']);
  });

  test('case=secrets.cipher required for real ciphers', () => {
    for (const algorithm of ['aes', 'xchacha20-poly1305']) {
      const lines = problems({ ...minimalDoc(), ciphers: { algorithm } });
      assert.equal(lines.length, 1);
      assert.match(lines[0] ?? '', /secrets.cipher is required when ciphers.algorithm/);
      assert.deepEqual(problems({ ...minimalDoc(), ciphers: { algorithm }, secrets: { cipher: ['short'] } }), [
        'config: secrets.cipher.0: must NOT have fewer than 32 characters',
      ]);
      const ok = configFromObject({ ...minimalDoc(), ciphers: { algorithm }, secrets: { cipher: ['x'.repeat(32)] } });
      assert.deepEqual(ok.secretsCipher, ['x'.repeat(32)]);
    }
    assert.equal(configFromObject({ ...minimalDoc(), ciphers: { algorithm: 'noop' } }).secretsCipher.length, 0);
  });

  test('case=OIDC provider rules', () => {
    const base = { id: 'x', client_id: 'c', mapper_url: 'file:///m.jsonnet' };
    const oidc = (p: Record<string, unknown>) => withSelfservice({ methods: { oidc: { enabled: true, config: { providers: [p] } } } });
    assert.deepEqual(problems(oidc({ ...base, provider: 'microsoft', client_secret: 's' })), [
      'config: selfservice.methods.oidc.config.providers.0.tenant: is required',
    ]);
    assert.deepEqual(problems(oidc({ ...base, provider: 'github', client_secret: 's', tenant: 'common' })), [
      'config: selfservice.methods.oidc.config.providers.0.tenant: is not allowed here',
    ]);
    assert.deepEqual(problems(oidc({ ...base, provider: 'apple', client_secret: 's', team_id: 't', private_key_id: 'k', private_key: 'p' })), [
      'config: selfservice.methods.oidc.config.providers.0.client_secret: is not allowed here',
    ]);
    configFromObject(oidc({ ...base, provider: 'generic', client_secret: 's', issuer_url: 'https://idp.example.org' }));
  });
});
