/**
 * What the client sends and how it reads answers, observed through its `fetch` option: URLs,
 * query encoding, header precedence, credentials, and the answers no local server produces
 * (a browser's opaque redirect, a 2xx that is not JSON). The live suites cover the rest.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Configuration, GatehouseApiError, GatehouseClient, type FetchInit, type FetchLike } from '../../src/client/index.js';
import { failure } from './support.js';

interface Seen {
  url: string;
  init: FetchInit;
}

/** A fetch that records requests and answers `respond()` (default: 200 `{}`). */
function recorder(respond: () => Response = () => Response.json({})): { fetch: FetchLike; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: async (url, init) => {
      seen.push({ url, init });
      return respond();
    },
  };
}

describe('client transport', () => {
  test('case=URLs join base paths without double slashes; admin and public operations use their listener', async () => {
    const { fetch, seen } = recorder();
    const client = new GatehouseClient({ publicBasePath: 'https://pub.example/', adminBasePath: 'https://adm.example//', fetch });
    await client.toSession();
    await client.adminGetIdentity('a/b', ['oidc', 'x']);
    await client.adminListIdentities(undefined, 2);
    await client.initializeSelfServiceLoginFlowForBrowsers(true, 'aal2', 'https://app.example/?a=1&b=2');
    assert.deepEqual(
      seen.map((s) => s.url),
      [
        'https://pub.example/sessions/whoami',
        'https://adm.example/identities/a%2Fb?include_credential=oidc&include_credential=x',
        'https://adm.example/identities?page=2',
        'https://pub.example/self-service/login/browser?refresh=true&aal=aal2&return_to=https%3A%2F%2Fapp.example%2F%3Fa%3D1%26b%3D2',
      ],
    );
  });

  test('case=default base path is the page origin (relative URLs)', async () => {
    const { fetch, seen } = recorder();
    await new GatehouseClient({ fetch }).isAlive();
    assert.equal(seen[0]?.url, '/health/alive');
  });

  test('case=headers: defaults < operation < per call; JSON bodies; credentials and signal passed on', async () => {
    const { fetch, seen } = recorder();
    const client = new GatehouseClient({ fetch, credentials: 'include', headers: { 'X-Session-Token': 'default', 'X-Extra': 'e' } });
    const signal = new AbortController().signal;
    await client.submitSelfServiceLoginFlow('f', 'tok', { method: 'password', password_identifier: 'a', password: 'b' }, { headers: { 'X-Extra': 'call' }, signal });
    const [s] = seen;
    assert.ok(s);
    assert.deepEqual(s.init.headers, { accept: 'application/json', 'x-session-token': 'tok', 'x-extra': 'call', 'content-type': 'application/json' });
    assert.deepEqual([s.init.method, s.init.redirect, s.init.credentials, s.init.signal], ['POST', 'manual', 'include', signal]);
    assert.equal(s.init.body, '{"method":"password","password_identifier":"a","password":"b"}');
    await client.toSession(undefined, 'c=1');
    assert.deepEqual([seen[1]?.init.headers.cookie, seen[1]?.init.redirect, seen[1]?.init.body], ['c=1', 'follow', undefined]);
  });

  test('case=an email link (token, no body) is a GET; with a body it is the form POST', async () => {
    const { fetch, seen } = recorder();
    const client = new GatehouseClient({ fetch });
    await client.submitSelfServiceVerificationFlow('f', 't');
    await client.submitSelfServiceRecoveryFlow('f', undefined, { method: 'link', email: 'a@b.c' });
    assert.deepEqual(
      seen.map((s) => `${s.init.method} ${s.url}`),
      ['GET /self-service/verification?flow=f&token=t', 'POST /self-service/recovery?flow=f'],
    );
  });

  test('case=a redirect hidden by a browser (opaqueredirect) rejects with status 0', async () => {
    const opaque = { status: 0, type: 'opaqueredirect', headers: new Headers(), text: async () => '' };
    const client = new GatehouseClient({ fetch: async () => opaque });
    const e = await failure(client.initializeSelfServiceLoginFlowForBrowsers());
    assert.deepEqual([e.status, e.isRedirect, e.redirectTo], [0, true, undefined]);
    assert.equal(e.message, 'initializeSelfServiceLoginFlowForBrowsers: the runtime hid a redirect (opaque redirect)');
  });

  test('case=a 303 to the flows endpoint names the replacement flow', async () => {
    const location = 'http://x/self-service/recovery/flows?id=11111111-1111-4111-8111-111111111111';
    const client = new GatehouseClient({ fetch: async () => new Response(null, { status: 303, headers: { location } }) });
    const e = await failure(client.submitSelfServiceRecoveryFlow('f', undefined, { method: 'link', email: 'a@b.c' }));
    assert.deepEqual([e.status, e.redirectTo, e.useFlowId], [303, location, '11111111-1111-4111-8111-111111111111']);
  });

  test('case=a 2xx that is not JSON rejects; text operations read text', async () => {
    const client = new GatehouseClient({ fetch: async () => new Response('<html>', { status: 200 }) });
    const e = await failure(client.isAlive());
    assert.deepEqual([e.status, e.body], [200, '<html>']);
    assert.equal((await client.getWebAuthnJavaScript()).data, '<html>');
  });

  test('case=the global fetch is looked up per call', async () => {
    const client = new GatehouseClient({ basePath: 'http://x' });
    const original = globalThis.fetch;
    globalThis.fetch = async () => Response.json({ status: 'ok' });
    try {
      assert.deepEqual((await client.isAlive()).data, { status: 'ok' });
    } finally {
      globalThis.fetch = original;
    }
  });

  test('case=the SDK Configuration maps basePath, baseOptions.headers and withCredentials', async () => {
    const { fetch, seen } = recorder();
    const config = new Configuration({ basePath: 'http://k', baseOptions: { headers: { 'X-A': '1' }, withCredentials: true } });
    await new GatehouseClient({ ...config, fetch }).getVersion();
    assert.deepEqual([seen[0]?.url, seen[0]?.init.headers['x-a'], seen[0]?.init.credentials], ['http://k/version', '1', 'include']);
  });

  test('case=GatehouseApiError reads envelopes and flows', () => {
    const headers = new Headers();
    const envelope = new GatehouseApiError({
      operation: 'submitSelfServiceSettingsFlow',
      status: 403,
      headers,
      body: { error: { id: 'session_refresh_required', code: 403, message: 'm', reason: 'r' }, redirect_browser_to: 'http://r' },
    });
    assert.deepEqual([envelope.id, envelope.reason, envelope.redirectBrowserTo, envelope.flow], ['session_refresh_required', 'r', 'http://r', undefined]);
    assert.equal(envelope.message, 'submitSelfServiceSettingsFlow: 403 m (r)');
    const text = { id: 1, text: 't', type: 'error' as const };
    const flow = { id: 'f', ui: { action: 'a', method: 'POST', messages: [text], nodes: [{ type: 'input', messages: [{ ...text, id: 2 }] }] } };
    const withFlow = new GatehouseApiError({ operation: 'submitSelfServiceLoginFlow', status: 400, headers, body: flow });
    assert.deepEqual([withFlow.error, withFlow.flow === flow, withFlow.messages.map((m) => m.id)], [undefined, true, [1, 2]]);
    assert.ok(withFlow instanceof Error);
    assert.equal(withFlow.name, 'GatehouseApiError');
  });
});
