import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { configFromObject } from './config.js';
import { minimalDoc } from './fixtures.js';

describe('config defaults', () => {
  test('case=defaults are filled for blocks that were left out', () => {
    const c = configFromObject(minimalDoc());
    assert.equal(c.raw.serve.public.port, 4433);
    assert.equal(c.raw.serve.admin.port, 4434);
    assert.equal(c.raw.serve.public.host, '0.0.0.0');
    assert.equal(c.raw.serve.public.socket.mode, 493);
    assert.deepEqual(c.raw.serve.public.cors.allowed_origins, ['*']);
    assert.deepEqual(c.raw.serve.public.cors.allowed_methods, ['POST', 'GET', 'PUT', 'PATCH', 'DELETE']);
    assert.equal(c.raw.serve.public.cors.allow_credentials, true);
    assert.equal(c.raw.selfservice.flows.login.ui_url, 'https://www.ory.sh/kratos/docs/fallback/login');
    assert.equal(c.raw.selfservice.flows.error.ui_url, 'https://www.ory.sh/kratos/docs/fallback/error');
    assert.equal(c.raw.selfservice.flows.settings.privileged_session_max_age, '1h');
    assert.equal(c.raw.selfservice.flows.recovery.enabled, false);
    assert.equal(c.raw.selfservice.methods.password.config.haveibeenpwned_host, 'api.pwnedpasswords.com');
    assert.equal(c.raw.selfservice.methods.link.config.lifespan, '1h');
    assert.equal(c.raw.hashers.algorithm, 'bcrypt');
    assert.equal(c.raw.hashers.argon2.memory, '128MB');
    assert.equal(c.raw.ciphers.algorithm, 'noop');
    assert.equal(c.raw.session.cookie.name, 'ory_kratos_session');
    assert.equal(c.raw.log.level, 'info');
    assert.equal(c.raw.tracing.service_name, 'Ory Kratos');
    assert.equal(c.raw.tracing.providers.jaeger.sampling.type, 'const');
    assert.equal(c.raw.courier, undefined);
    assert.equal(c.dev, false);
    assert.equal(c.sessionLifespanMs, 24 * 3600_000);
    assert.equal(c.flowLifespanMs('login'), 3600_000);
    assert.equal(c.whoamiRequiredAal, 'highest_available');
    assert.equal(c.logFormat, 'text');
    assert.equal(c.leakSensitiveValues, false);
  });

  test('case=password, profile and link stay enabled when selfservice.methods is overwritten', () => {
    const c = configFromObject({
      ...minimalDoc(),
      selfservice: {
        default_browser_return_url: '/',
        methods: { password: { config: { max_breaches: 3 } }, totp: { enabled: true } },
      },
    });
    assert.equal(c.strategyEnabled('password'), true);
    assert.equal(c.strategyEnabled('profile'), true);
    assert.equal(c.strategyEnabled('link'), true);
    assert.equal(c.strategyEnabled('totp'), true);
    assert.equal(c.strategyEnabled('webauthn'), false);
    assert.equal(c.raw.selfservice.methods.password.config.max_breaches, 3);
    assert.equal(c.raw.selfservice.methods.password.config.haveibeenpwned_enabled, true);
  });

  test('case=the input document is not mutated', () => {
    const doc = minimalDoc();
    configFromObject(doc);
    assert.equal('serve' in doc, false);
  });

  test('case=identity schemas are listed in order, then default', () => {
    const doc = minimalDoc();
    doc['identity'] = {
      default_schema_url: 'file:///d.json',
      schemas: [
        { id: 'customer', url: 'file:///c.json' },
        { id: 'employee', url: 'base64://eyJ0eXBlIjoib2JqZWN0In0=' },
      ],
    };
    assert.deepEqual(configFromObject(doc).identitySchemas, [
      { id: 'customer', url: 'file:///c.json' },
      { id: 'employee', url: 'base64://eyJ0eXBlIjoib2JqZWN0In0=' },
      { id: 'default', url: 'file:///d.json' },
    ]);
  });
});

describe('cookies', () => {
  test('case=session cookie inherits cookies.* when unset', () => {
    const c = configFromObject({ ...minimalDoc(), cookies: { domain: 'example.org', path: '/auth', same_site: 'Strict' } });
    assert.deepEqual(c.cookieDefaults, { domain: 'example.org', path: '/auth', sameSite: 'Strict' });
    assert.deepEqual(c.sessionCookie, {
      name: 'ory_kratos_session',
      domain: 'example.org',
      path: '/auth',
      sameSite: 'Strict',
      persistent: true,
    });
  });

  test('case=session cookie keys override cookies.* one by one', () => {
    const c = configFromObject({
      ...minimalDoc(),
      cookies: { domain: 'example.org', path: '/auth', same_site: 'Strict' },
      session: { cookie: { name: 'sid', path: '/s', persistent: false } },
    });
    assert.deepEqual(c.sessionCookie, { name: 'sid', domain: 'example.org', path: '/s', sameSite: 'Strict', persistent: false });
  });

  test('case=no domain anywhere means no domain key', () => {
    const c = configFromObject(minimalDoc());
    assert.deepEqual(c.sessionCookie, { name: 'ory_kratos_session', path: '/', sameSite: 'Lax', persistent: true });
    assert.equal('domain' in c.cookieDefaults, false);
  });
});

describe('base URLs', () => {
  test('case=configured base URL gets a trailing slash', () => {
    const c = configFromObject({
      ...minimalDoc(),
      serve: { public: { base_url: 'https://auth.example.org/.ory/kratos/public' }, admin: { base_url: 'http://admin:1/' } },
    });
    assert.equal(c.publicBaseUrl.href, 'https://auth.example.org/.ory/kratos/public/');
    assert.equal(c.adminBaseUrl.href, 'http://admin:1/');
    assert.equal(c.publicBaseUrlGuessed, false);
  });

  test('case=guessed from the OS host name with https outside dev mode', () => {
    const c = configFromObject(minimalDoc());
    assert.equal(c.publicBaseUrl.href, new URL(`https://${hostname()}:4433/`).href);
    assert.equal(c.adminBaseUrl.href, new URL(`https://${hostname()}:4434/`).href);
    assert.equal(c.publicBaseUrlGuessed, true);
  });

  test('case=guessed with http in dev mode and the bind host when it is specific', () => {
    const c = configFromObject(
      { ...minimalDoc(), serve: { public: { host: '127.0.0.1', port: 9000 } } },
      { flags: { dev: true }, hostname: 'box' },
    );
    assert.equal(c.publicBaseUrl.href, 'http://127.0.0.1:9000/');
    assert.equal(c.adminBaseUrl.href, 'http://box:4434/');
  });

  test('case=returned URLs are copies', () => {
    const c = configFromObject(minimalDoc(), { hostname: 'box' });
    c.publicBaseUrl.pathname = '/mutated';
    assert.equal(c.publicBaseUrl.pathname, '/');
  });
});
