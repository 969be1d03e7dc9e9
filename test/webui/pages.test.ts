/**
 * The UI pages over plain HTTP against a running server: hostile values stay text, languages
 * follow `Accept-Language`, flows that cannot be shown are restarted or explained, CSRF
 * failures end on the error page with a way back, and pages load nothing from elsewhere.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Browser } from '../helpers/browser.js';
import { DIALECTS, request } from '../helpers/server.js';
import { csrfCookieName, freshEmail } from '../flows/support.js';
import { formOf, submitForm, tagAttributes } from './forms.js';
import { follow, open, useUiServer } from './support.js';

const EVIL = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

/** Fails when the page contains a tag or attribute the UI never writes (an injection). */
function assertNoInjection(html: string): void {
  assert.doesNotMatch(html, /<script>|<img src=x/);
  const names = [...html.matchAll(/<[a-z]+\b[^>]*>/g)].flatMap((m) => Object.keys(tagAttributes(m[0])));
  assert.deepEqual(names.filter((n) => n.startsWith('on')), []);
}

for (const dialect of DIALECTS) {
  describe(`webui pages (${dialect})`, () => {
    const s = useUiServer(dialect);

    it('case=hostile traits are shown as text on the home and settings pages', async () => {
      const email = freshEmail('Evil');
      const created = await request('POST', new URL('identities', s.gh.adminUrl), {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ schema_id: 'default', traits: { email, name: { first: EVIL, last: 'Doe' } } }),
      });
      assert.equal(created.status, 201, created.text);
      const { cookie } = await s.gh.issueSession((created.json as { id: string }).id);
      const b = new Browser();
      b.jar.set('ory_kratos_session', cookie);
      const home = await open(b, `${s.ui}/`);
      assert.match(home.res.text, /<dd>&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;<\/dd>/);
      assertNoInjection(home.res.text);
      const settings = await open(b, `${s.ui}/settings`);
      assert.match(settings.url, /\/ui\/settings\?flow=/);
      assert.match(settings.res.text, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;"/);
      assertNoInjection(settings.res.text);
    });

    it('case=a hostile return_to is passed on encoded and refused by the server; the error page shows it as text', async () => {
      const b = new Browser();
      const first = await b.get(`${s.ui}/login?return_to=${encodeURIComponent(`https://evil.example/${EVIL}`)}&flow=`);
      assert.equal(first.status, 303);
      const init = new URL(first.location as string);
      assert.equal(init.pathname, '/self-service/login/browser');
      assert.equal(init.searchParams.get('return_to'), `https://evil.example/${EVIL}`);
      const page = await follow(b, first, `${s.ui}/login`);
      assert.match(page.url, /\/ui\/error\?id=/);
      assert.match(page.res.text, /The page you asked to return to afterwards is not allowed\./);
      assert.match(page.res.text, /self_service_flow_return_to_forbidden/);
      assertNoInjection(page.res.text);
    });

    it('case=Accept-Language chooses German, anything unknown English', async () => {
      const b = new Browser();
      const en = await open(b, `${s.ui}/login`);
      const flowUrl = en.url;
      const de = await b.get(flowUrl, { headers: { 'accept-language': 'de-CH, en;q=0.5' } });
      assert.match(de.text, /<html lang="de">/);
      assert.match(de.text, /<h1>Anmelden<\/h1>/);
      assert.match(de.text, /<button [^>]*value="password"[^>]*>Anmelden<\/button>/);
      assert.match(de.headers.get('vary') ?? '', /Accept-Language/);
      const fr = await b.get(flowUrl, { headers: { 'accept-language': 'fr-FR' } });
      assert.match(fr.text, /<html lang="en">/);
      assert.match(fr.text, /<h1>Sign in<\/h1>/);
    });

    it('case=flows that cannot be shown: unknown ids restart, settings without a session signs in first, another browser is told', async () => {
      const b = new Browser();
      const unknown = await b.get(`${s.ui}/login?flow=00000000-0000-4000-8000-000000000000`);
      assert.equal(unknown.status, 303);
      assert.equal(unknown.location, `${s.publicUrl}self-service/login/browser`);
      const unknownVerification = await b.get(`${s.ui}/verification?flow=00000000-0000-4000-8000-000000000000`);
      assert.equal(unknownVerification.location, `${s.publicUrl}self-service/verification/browser`);

      const settings = await b.get(`${s.ui}/settings?flow=00000000-0000-4000-8000-000000000000`);
      assert.equal(settings.status, 303);
      const login = new URL(settings.location as string);
      assert.equal(login.pathname, '/self-service/login/browser');
      assert.equal(login.searchParams.get('return_to'), `${s.publicUrl}self-service/settings/browser`);

      const mine = await open(b, `${s.ui}/registration`);
      const other = await new Browser().get(mine.url);
      assert.equal(other.status, 403);
      assert.match(other.text, /This form was opened in another browser session/);
      assert.match(other.text, /<a class="button button-primary" href="\/ui\/registration">Start again<\/a>/);

      const missingError = await b.get(`${s.ui}/error?id=00000000-0000-4000-8000-000000000000`);
      assert.equal(missingError.status, 404);
      assert.match(missingError.text, /This error is no longer available/);
    });

    it('case=CSRF: a form sent without the anti-CSRF cookie ends on the error page, which restarts that flow', async () => {
      const b = new Browser();
      const page = await open(b, `${s.ui}/login`);
      const form = formOf(page.res.text, 'password');
      b.jar.delete(csrfCookieName(s.publicUrl));
      const res = await submitForm(b, form, { password_identifier: 'someone@example.org', password: 'whatever-password' });
      assert.equal(res.status, 302);
      assert.match(res.location ?? '', /\/ui\/error\?id=/);
      const error = await b.get(new URL(res.location as string, s.publicUrl), { headers: { referer: page.url } });
      assert.match(error.text, /role="alert"><p class="msg msg-error">Your request was blocked to protect your account/);
      assert.match(error.text, /<dd>security_csrf_violation<\/dd>/);
      assert.match(error.text, /<a class="button button-primary" href="\/ui\/login">Start again<\/a>/);
      const elsewhere = await b.get(new URL(res.location as string, s.publicUrl), { headers: { referer: 'https://evil.example/ui/login' } });
      assert.match(elsewhere.text, /href="\/ui\/">Start again<\/a>/, 'a foreign Referer leads home');
    });

    it('case=pages carry a strict CSP, no external resources, and plain-text 404s outside the UI stay as they were', async () => {
      const b = new Browser();
      for (const path of ['/', '/login', '/registration', '/recovery', '/verification', '/mailbox']) {
        const page = await open(b, `${s.ui}${path}`);
        assert.equal(page.res.status, 200, path);
        const csp = page.res.headers.get('content-security-policy') ?? '';
        assert.match(csp, /default-src 'none'/);
        assert.match(csp, /frame-ancestors 'none'/);
        assert.equal(page.res.headers.get('x-content-type-options'), 'nosniff');
        const urls = [...page.res.text.matchAll(/(?:href|src|action)="(https?:[^"]*)"/g)].map((m) => new URL(m[1] as string).host);
        assert.deepEqual(urls.filter((h) => h !== new URL(s.publicUrl).host), [], `${path} links elsewhere`);
        assert.doesNotMatch(page.res.text, /<script\b/, `${path} needs no script`);
      }
      const notUi = await b.get(`${s.publicUrl}uix/`);
      assert.equal(notUi.status, 404);
      assert.equal(notUi.text, '404 page not found\n');
    });
  });
}
