import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GatehouseError } from '../../../http/errors.js';
import { NETWORK_FAILURE_TEXT, parseRange } from './policy-breach.js';
import { BREACHED_REASON, PasswordPolicy } from './policy.js';
import type { PasswordPolicyOptions, PasswordPolicySettings } from './policy.js';
import { rejectionReason } from './policy-fixtures.js';

const ID = 'alice@example.com';
const PASSWORD = 'Tr0ub4dor&3-example';
const SHA1 = createHash('sha1').update(PASSWORD).digest('hex').toUpperCase();
const PREFIX = SHA1.slice(0, 5);
const SUFFIX = SHA1.slice(5);
const OTHER = 'a-different-passphrase';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback stand-in for api.pwnedpasswords.com whose answer each test sets. */
let server: Server;
let host: string;
let requests: Recorded[] = [];
let answer: { status: number; body: string } | 'hang' = { status: 200, body: '' };

const rangeBody = (count: number) =>
  [
    '0018A45C4D1DEF81644B54AB7F969B88D65:1',
    `${SUFFIX}:${count}`,
    // Padding rows carry a zero count.
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0',
  ].join('\r\n');

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
  answer = { status: 200, body: rangeBody(0) };
});

const policy = (over: Partial<PasswordPolicySettings> = {}, opts: PasswordPolicyOptions = {}) =>
  new PasswordPolicy(
    {
      haveibeenpwnedEnabled: true,
      haveibeenpwnedHost: host,
      maxBreaches: 0,
      ignoreNetworkErrors: true,
      hashAlgorithm: 'argon2',
      ...over,
    },
    { scheme: 'http', timeoutMs: 2000, ...opts },
  );

/** An address where nothing listens. */
async function deadHost(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return `127.0.0.1:${port}`;
}

