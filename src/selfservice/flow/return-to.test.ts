import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatehouseError } from '../../http/errors.js';
import { loadAllowList, secureRedirectTo, selfServiceRedirectOr } from './return-to.js';

const publicBaseUrl = new URL('http://127.0.0.1:4433/');
const allowList = loadAllowList(['https://app.example.org/dash', 'https://*.example.net', '', '/relative', 'https://*.com']);
const check = (returnTo: string) =>
  secureRedirectTo(new URL(`http://x/self-service/login/browser?return_to=${encodeURIComponent(returnTo)}`), 'https://default/', {
    allowList,
    publicBaseUrl,
  });

describe('return_to', () => {
  test('case=loading drops junk, relative entries and public-suffix wildcards', () => {
    assert.deepEqual(
      allowList.map((u) => u.href),
      ['https://app.example.org/dash', 'https://*.example.net/'],
    );
  });

  test('case=allowed targets by scheme, host, wildcard and path prefix', () => {
    assert.equal(check('https://app.example.org/dash/x?y=1'), 'https://app.example.org/dash/x?y=1');
    assert.equal(check('https://APP.example.org/dashboard'), 'https://app.example.org/dashboard');
    assert.equal(check('https://a.b.example.net/'), 'https://a.b.example.net/');
    assert.equal(check('http://127.0.0.1:4433/self-service/login/browser'), 'http://127.0.0.1:4433/self-service/login/browser');
  });

  test('case=foreign targets are rejected with self_service_flow_return_to_forbidden', () => {
    for (const bad of ['https://evil.org/', 'http://app.example.org/dash', 'https://example.net/', 'https://app.example.org/other']) {
      assert.throws(
        () => check(bad),
        (e: unknown) => e instanceof GatehouseError && e.status === 400 && e.fields.id === 'self_service_flow_return_to_forbidden',
      );
    }
  });

  test('case=an unparsable return_to is a 400, not upstream\'s 500', () => {
    assert.throws(
      () => check('http://['),
      (e: unknown) => e instanceof GatehouseError && e.status === 400 && /Unable to parse the return_to/.test(e.fields.reason ?? ''),
    );
  });

  test('case=no return_to uses the fallback; the self-service-only variant never throws', () => {
    assert.equal(secureRedirectTo(new URL('http://x/'), 'https://default/', { allowList, publicBaseUrl }), 'https://default/');
    assert.equal(selfServiceRedirectOr(new URL('http://x/?return_to=https://evil.org/'), 'https://d/', publicBaseUrl), 'https://d/');
  });
});
