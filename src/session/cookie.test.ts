import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeSessionCookie, encodeSessionCookie } from './cookie.js';

const now = Date.UTC(2026, 0, 1);

describe('session cookie', () => {
  test('case=round trip with the signing secret', () => {
    const v = encodeSessionCookie('ory_kratos_session', 'tok123', ['secret-a-0123456789'], now);
    assert.equal(decodeSessionCookie('ory_kratos_session', v, ['secret-a-0123456789'], now), 'tok123');
  });

  test('case=rotated secrets still accept cookies signed by an older one', () => {
    const v = encodeSessionCookie('n', 'tok', ['old-secret-0123456789'], now);
    assert.equal(decodeSessionCookie('n', v, ['new-secret-0123456789', 'old-secret-0123456789'], now), 'tok');
    assert.equal(decodeSessionCookie('n', v, ['new-secret-0123456789'], now), null);
  });

  test('case=tampered, renamed, too old or oversized values are rejected', () => {
    const v = encodeSessionCookie('n', 'tok', ['s-0123456789abcdef'], now);
    const [ts, , mac] = v.split('.');
    assert.equal(decodeSessionCookie('n', `${ts}.other.${mac}`, ['s-0123456789abcdef'], now), null);
    assert.equal(decodeSessionCookie('m', v, ['s-0123456789abcdef'], now), null);
    assert.equal(decodeSessionCookie('n', v, ['s-0123456789abcdef'], now + 31 * 24 * 3600 * 1000), null);
    assert.equal(decodeSessionCookie('n', v + 'x'.repeat(5000), ['s-0123456789abcdef'], now), null);
    assert.equal(decodeSessionCookie('n', 'garbage', ['s-0123456789abcdef'], now), null);
  });
});
