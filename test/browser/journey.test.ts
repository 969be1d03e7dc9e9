/**
 * The built-in UI in headless Chromium, as a person uses it: the journey of the issue
 * (register → verify from the mailbox → sign out → wrong password → sign in → change a trait and
 * the password → sign out → recover from the emailed link → sign in with the new password), a
 * return_to case and a CSRF failure. Every page passes axe (no serious or critical violation),
 * logs no error, loads nothing from outside the machine, and is saved as a screenshot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIALECTS } from '../helpers/server.js';
import { freshEmail, strongPassword } from '../flows/support.js';
import { SUBJECTS } from '../webui/mail.js';
import { useUiServer } from '../webui/support.js';
import { checkAccessibility, DESKTOP, guardedPage, launchChromium, screenshot, type PageProblems } from './support.js';
import { openMail, savePassword, signIn, signOut } from './steps.js';

/** `name` of the focused element. */
const activeName = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.name');

// One dialect: the browser adds nothing dialect-specific; test/webui runs the same journey on both.
const dialect = DIALECTS.includes('sqlite') ? 'sqlite' : DIALECTS[0];

describe(`webui in Chromium (${dialect})`, { skip: dialect === undefined }, () => {
  const s = useUiServer(dialect ?? 'sqlite');
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  /** Checks the page a person now sees: no errors, accessible, and saves it. */
  const look = async (name: string) => {
    await page.waitForLoadState('load');
    assert.deepEqual(problems.errors, [], `problems on ${name}`);
    await checkAccessibility(page, name);
    await screenshot(page, name);
  };

  before(async () => {
    browser = await launchChromium();
    context = await browser.newContext(DESKTOP);
    ({ page, problems } = await guardedPage(context));
    page.setDefaultTimeout(15_000);
  });
  after(async () => {
    await browser?.close();
  });

  const email = freshEmail('Browser').toLowerCase();
  const password = strongPassword();
  let password2 = '';
  let password3 = '';

  it('case=register and verify the address from the mailbox', async () => {
    await page.goto(`${s.ui}/`);
    await look('01-home-signed-out');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL(/\/ui\/registration\?flow=/);
    await look('02-registration');
    await page.getByLabel('E-Mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('First Name').fill('Ada');
    await page.getByLabel('Last Name').fill('Lovelace');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${s.ui}/`);
    await page.getByText('You are signed in.').waitFor();
    await page.getByText('not verified').waitFor();
    await look('03-home-signed-in-unverified');

    await openMail(page, s.ui, email, SUBJECTS.verification);
    await look('04-mailbox');
    await page.locator('article.mail').first().getByRole('link').first().click();
    await page.waitForURL(/\/ui\/verification\?flow=/);
    await page.locator('[data-testid="ui/message/1080002"]').waitFor();
    await look('05-verification-done');
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByText('verified', { exact: true }).waitFor();
  });

  it('case=sign out, a wrong password is explained, then sign in with the keyboard only', async () => {
    await signOut(page, s.ui);
    await page.goto(`${s.ui}/login`);
    await look('06-login');
    await page.getByLabel('ID').fill(email);
    await page.getByLabel('Password').fill('not-the-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.locator('[data-testid="ui/message/4000006"]').waitFor();
    assert.match(await page.title(), /^Error: /);
    await look('07-login-wrong-password');

    // Keyboard only: Tab to the identifier, type, Tab to the password, type, Enter.
    await page.getByLabel('ID').fill('');
    await page.locator('body').focus();
    for (let i = 0; i < 10 && (await activeName(page)) !== 'password_identifier'; i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await activeName(page), 'password_identifier');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    assert.equal(await activeName(page), 'password');
    await page.keyboard.type(password);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<string | undefined>('document.activeElement?.textContent?.trim()'), 'Sign in');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${s.ui}/`);
    await page.getByText('You are signed in.').waitFor();
  });

  it('case=change a trait and the password in settings', async () => {
    await page.getByRole('link', { name: 'Account settings' }).click();
    await page.waitForURL(/\/ui\/settings\?flow=/);
    await look('08-settings');
    const profile = page.locator('form[data-group="profile"]');
    await profile.getByLabel('First Name').fill('Augusta');
    await profile.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid="ui/message/1050001"]').waitFor();
    assert.equal(await page.locator('form[data-group="profile"]').getByLabel('First Name').inputValue(), 'Augusta');
    await look('09-settings-saved');

    password2 = strongPassword();
    await savePassword(page, password2);
    await page.goto(`${s.ui}/`);
    await page.getByText('Augusta').waitFor();
  });

  it('case=recover the account from the emailed link and sign in with the new password', async () => {
    await signOut(page, s.ui);
    await page.goto(`${s.ui}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(/\/ui\/recovery\?flow=/);
    await look('10-recovery');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.locator('[data-testid="ui/message/1060002"]').waitFor();
    await look('11-recovery-sent');
    await page.getByRole('link', { name: 'Open the development mailbox' }).click();

    await openMail(page, s.ui, email, SUBJECTS.recovery);
    await page.locator('article.mail', { hasText: SUBJECTS.recovery }).first().getByRole('link').first().click();
    await page.waitForURL(/\/ui\/settings\?flow=/);
    await page.locator('[data-testid="ui/message/1060001"]').waitFor();
    await look('12-settings-after-recovery');
    password3 = strongPassword();
    await savePassword(page, password3);

    await signOut(page, s.ui);
    await signIn(page, s.ui, email, password2);
    await page.locator('[data-testid="ui/message/4000006"]').waitFor();
    await signIn(page, s.ui, email, password3);
    await page.waitForURL(`${s.ui}/`);
    await page.getByText('You are signed in.').waitFor();
    await look('13-home-after-recovery');
  });

  it('case=return_to: signing in from a link that asks to come back lands there; a foreign target is refused', async () => {
    await signOut(page, s.ui);
    await page.goto(`${s.ui}/login?return_to=${encodeURIComponent(`${s.ui}/settings`)}`);
    const toRegistration = await page.getByRole('link', { name: 'Create an account' }).getAttribute('href');
    assert.equal(toRegistration, `/ui/registration?return_to=${encodeURIComponent(`${s.ui}/settings`)}`);
    await page.getByLabel('ID').fill(email);
    await page.getByLabel('Password').fill(password3);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/ui\/settings\?flow=/);

    await signOut(page, s.ui);
    await page.goto(`${s.ui}/login?return_to=${encodeURIComponent('https://evil.example/steal')}`);
    await page.waitForURL(/\/ui\/error\?id=/);
    await page.getByText('The page you asked to return to afterwards is not allowed.').waitFor();
    await look('14-error-return-to');
  });

  it('case=CSRF: a form sent after the cookies were cleared is refused and can be started again', async () => {
    await page.goto(`${s.ui}/login`);
    await context.clearCookies();
    await page.getByLabel('ID').fill(email);
    await page.getByLabel('Password').fill(password3);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/ui\/error\?id=/);
    await page.getByRole('alert').getByText('Your request was blocked to protect your account').waitFor();
    await look('15-error-csrf');
    await page.getByRole('link', { name: 'Start again' }).click();
    await page.waitForURL(/\/ui\/login\?flow=/);
    await signIn(page, s.ui, email, password3);
    await page.waitForURL(`${s.ui}/`);
  });
});
