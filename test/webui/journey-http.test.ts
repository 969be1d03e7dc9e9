/**
 * The whole journey of the issue through the built-in UI with JavaScript off: plain HTTP
 * requests, a cookie jar, the HTML forms as the pages render them and the development mailbox.
 * Register → verify from the mailbox → sign out → wrong password → sign in → change a trait and
 * the password → sign out → recover from the emailed link → set a new password → sign in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Browser } from '../helpers/browser.js';
import { DIALECTS } from '../helpers/server.js';
import { freshEmail, strongPassword } from '../flows/support.js';
import { formOf, submitForm, tagAttributes } from './forms.js';
import { SUBJECTS, waitForMailLink } from './mail.js';
import { follow, open, useUiServer } from './support.js';

const testId = (id: number) => `data-testid="ui/message/${id}"`;

function logoutLink(html: string): string {
  const a = [...html.matchAll(/<a\b[^>]*>/g)].map((m) => tagAttributes(m[0])).find((x) => x.href?.includes('/self-service/logout?token='));
  assert.ok(a?.href, 'the home page links to the logout URL');
  return a.href;
}

for (const dialect of DIALECTS) {
  describe(`webui journey over plain HTTP (${dialect})`, () => {
    const s = useUiServer(dialect);

    it('case=register-verify-login-settings-recovery type=browser (no JavaScript)', async () => {
      const b = new Browser();
      const email = freshEmail('Ui');
      const password = strongPassword();

      // Registration: the page starts the flow and renders its form.
      let page = await open(b, `${s.ui}/registration`);
      assert.equal(page.res.status, 200);
      assert.match(page.url, /\/ui\/registration\?flow=[0-9a-f-]{36}$/);
      assert.match(page.hops[0] as string, /\/self-service\/registration\/browser$/);
      const reg = formOf(page.res.text, 'password');
      assert.match(reg.action, /\/self-service\/registration\?flow=/);
      let res = await submitForm(b, reg, { 'traits.email': email, password, 'traits.name.first': 'Ada', 'traits.name.last': 'Lovelace' });
      page = await follow(b, res, reg.action);
      assert.equal(page.url, `${s.ui}/`);
      assert.match(page.res.text, /You are signed in\./);
      assert.match(page.res.text, /badge-warn">not verified</);

      // Verification from the mailbox.
      const verifyLink = await waitForMailLink(b, s.ui, email, SUBJECTS.verification);
      page = await open(b, verifyLink);
      assert.match(page.url, /\/ui\/verification\?flow=/);
      assert.ok(page.res.text.includes(testId(1080002)), 'verification succeeded');
      page = await open(b, `${s.ui}/`);
      assert.match(page.res.text, /badge-ok">verified</);

      // Sign out.
      page = await open(b, logoutLink(page.res.text));
      assert.equal(page.url, `${s.ui}/`);
      assert.match(page.res.text, /You are not signed in\./);

      // A wrong password shows the message on the login page.
      page = await open(b, `${s.ui}/login`);
      res = await submitForm(b, formOf(page.res.text, 'password'), { password_identifier: email, password: 'wrong-password-123' });
      page = await follow(b, res, s.publicUrl);
      assert.match(page.url, /\/ui\/login\?flow=/);
      assert.match(page.res.text, /<div class="flow-messages" role="alert"[^>]*><p class="msg msg-error" data-testid="ui\/message\/4000006">/);

      // Sign in.
      res = await submitForm(b, formOf(page.res.text, 'password'), { password_identifier: email, password });
      page = await follow(b, res, s.publicUrl);
      assert.equal(page.url, `${s.ui}/`);
      assert.match(page.res.text, /Ada/);

      // Settings: a trait, then the password, each from its own form.
      page = await open(b, `${s.ui}/settings`);
      assert.match(page.url, /\/ui\/settings\?flow=/);
      res = await submitForm(b, formOf(page.res.text, 'profile'), { 'traits.name.first': 'Augusta' });
      page = await follow(b, res, s.publicUrl);
      assert.ok(page.res.text.includes(testId(1050001)), 'profile saved');
      assert.match(page.res.text, /value="Augusta"/);
      const password2 = strongPassword();
      res = await submitForm(b, formOf(page.res.text, 'password'), { password: password2 });
      page = await follow(b, res, s.publicUrl);
      assert.ok(page.res.text.includes(testId(1050001)), 'password saved');
      page = await open(b, logoutLink((await open(b, `${s.ui}/`)).res.text));

      // Recovery from the emailed link, then a new password in settings.
      page = await open(b, `${s.ui}/recovery`);
      res = await submitForm(b, formOf(page.res.text, 'link'), { email });
      page = await follow(b, res, s.publicUrl);
      assert.ok(page.res.text.includes(testId(1060002)), 'recovery email sent');
      assert.match(page.res.text, /href="\/ui\/mailbox"/);
      page = await open(b, await waitForMailLink(b, s.ui, email, SUBJECTS.recovery));
      assert.match(page.url, /\/ui\/settings\?flow=/);
      assert.ok(page.res.text.includes(testId(1060001)), 'recovered');
      const password3 = strongPassword();
      res = await submitForm(b, formOf(page.res.text, 'password'), { password: password3 });
      page = await follow(b, res, s.publicUrl);
      assert.ok(page.res.text.includes(testId(1050001)));
      page = await open(b, logoutLink((await open(b, `${s.ui}/`)).res.text));

      // The old password fails, the new one works.
      for (const [pw, ok] of [[password2, false], [password3, true]] as const) {
        page = await open(b, `${s.ui}/login`);
        res = await submitForm(b, formOf(page.res.text, 'password'), { password_identifier: email, password: pw });
        page = await follow(b, res, s.publicUrl);
        if (ok) assert.match(page.res.text, /You are signed in\./);
        else assert.ok(page.res.text.includes(testId(4000006)));
      }
    });
  });
}
