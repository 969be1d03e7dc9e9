/**
 * The Gatehouse extension `serve.public.ui`: defaults, validation, the dev-only mailbox, routes
 * registered only when enabled, and the banner `serve` prints.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import pino from 'pino';
import { configFromObject } from '../../src/config/config.js';
import { ConfigError } from '../../src/config/errors.js';
import { minimalDoc } from '../../src/config/fixtures.js';
import { webUiBanner } from '../../src/webui/banner.js';
import { checkWebUiConfig, registerWebUi } from '../../src/webui/index.js';
import { sinkAddress } from '../../src/webui/mailbox/sink.js';

const SMTP = 'smtp://127.0.0.1:4436/?disable_starttls=true';
const doc = (ui: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...minimalDoc(),
  serve: { public: { base_url: 'http://127.0.0.1:4433/', ui } },
  ...extra,
});
const logger = pino({ level: 'silent' });

describe('webui configuration (serve.public.ui)', () => {
  it('case=off by default; a Kratos configuration without the key keeps validating', () => {
    const c = configFromObject(minimalDoc());
    assert.deepEqual(c.raw.serve.public.ui, { enabled: false, base_path: '/ui', mailbox: false });
    assert.equal(webUiBanner(c), '');
    const env = configFromObject(minimalDoc(), { env: { SERVE_PUBLIC_UI_ENABLED: 'true', SERVE_PUBLIC_UI_BASE_PATH: '/account' } });
    assert.deepEqual(env.raw.serve.public.ui, { enabled: true, base_path: '/account', mailbox: false });
  });

  it('case=unknown keys and bad base paths are configuration errors', () => {
    assert.throws(() => configFromObject(doc({ enabled: true, colour: 'blue' })), ConfigError);
    for (const base_path of ['ui', '/ui/', '/a b', '/../x']) {
      assert.throws(() => configFromObject(doc({ enabled: true, base_path })), ConfigError, base_path);
    }
    const hidesApi = configFromObject(doc({ enabled: true, base_path: '/self-service/ui' }));
    assert.throws(() => checkWebUiConfig(hidesApi), /would hide the API's \/self-service routes/);
  });

  it('case=the mailbox runs only with --dev and only on a loopback plain-SMTP address', () => {
    const courier = { courier: { smtp: { connection_uri: SMTP } } };
    assert.throws(() => checkWebUiConfig(configFromObject(doc({ enabled: true, mailbox: true }, courier))), /runs only with --dev/);
    assert.doesNotThrow(() => checkWebUiConfig(configFromObject(doc({ enabled: true, mailbox: true }, { ...courier, dev: true }))));
    assert.throws(() => checkWebUiConfig(configFromObject(doc({ enabled: true, mailbox: true }, { dev: true }))), /connection_uri is not set/);
    assert.deepEqual(sinkAddress(SMTP), { host: '127.0.0.1', port: 4436 });
    assert.deepEqual(sinkAddress('smtp://[::1]:2525/?disable_starttls=true'), { host: '::1', port: 2525 });
    assert.throws(() => sinkAddress('smtp://mail.example.org:25/?disable_starttls=true'), /not a loopback address/);
    assert.throws(() => sinkAddress('smtps://127.0.0.1:465/'), /plain smtp/);
    assert.throws(() => sinkAddress('smtp://127.0.0.1:25/'), /disable_starttls=true/);
  });

  it('case=routes exist only when enabled; the banner names the URL to open', async () => {
    for (const enabled of [false, true]) {
      const app = Fastify();
      await registerWebUi(app, { config: configFromObject(doc({ enabled, base_path: '/account' })), logger });
      const css = await app.inject({ method: 'GET', url: '/account/assets/style.css' });
      assert.equal(css.statusCode, enabled ? 200 : 404);
      if (enabled) {
        assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
        assert.doesNotMatch(css.body, /@import|url\(\s*["']?https?:/, 'the stylesheet loads nothing from elsewhere');
        const bare = await app.inject({ method: 'GET', url: '/account' });
        assert.equal(bare.statusCode, 301);
        assert.equal(bare.headers.location, '/account/');
      }
      await app.close();
    }
    const c = configFromObject(doc({ enabled: true, mailbox: true }, { dev: true, courier: { smtp: { connection_uri: SMTP } } }));
    assert.equal(
      webUiBanner(c),
      'Open http://127.0.0.1:4433/ui/ in your browser to sign up and sign in.\nEmails the server sends appear in the development mailbox: http://127.0.0.1:4433/ui/mailbox\n',
    );
  });
});
