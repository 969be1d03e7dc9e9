/**
 * The built-in UI on a phone-sized screen, in German (`Accept-Language`), and with JavaScript
 * switched off. Every page passes axe, fits the screen without sideways scrolling and is saved
 * as a screenshot (`phone-*.png`, `de-*.png`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../helpers/server.js';
import { freshEmail, strongPassword } from '../flows/support.js';
import { SUBJECTS } from '../webui/mail.js';
import { useUiServer } from '../webui/support.js';
import { assertNoHorizontalScroll, checkAccessibility, DESKTOP, guardedPage, launchChromium, PHONE, screenshot } from './support.js';
import { openMail, signIn, signOut } from './steps.js';

const dialect = DIALECTS.includes('sqlite') ? 'sqlite' : DIALECTS[0];

describe(`webui on a phone, in German, without JavaScript (${dialect})`, { skip: dialect === undefined }, () => {
  const s = useUiServer(dialect ?? 'sqlite');
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('case=phone viewport: every page fits the screen and passes axe', async () => {
    const context = await browser.newContext(PHONE);
    const { page, problems } = await guardedPage(context);
    page.setDefaultTimeout(15_000);
    const look = async (name: string) => {
      assert.deepEqual(problems.errors, [], `problems on ${name}`);
      await assertNoHorizontalScroll(page, name);
      await checkAccessibility(page, name);
      await screenshot(page, name);
    };
    const email = freshEmail('Phone').toLowerCase();
    const password = strongPassword();

    await page.goto(`${s.ui}/`);
    await look('phone-01-home-signed-out');
    await page.goto(`${s.ui}/registration`);
    await look('phone-02-registration');
    await page.getByLabel('E-Mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).tap();
    await page.waitForURL(`${s.ui}/`);
    await look('phone-03-home');
    await openMail(page, s.ui, email, SUBJECTS.verification);
    await look('phone-04-mailbox');
    await page.goto(`${s.ui}/settings`);
    await look('phone-05-settings');
    await signOut(page, s.ui);
    await signIn(page, s.ui, email, 'wrong-password-1234');
    await page.locator('[data-testid="ui/message/4000006"]').waitFor();
    await look('phone-06-login-error');
    await page.goto(`${s.ui}/recovery`);
    await look('phone-07-recovery');
    await page.goto(`${s.ui}/error?id=00000000-0000-4000-8000-000000000000`);
    await look('phone-08-error');
    await context.close();
  });

  it('case=German: Accept-Language picks the German texts, messages included', async () => {
    const context = await browser.newContext({ ...DESKTOP, locale: 'de-DE' });
    const { page, problems } = await guardedPage(context);
    await page.goto(`${s.ui}/login`);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    await page.getByLabel('Kennung').fill('niemand@example.org');
    await page.getByLabel('Passwort').fill('falsches-passwort-123');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('alert').getByText('Die Anmeldedaten sind ungültig.').waitFor();
    assert.match(await page.title(), /^Fehler: Anmelden/);
    assert.deepEqual(problems.errors, []);
    await checkAccessibility(page, 'de-login-error');
    await screenshot(page, 'de-01-login-error');
    await page.goto(`${s.ui}/registration`);
    await page.getByRole('button', { name: 'Registrieren' }).waitFor();
    await screenshot(page, 'de-02-registration');
    await context.close();
  });

  it('case=JavaScript disabled: register, sign out and sign in', async () => {
    const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    const email = freshEmail('NoJs').toLowerCase();
    const password = strongPassword();
    await page.goto(`${s.ui}/registration`);
    await page.getByLabel('E-Mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${s.ui}/`);
    await page.getByText('You are signed in.').waitFor();
    await signOut(page, s.ui);
    await signIn(page, s.ui, email, password);
    await page.waitForURL(`${s.ui}/`);
    await page.getByText('You are signed in.').waitFor();
    await screenshot(page, 'nojs-home');
    await context.close();
  });
});
