import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Configuration, V0alpha2Api } from '@ory/kratos-client';
import { assertMatchesOperation } from '../helpers/openapi.js';
import { createIdentity, DIALECTS, request, SESSION_COOKIE, useGatehouse } from '../helpers/server.js';

for (const dialect of DIALECTS) {
  describe(`logout dialect=${dialect}`, () => {
    const gh = useGatehouse({ dialect });

    const whoami = (headers: Record<string, string>) => request('GET', new URL('sessions/whoami', gh.publicUrl), { headers });

    test('case=browser logout with the logout URL revokes the session and deletes the cookie type=browser', async () => {
      const identity = await createIdentity(gh);
      const s = await gh.issueSession(identity.id);
      const cookie = `${SESSION_COOKIE}=${s.cookie}`;
      const urlRes = await request('GET', new URL('self-service/logout/browser', gh.publicUrl), { headers: { cookie } });
      assert.equal(urlRes.status, 200);
      assertMatchesOperation('createSelfServiceLogoutFlowUrlForBrowsers', 200, urlRes.json);
      const { logout_url, logout_token } = urlRes.json as { logout_url: string; logout_token: string };
      assert.match(logout_token, /^[A-Za-z0-9]{32}$/);
      assert.equal(logout_url, `${gh.publicUrl}self-service/logout?token=${logout_token}`);

      const wrong = await request('GET', `${gh.publicUrl}self-service/logout?token=${'x'.repeat(32)}`, {
        headers: { cookie, accept: 'application/json' },
      });
      assert.equal(wrong.status, 403);
      assert.equal((await whoami({ cookie })).status, 200, 'a wrong logout token revokes nothing');

      const out = await request('GET', logout_url, { headers: { cookie } });
      assert.equal(out.status, 303);
      assert.equal(out.headers.get('location'), gh.config.selfservice && (gh.config.selfservice as { default_browser_return_url: string }).default_browser_return_url);
      const setCookie = out.headers.getSetCookie();
      assert.ok(setCookie.some((c) => c.startsWith(`${SESSION_COOKIE}=;`) && /Max-Age=0/.test(c)), 'session cookie deleted');
      assert.ok(setCookie.some((c) => c.startsWith('csrf_token_')), 'CSRF cookie rotated');
      assert.equal((await whoami({ cookie })).status, 401);
    });

    test('case=browser logout answers 204 to JSON requests type=spa', async () => {
      const identity = await createIdentity(gh);
      const s = await gh.issueSession(identity.id);
      const cookie = `${SESSION_COOKIE}=${s.cookie}`;
      const { logout_token } = (await request('GET', new URL('self-service/logout/browser', gh.publicUrl), { headers: { cookie } })).json as {
        logout_token: string;
      };
      const out = await request('GET', `${gh.publicUrl}self-service/logout?token=${logout_token}`, {
        headers: { cookie, accept: 'application/json' },
      });
      assert.equal(out.status, 204);
      assert.equal((await whoami({ cookie })).status, 401);
    });

    test('case=logout errors: no token 400, no session 401, foreign return_to 400', async () => {
      const noToken = await request('GET', `${gh.publicUrl}self-service/logout`, { headers: { accept: 'application/json' } });
      assert.equal(noToken.status, 400);
      assert.equal((noToken.json as { error: { reason: string } }).error.reason, 'Please include a token in the URL query.');
      const noSession = await request('GET', `${gh.publicUrl}self-service/logout?token=abc`, { headers: { accept: 'application/json' } });
      assert.equal(noSession.status, 401);
      assert.equal((noSession.json as { error: { id: string } }).error.id, 'session_inactive');
      const browser = await request('GET', `${gh.publicUrl}self-service/logout?token=abc`);
      assert.equal(browser.status, 302, 'browsers are sent to the error UI');
      assert.match(browser.headers.get('location') ?? '', /[?&]id=[0-9a-f-]{36}$/);
      const errId = new URL(browser.headers.get('location') ?? '').searchParams.get('id');
      const stored = await request('GET', `${gh.publicUrl}self-service/errors?id=${errId}`);
      assert.equal(stored.status, 200);
      assert.equal((stored.json as { error: { code: number } }).error.code, 401);

      const identity = await createIdentity(gh);
      const s = await gh.issueSession(identity.id);
      const cookie = `${SESSION_COOKIE}=${s.cookie}`;
      const lt = ((await request('GET', new URL('self-service/logout/browser', gh.publicUrl), { headers: { cookie } })).json as { logout_token: string })
        .logout_token;
      const evil = await request('GET', `${gh.publicUrl}self-service/logout?token=${lt}&return_to=${encodeURIComponent('https://evil.example/')}`, {
        headers: { cookie, accept: 'application/json' },
      });
      assert.equal(evil.status, 400);
      assert.equal((evil.json as { error: { id: string } }).error.id, 'self_service_flow_return_to_forbidden');
      assert.equal((await whoami({ cookie })).status, 200, 'a refused return_to revokes nothing');
    });

    test('case=API logout revokes the token through the real client type=api', async () => {
      const identity = await createIdentity(gh);
      const s = await gh.issueSession(identity.id);
      const api = new V0alpha2Api(new Configuration({ basePath: gh.publicUrl.replace(/\/$/, '') }));
      const res = await api.submitSelfServiceLogoutFlowWithoutBrowser({ session_token: s.token });
      assert.equal(res.status, 204);
      assert.equal((await whoami({ 'x-session-token': s.token })).status, 401);
      const again = await request('DELETE', new URL('self-service/logout/api', gh.publicUrl), {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session_token: s.token }),
      });
      assert.equal(again.status, 204, 'an already revoked token still answers 204');
      const unknown = await request('DELETE', new URL('self-service/logout/api', gh.publicUrl), {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session_token: 'nope' }),
      });
      assert.equal(unknown.status, 403);
      const form = await request('DELETE', new URL('self-service/logout/api', gh.publicUrl), {
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });
      assert.equal(form.status, 400);
      const empty = await request('DELETE', new URL('self-service/logout/api', gh.publicUrl), { headers: { 'content-type': 'application/json' } });
      assert.equal(empty.status, 400);
    });
  });
}