describe('PasswordPolicy haveibeenpwned', () => {
  it('case=breached password is rejected with the spec text', async () => {
    answer = { status: 200, body: rangeBody(3) };
    assert.equal(await rejectionReason(policy().validate(ID, PASSWORD)), BREACHED_REASON);
    assert.equal(BREACHED_REASON, 'the password has been found in data breaches and must no longer be used');
  });

  it('case=count up to max_breaches is accepted, above it rejected', async () => {
    answer = { status: 200, body: rangeBody(3) };
    await policy({ maxBreaches: 3 }).validate(ID, PASSWORD);
    answer = { status: 200, body: rangeBody(4) };
    assert.equal(await rejectionReason(policy({ maxBreaches: 3 }).validate(ID, PASSWORD)), BREACHED_REASON);
  });

  it('case=password absent from the range is accepted', async () => {
    answer = { status: 200, body: rangeBody(100) };
    await policy().validate(ID, OTHER);
  });

  it('case=only the upper-case 5-digit SHA-1 prefix leaves the machine', async () => {
    answer = { status: 200, body: rangeBody(1) };
    await rejectionReason(policy().validate(ID, PASSWORD));
    assert.equal(requests.length, 1);
    const [r] = requests as [Recorded];
    assert.equal(r.method, 'GET');
    assert.equal(r.url, `/range/${PREFIX}`);
    assert.match(r.url, /^\/range\/[0-9A-F]{5}$/);
    assert.equal(r.body, '');
    const sent = JSON.stringify(r.headers).toUpperCase();
    for (const secret of [SUFFIX, PASSWORD.toUpperCase(), ID.toUpperCase()]) assert.ok(!sent.includes(secret), secret);
    assert.equal(r.headers['add-padding'], 'true');
  });

  it('case=ranges are cached per prefix and concurrent checks share one request', async () => {
    answer = { status: 200, body: rangeBody(0) };
    const p = policy();
    await Promise.all([p.validate(ID, PASSWORD), p.validate(ID, PASSWORD), p.validate('bob@example.org', PASSWORD)]);
    await p.validate(ID, PASSWORD);
    assert.equal(requests.length, 1);
    assert.equal(p.breachRequests, 1);
    await p.validate(ID, OTHER);
    assert.equal(requests.length, 2);
  });

  it('case=cache entries expire and the cache is bounded', async () => {
    let now = 0;
    const p = policy({}, { cacheTtlMs: 1000, cacheMaxPrefixes: 1, now: () => now });
    await p.validate(ID, PASSWORD);
    now = 999;
    await p.validate(ID, PASSWORD);
    assert.equal(requests.length, 1);
    now = 1000;
    await p.validate(ID, PASSWORD);
    assert.equal(requests.length, 2);
    // A second prefix evicts the first.
    await p.validate(ID, OTHER);
    await p.validate(ID, PASSWORD);
    assert.equal(requests.length, 4);
  });

  it('case=server down, ignore_network_errors=true accepts', async () => {
    const dead = await deadHost();
    await policy({ haveibeenpwnedHost: dead }).validate(ID, PASSWORD);
  });

  it('case=server down, ignore_network_errors=false rejects with the network error text', async () => {
    const dead = await deadHost();
    const reason = await rejectionReason(policy({ haveibeenpwnedHost: dead, ignoreNetworkErrors: false }).validate(ID, PASSWORD));
    assert.ok(reason.startsWith(`Get "http://${dead}/range/${PREFIX}": `), reason);
    assert.ok(reason.endsWith(`: ${NETWORK_FAILURE_TEXT}`), reason);
    assert.match(reason, /ECONNREFUSED/);
  });

  it('case=non-200 accepted when ignoring network errors, rejected otherwise', async () => {
    answer = { status: 503, body: 'try later' };
    await policy().validate(ID, PASSWORD);
    assert.equal(await rejectionReason(policy({ ignoreNetworkErrors: false }).validate(ID, PASSWORD)), '503: unexpected status code');
  });

  it('case=failed lookups are not cached', async () => {
    const p = policy({ ignoreNetworkErrors: false });
    answer = { status: 500, body: '' };
    await rejectionReason(p.validate(ID, PASSWORD));
    answer = { status: 200, body: rangeBody(0) };
    await p.validate(ID, PASSWORD);
    assert.equal(requests.length, 2);
  });

  it('case=timeout counts as a network error', async () => {
    answer = 'hang';
    await policy({}, { timeoutMs: 150 }).validate(ID, PASSWORD);
    const reason = await rejectionReason(policy({ ignoreNetworkErrors: false }, { timeoutMs: 150 }).validate(ID, PASSWORD));
    assert.ok(reason.endsWith(NETWORK_FAILURE_TEXT), reason);
    assert.match(reason, /timeout after 150ms/);
  });

  it('case=a 200 answer that is not a range list is an internal error even when ignoring network errors', async () => {
    answer = { status: 200, body: '<html>captive portal</html>' };
    await assert.rejects(policy().validate(ID, PASSWORD), (err: unknown) => {
      assert.ok(err instanceof GatehouseError);
      assert.equal(err.status, 500);
      assert.match(err.fields.reason ?? '', /^Expected password hash from remote to contain two parts separated by a double dot/);
      return true;
    });
  });

  it('case=local rules run before any request', async () => {
    answer = { status: 200, body: rangeBody(5) };
    await rejectionReason(policy().validate(ID, 'short'));
    await rejectionReason(policy().validate(ID, ID));
    assert.equal(requests.length, 0);
  });
});

describe('parseRange', () => {
  it('case=parses suffix:count rows, ignoring zero-count padding and a final newline', () => {
    const counts = parseRange(`${SUFFIX.toLowerCase()}:7\r\nFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0\r\n`);
    assert.deepEqual([...counts], [[SUFFIX, 7]]);
  });

  it('case=count that is not an integer is an internal error', () => {
    assert.throws(
      () => parseRange(`${SUFFIX}:many`),
      (err: unknown) => err instanceof GatehouseError && err.fields.reason === 'Expected password hash to contain a count formatted as int but got: many',
    );
  });
});
