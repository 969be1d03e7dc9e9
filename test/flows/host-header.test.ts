import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, test } from 'node:test';
import { DIALECTS } from '../helpers/server.js';
import { BASE_FLOW_CONFIG, useFlowServer } from './support.js';

/** A raw HTTP/1.1 GET with an arbitrary Host header (fetch would not send these). */
function getWithHost(url: string, host: string, accept: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const u = new URL(url);
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { host, accept } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

for (const dialect of DIALECTS) {
  describe(`host header dialect=${dialect}`, () => {
    const gh = useFlowServer(dialect, BASE_FLOW_CONFIG);

    // Regression: the flow's request_url was built from an unparsable Host and later parsed,
    // which answered 500.
    for (const host of ['a b', '%zz', 'a:99999', '[::1']) {
      test(`case=a Host header that makes no URL (${host}) still starts flows, never a 500`, async () => {
        for (const path of ['self-service/login/browser', 'self-service/registration/api', 'self-service/login/api']) {
          const res = await getWithHost(new URL(path, gh.publicUrl).href, host, 'application/json');
          assert.equal(res.status, 200, `${path}: ${res.body}`);
          const flow = JSON.parse(res.body) as { request_url: string };
          assert.ok(URL.canParse(flow.request_url), flow.request_url);
        }
      });
    }
  });
}
