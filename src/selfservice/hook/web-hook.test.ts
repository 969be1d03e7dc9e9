import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { WebHookConfig } from '../../config/types.js';
import { createJsonnetEvaluator } from './jsonnet.js';
import { canonicalHeaderKey, requestHeadersOf } from './headers.js';
import { runWebHook, type WebHookContext } from './web-hook.js';

interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: string }

/** The hook target: records every call; the path picks the answer. */
class StandIn {
  readonly calls: Received[] = [];
  readonly events: string[] = [];
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      this.calls.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (url.pathname === '/hang') return; // never answers
      if (url.pathname === '/endless-body') {
        res.writeHead(200);
        res.write('{"still":');
        res.on('close', () => this.events.push('endless-body closed'));
        return;
      }
      if (url.pathname.startsWith('/status/')) {
        res.writeHead(Number(url.pathname.slice('/status/'.length)), { 'content-type': 'application/json' });
        res.end('{"error":"upstream says no"}');
        return;
      }
      if (url.pathname.startsWith('/redirect/')) {
        res.writeHead(Number(url.pathname.slice('/redirect/'.length)), { location: url.searchParams.get('to') ?? '' });
        res.end();
        return;
      }
      if (url.pathname === '/loop') {
        res.writeHead(302, { location: '/loop' });
        res.end();
        return;
      }
      if (url.pathname === '/template') {
        res.end('function(ctx) { from: "http", method: ctx.request_method }');
        return;
      }
      res.end('{"ignored":true}');
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const b64 = (s: string) => `base64://${Buffer.from(s).toString('base64')}`;

const TEMPLATE = `function(ctx) {
  flow_id: ctx.flow.id,
  email: if ctx.identity != null then ctx.identity.traits.email else null,
  user_agent: ctx.request_headers['User-Agent'][0],
  method: ctx.request_method,
  url: ctx.request_url,
}`;

const ctx: WebHookContext = {
  flow: { id: 'a7f5c1f0-0000-4000-8000-000000000001', type: 'browser' },
  requestHeaders: { 'User-Agent': ['Mozilla/5.0 test'], Accept: ['application/json'] },
  requestMethod: 'POST',
  requestUrl: '/self-service/login?flow=a7f5c1f0-0000-4000-8000-000000000001',
  identity: { id: 'i-1', traits: { email: 'alice@example.org' } },
};

const EXPECTED_BODY = {
  flow_id: 'a7f5c1f0-0000-4000-8000-000000000001',
  email: 'alice@example.org',
  user_agent: 'Mozilla/5.0 test',
  method: 'POST',
  url: '/self-service/login?flow=a7f5c1f0-0000-4000-8000-000000000001',
};

describe('web_hook', () => {
  const target = new StandIn();
  const jsonnet = createJsonnetEvaluator();
  const warnings: string[] = [];
  const deps = { jsonnet, logger: { warn: (m: string) => warnings.push(m) } };
  const run = (config: WebHookConfig, c: WebHookContext = ctx, extra: { timeoutMs?: number } = {}) =>
    runWebHook(config, c, { ...deps, ...extra });
  let dir: string;

  before(async () => {
    await target.start();
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-webhook-'));
  });
  after(async () => {
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    target.calls.length = 0;
    warnings.length = 0;
  });

  test('case=POST sends the evaluated template as JSON', async () => {
    await run({ url: `${target.base}/hook?x=1`, method: 'POST', body: b64(TEMPLATE) });
    assert.equal(target.calls.length, 1);
    const [call] = target.calls;
    assert.equal(call!.method, 'POST');
    assert.equal(call!.url, '/hook?x=1');
    assert.equal(call!.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(call!.body), EXPECTED_BODY);
    // The reference Jsonnet output (fields sorted, 3-space indent), as go-jsonnet prints it.
    const sorted = Object.fromEntries(Object.entries(EXPECTED_BODY).sort(([a], [b]) => (a < b ? -1 : 1)));
    assert.equal(call!.body, `${JSON.stringify(sorted, null, 3)}\n`);
    assert.equal(call!.headers['content-length'], String(Buffer.byteLength(call!.body)));
  });

  test('case=before-hooks see identity null', async () => {
    await run({ url: `${target.base}/hook`, method: 'PUT', body: b64('function(ctx) { identity: ctx.identity }') }, { ...ctx, identity: null });
    assert.equal(target.calls[0]!.method, 'PUT');
    assert.deepEqual(JSON.parse(target.calls[0]!.body), { identity: null });
  });

  test('case=GET carries the body too (only TRACE does not)', async () => {
    await run({ url: `${target.base}/hook`, method: 'GET', body: b64(TEMPLATE) });
    assert.equal(target.calls[0]!.method, 'GET');
    assert.deepEqual(JSON.parse(target.calls[0]!.body), EXPECTED_BODY);
  });

  test('case=TRACE sends no body and never evaluates the template', async () => {
    // The template is not even valid Jsonnet: evaluating it would fail the hook.
    await run({ url: `${target.base}/hook`, method: 'TRACE', body: b64('function(ctx) {') });
    assert.equal(target.calls[0]!.method, 'TRACE');
    assert.equal(target.calls[0]!.body, '');
    assert.equal(target.calls[0]!.headers['content-length'], undefined);
    assert.equal(target.calls[0]!.headers['content-type'], 'application/json');
  });

  test('case=no template sends an empty body', async () => {
    await run({ url: `${target.base}/hook`, method: 'POST' });
    assert.equal(target.calls[0]!.body, '');
    assert.equal(target.calls[0]!.headers['content-length'], '0');
    assert.equal(target.calls[0]!.headers['content-type'], 'application/json');
  });

  test('case=auth api_key in header', async () => {
    await run({
      url: `${target.base}/hook`,
      method: 'POST',
      auth: { type: 'api_key', config: { name: 'x-api-key', value: 'secret-1', in: 'header' } },
    });
    assert.equal(target.calls[0]!.headers['x-api-key'], 'secret-1');
    assert.equal(target.calls[0]!.headers['cookie'], undefined);
  });

  test('case=auth api_key in cookie', async () => {
    await run({
      url: `${target.base}/hook`,
      method: 'POST',
      auth: { type: 'api_key', config: { name: 'hook_key', value: 'secret 2', in: 'cookie' } },
    });
    // Go quotes a cookie value holding a space.
    assert.equal(target.calls[0]!.headers['cookie'], 'hook_key="secret 2"');
    assert.equal(target.calls[0]!.headers['hook_key'], undefined);
  });

  test('case=auth basic_auth', async () => {
    await run({ url: `${target.base}/hook`, method: 'POST', auth: { type: 'basic_auth', config: { user: 'hook', password: 'p:w' } } });
    assert.equal(target.calls[0]!.headers['authorization'], `Basic ${Buffer.from('hook:p:w').toString('base64')}`);
  });

  test('case=template from file:// and from a plain path (with the deprecation warning)', async () => {
    const file = join(dir, 'body.jsonnet');
    await writeFile(file, TEMPLATE);
    await run({ url: `${target.base}/hook`, method: 'POST', body: `file://${file}` });
    assert.deepEqual(JSON.parse(target.calls[0]!.body), EXPECTED_BODY);
    assert.deepEqual(warnings, []);

    const plain = relative(process.cwd(), file);
    await run({ url: `${target.base}/hook`, method: 'POST', body: plain });
    assert.deepEqual(JSON.parse(target.calls[1]!.body), EXPECTED_BODY);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /without a 'file:\/\/' scheme .* please use file:\/\/.*body\.jsonnet instead/);
  });

  test('case=template from http://', async () => {
    await run({ url: `${target.base}/hook`, method: 'PATCH', body: `${target.base}/template` });
    assert.deepEqual(target.calls.map((c) => c.url), ['/template', '/hook']);
    assert.deepEqual(JSON.parse(target.calls[1]!.body), { from: 'http', method: 'POST' });
  });

  test('case=template download answered with 404 fails before the call', async () => {
    await assert.rejects(run({ url: `${target.base}/hook`, method: 'POST', body: `${target.base}/status/404` }), (e: Error) => {
      assert.equal(
        e.message,
        `failed to create web hook body: expected http response status code 200 but got 404 when fetching: ${target.base}/status/404`,
      );
      return true;
    });
    assert.deepEqual(target.calls.map((c) => c.url), ['/status/404']);
    // Only 200 will do, even though this answer's body is valid Jsonnet.
    await assert.rejects(run({ url: `${target.base}/hook`, method: 'POST', body: `${target.base}/status/201` }), /but got 201 when fetching/);
    assert.deepEqual(target.calls.map((c) => c.url), ['/status/404', '/status/201']);
  });

  test('case=missing template file and bad base64 fail the body', async () => {
    await assert.rejects(run({ url: `${target.base}/hook`, method: 'POST', body: `file://${dir}/nope.jsonnet` }), /^Error: failed to create web hook body: unable to fetch from source: .*nope\.jsonnet: ENOENT/);
    await assert.rejects(run({ url: `${target.base}/hook`, method: 'POST', body: 'base64://no+t=base64' }), /^Error: failed to create web hook body: rule: base64:\/\/no\+t=base64: illegal base64 data$/);
    assert.equal(target.calls.length, 0);
  });

  test('case=a Jsonnet error fails the body', async () => {
    await assert.rejects(run({ url: `${target.base}/hook`, method: 'POST', body: b64('function(ctx) ctx.nope') }), /^Error: failed to create web hook body: RUNTIME ERROR: field does not exist: nope/);
    assert.equal(target.calls.length, 0);
  });

  test('case=status 500 fails with upstream text', async () => {
    await assert.rejects(run({ url: `${target.base}/status/500`, method: 'POST', body: b64(TEMPLATE) }), (e: Error) => {
      assert.equal(Object.getPrototypeOf(e), Error.prototype);
      assert.equal(e.message, 'failed to call web hook web hook failed with status code 500');
      return true;
    });
    assert.equal(target.calls.length, 1);
  });

  test('case=status 400 fails, 399 and 204 pass', async () => {
    await assert.rejects(run({ url: `${target.base}/status/400`, method: 'POST' }), /^Error: failed to call web hook web hook failed with status code 400$/);
    await run({ url: `${target.base}/status/399`, method: 'POST' });
    await run({ url: `${target.base}/status/204`, method: 'DELETE' });
    assert.equal(target.calls.length, 3);
  });

  test('case=connection refused fails with the transport error', async () => {
    const closed = new StandIn();
    await closed.start();
    const url = `${closed.base}/hook`;
    await closed.stop();
    await assert.rejects(run({ url, method: 'POST' }), (e: Error) => {
      assert.ok(e.message.startsWith(`failed to call web hook Post "${url}": `), e.message);
      assert.match(e.message, /ECONNREFUSED/);
      return true;
    });
  });

  test('case=a target that never answers fails at the timeout', async () => {
    const started = Date.now();
    await assert.rejects(run({ url: `${target.base}/hang`, method: 'POST' }, ctx, { timeoutMs: 200 }), (e: Error) => {
      assert.equal(e.message, `failed to call web hook Post "${target.base}/hang": request timed out after 200 ms`);
      return true;
    });
    const took = Date.now() - started;
    assert.ok(took >= 190 && took < 2000, `took ${took} ms`);
    assert.equal(target.calls.length, 1);
  });

  test('case=an answer counts at its status line; a body that never ends is cut at the timeout', async () => {
    target.events.length = 0;
    const started = Date.now();
    await run({ url: `${target.base}/endless-body`, method: 'POST' }, ctx, { timeoutMs: 300 });
    assert.ok(Date.now() - started < 250, `took ${Date.now() - started} ms`);
    assert.deepEqual(target.events, []);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(target.events, ['endless-body closed']);
  });

  test('case=an invalid HTTP verb fails without a call', async () => {
    await assert.rejects(run({ url: `${target.base}/hook`, method: 'G ET', body: b64(TEMPLATE) }), /^Error: failed to call web hook net\/http: invalid method "G ET"$/);
    await assert.rejects(run({ url: `${target.base}/hook`, method: 'POST\r\n' }), /invalid method/);
    assert.equal(target.calls.length, 0);
  });

  test('case=a URL that is not http(s) fails', async () => {
    await assert.rejects(run({ url: 'ftp://127.0.0.1/hook', method: 'POST' }), /^Error: failed to call web hook Post "ftp:\/\/127\.0\.0\.1\/hook": unsupported protocol scheme "ftp"$/);
  });

  test('case=redirects follow Go: 307 keeps method and body, 302 turns POST into a bodiless GET', async () => {
    await run({ url: `${target.base}/redirect/307?to=/hook`, method: 'POST', body: b64(TEMPLATE) });
    assert.deepEqual(target.calls.map((c) => [c.method, c.url]), [['POST', '/redirect/307?to=/hook'], ['POST', '/hook']]);
    assert.deepEqual(JSON.parse(target.calls[1]!.body), EXPECTED_BODY);
    assert.equal(target.calls[1]!.headers['referer'], `${target.base}/redirect/307?to=/hook`);

    target.calls.length = 0;
    await run({ url: `${target.base}/redirect/302?to=/status/500`, method: 'POST', body: b64(TEMPLATE) }).then(
      () => assert.fail('the final 500 must fail the hook'),
      (e: Error) => assert.equal(e.message, 'failed to call web hook web hook failed with status code 500'),
    );
    assert.deepEqual(target.calls.map((c) => [c.method, c.body]), [['POST', target.calls[0]!.body], ['GET', '']]);
  });

  test('case=credentials are not sent to another host after a redirect', async () => {
    const other = `http://localhost:${new URL(target.base).port}/hook`;
    await run({
      url: `${target.base}/redirect/307?to=${encodeURIComponent(other)}`,
      method: 'POST',
      auth: { type: 'basic_auth', config: { user: 'u', password: 'p' } },
    });
    assert.equal(target.calls.length, 2);
    assert.ok(target.calls[0]!.headers['authorization']);
    assert.equal(target.calls[1]!.headers['authorization'], undefined);
    assert.equal(target.calls[1]!.headers['content-type'], 'application/json');
  });

  test('case=a redirect loop stops after 10 requests', async () => {
    await assert.rejects(run({ url: `${target.base}/loop`, method: 'GET' }), (e: Error) => {
      assert.equal(e.message, `failed to call web hook Get "${target.base}/loop": stopped after 10 redirects`);
      return true;
    });
    assert.equal(target.calls.length, 10);
  });
});

describe('web_hook request headers', () => {
  test('case=canonical names, one value per line, Host dropped', () => {
    const raw = ['host', 'x', 'user-agent', 'ua', 'x-forwarded-for', '1.1.1.1', 'X-FORWARDED-FOR', '2.2.2.2', 'cookie', 'a=1', 'bad name', 'v'];
    assert.deepEqual(requestHeadersOf(raw), {
      'User-Agent': ['ua'],
      'X-Forwarded-For': ['1.1.1.1', '2.2.2.2'],
      Cookie: ['a=1'],
      'bad name': ['v'],
    });
    assert.equal(canonicalHeaderKey('www-authenticate'), 'Www-Authenticate');
  });
});
