import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/server.js';
import { BASE_FLOW_CONFIG, freshEmail, jsonPost, merge, SESSION_HOOK, strongPassword, useFlowServer } from './support.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

// A hook target on loopback: /ok answers 200, /fail answers 500.
const received: Received[] = [];
const target = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    res.statusCode = req.url?.startsWith('/fail') ? 500 : 200;
    res.end('{}');
  });
});
await new Promise<void>((ok) => target.listen(0, '127.0.0.1', ok));
after(() => new Promise<void>((ok) => target.close(() => ok())));
const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;

const template = Buffer.from(
  'function(ctx) { flow_id: ctx.flow.id, email: ctx.identity.traits.email, method: ctx.request_method }',
).toString('base64');

const webHook = (path: string) => ({
  hook: 'web_hook',
  config: { url: `${base}${path}`, method: 'POST', body: `base64://${template}`, auth: { type: 'api_key', config: { name: 'X-Key', value: 'k1', in: 'header' } } },
});

for (const dialect of DIALECTS) {
  describe(`web_hook dialect=${dialect}`, () => {
    const gh = useFlowServer(
      dialect,
      BASE_FLOW_CONFIG,
      merge(SESSION_HOOK, {
        selfservice: {
          flows: {
            registration: { after: { password: { hooks: [webHook('/ok/registration'), { hook: 'session' }] } } },
            login: { after: { password: { hooks: [webHook('/fail/login')] } } },
          },
        },
      }),
    );

    test('case=registration calls the web hook with the evaluated template, then issues the session type=api', async () => {
      const email = freshEmail('Hook');
      const flow = (await (await fetch(new URL('self-service/registration/api', gh.publicUrl))).json()) as { id: string; ui: { action: string } };
      const res = await jsonPost(flow.ui.action, { method: 'password', password: strongPassword(), traits: { email } });
      assert.equal(res.status, 200, res.text);
      assert.match(String((res.json as { session_token?: string }).session_token), /^[A-Za-z0-9]{32}$/);
      const call = received.find((r) => r.url === '/ok/registration' && JSON.parse(r.body || '{}').email === email);
      assert.ok(call, 'the hook target received the call');
      assert.equal(call.method, 'POST');
      assert.equal(call.headers['content-type'], 'application/json');
      assert.equal(call.headers['x-key'], 'k1');
      assert.deepEqual(JSON.parse(call.body), { flow_id: flow.id, email, method: 'POST' });
    });

    test('case=a failing login web hook aborts the login: no session, an error envelope type=api', async () => {
      const email = freshEmail('Hook');
      const password = strongPassword();
      const reg = (await (await fetch(new URL('self-service/registration/api', gh.publicUrl))).json()) as { ui: { action: string } };
      assert.equal((await jsonPost(reg.ui.action, { method: 'password', password, traits: { email } })).status, 200);
      const login = (await (await fetch(new URL('self-service/login/api', gh.publicUrl))).json()) as { ui: { action: string } };
      const res = await jsonPost(login.ui.action, { method: 'password', password_identifier: email, password });
      assert.equal(res.status, 500, res.text);
      assert.equal((res.json as { error: { message: string } }).error.message, 'failed to call web hook web hook failed with status code 500');
      assert.ok(received.some((r) => r.url === '/fail/login' && JSON.parse(r.body).email === email));
      assert.ok(!('session_token' in (res.json as object)));
    });
  });
}
