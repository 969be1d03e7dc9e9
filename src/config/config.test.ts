import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromObject } from './config.js';
import { minimalDoc } from './fixtures.js';

describe('Config accessors', () => {
  test('case=secrets.cookie falls back to secrets.default', () => {
    const c = configFromObject({ ...minimalDoc(), secrets: { default: ['default-secret-0123456789'] } });
    assert.deepEqual(c.secretsDefault, ['default-secret-0123456789']);
    assert.deepEqual(c.secretsCookie, ['default-secret-0123456789']);
    assert.deepEqual(c.secretsCipher, []);
  });

  test('case=secrets.cookie wins over secrets.default', () => {
    const c = configFromObject({
      ...minimalDoc(),
      secrets: { default: ['default-secret-0123456789'], cookie: ['cookie-secret-0123456789', 'old-cookie-secret-0123'] },
    });
    assert.deepEqual(c.secretsCookie, ['cookie-secret-0123456789', 'old-cookie-secret-0123']);
  });

  test('case=without secrets one random value is shared by every Config of the process', () => {
    const a = configFromObject(minimalDoc());
    const b = configFromObject(minimalDoc());
    assert.equal(a.secretsCookie.length, 1);
    assert.ok((a.secretsCookie[0] ?? '').length >= 16);
    assert.deepEqual(a.secretsCookie, a.secretsDefault);
    assert.deepEqual(a.secretsCookie, b.secretsCookie);
  });

  test('case=bcrypt cost below 12 is raised unless dev mode', () => {
    const doc = { ...minimalDoc(), hashers: { bcrypt: { cost: 4 } } };
    assert.equal(configFromObject(doc).bcryptCost, 12);
    assert.equal(configFromObject(doc, { flags: { dev: true } }).bcryptCost, 4);
    assert.equal(configFromObject({ ...minimalDoc(), hashers: { bcrypt: { cost: 13 } } }).bcryptCost, 13);
  });

  test('case=flow UI URLs and lifespans', () => {
    const c = configFromObject({
      ...minimalDoc(),
      selfservice: {
        default_browser_return_url: '/home',
        whitelisted_return_urls: ['https://app.example.org'],
        flows: {
          login: { ui_url: 'https://app.example.org/login', lifespan: '10m' },
          error: { ui_url: 'https://app.example.org/error' },
          settings: { privileged_session_max_age: '15m', required_aal: 'aal1' },
        },
      },
    });
    assert.equal(c.flowUiUrl('login').href, 'https://app.example.org/login');
    assert.equal(c.flowUiUrl('error').href, 'https://app.example.org/error');
    assert.equal(c.flowUiUrl('registration').href, 'https://www.ory.sh/kratos/docs/fallback/registration');
    assert.equal(c.flowLifespanMs('login'), 600_000);
    assert.equal(c.flowLifespanMs('settings'), 3600_000);
    assert.equal(c.privilegedSessionMaxAgeMs, 900_000);
    assert.equal(c.settingsRequiredAal, 'aal1');
    assert.equal(c.defaultBrowserReturnUrl, '/home');
    assert.deepEqual(c.whitelistedReturnUrls, ['https://app.example.org']);
  });

  test('case=listen addresses and CORS block', () => {
    const c = configFromObject({
      ...minimalDoc(),
      serve: { public: { host: '127.0.0.1', port: 1234, cors: { enabled: true } }, admin: { host: 'unix:/tmp/a.sock' } },
    });
    assert.deepEqual(c.publicListen, { host: '127.0.0.1', port: 1234 });
    assert.deepEqual(c.adminListen, { host: 'unix:/tmp/a.sock', port: 4434 });
    assert.equal(c.cors.enabled, true);
    assert.deepEqual(c.cors.exposed_headers, ['Content-Type']);
  });

  test('case=totp issuer defaults to the public host name', () => {
    const doc = { ...minimalDoc(), serve: { public: { base_url: 'https://id.example.org/' } } };
    assert.equal(configFromObject(doc).totpIssuer, 'id.example.org');
    const withIssuer = configFromObject({
      ...doc,
      selfservice: { default_browser_return_url: '/', methods: { totp: { config: { issuer: 'ACME' } } } },
    });
    assert.equal(withIssuer.totpIssuer, 'ACME');
  });

  test('case=version mismatch warning', () => {
    const c = configFromObject({ ...minimalDoc(), version: 'v0.8.2-alpha.1' });
    assert.equal(c.versionMismatchWarning('v0.8.2-alpha.1'), null);
    assert.equal(c.versionMismatchWarning('0.8.2-alpha.1'), null);
    assert.match(c.versionMismatchWarning('v0.9.0') ?? '', /v0\.8\.2-alpha\.1.*v0\.9\.0/);
    assert.match(configFromObject(minimalDoc()).versionMismatchWarning('v0.8.2-alpha.1') ?? '', /no "version"/);
  });

  test('case=log settings', () => {
    const c = configFromObject({ ...minimalDoc(), log: { level: 'debug', format: 'json', leak_sensitive_values: true } });
    assert.equal(c.logLevel, 'debug');
    assert.equal(c.logFormat, 'json');
    assert.equal(c.leakSensitiveValues, true);
  });
});
