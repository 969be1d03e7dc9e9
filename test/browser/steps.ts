/** Steps the browser suites share: signing in and out, opening a mail in the mailbox. */
import type { Page } from 'playwright-core';

/** Signs out from the home page when signed in. */
export async function signOut(page: Page, ui: string): Promise<void> {
  await page.goto(`${ui}/`);
  const link = page.getByRole('link', { name: 'Sign out' });
  if ((await link.count()) > 0) {
    await link.click();
    await page.getByText('You are not signed in.').waitFor();
  }
}

/** Fills and sends the login form (English labels). */
export async function signIn(page: Page, ui: string, email: string, password: string): Promise<void> {
  if (!/\/ui\/login\?flow=/.test(page.url())) await page.goto(`${ui}/login`);
  await page.getByLabel('ID').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

/** Opens the mailbox and reloads it until a mail with `subject` to `email` is listed (newest first). */
export async function openMail(page: Page, ui: string, email: string, subject: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!page.url().startsWith(`${ui}/mailbox`)) await page.goto(`${ui}/mailbox`);
    else await page.reload();
    const found = page.locator('article.mail', { hasText: subject }).filter({ hasText: email });
    if ((await found.count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${email} in the mailbox`);
    await page.waitForTimeout(250);
  }
}

/** On a settings page: sets a new password with the password form and waits for "saved". */
export async function savePassword(page: Page, password: string): Promise<void> {
  const form = page.locator('form[data-group="password"]');
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Save' }).click();
  await page.locator('[data-testid="ui/message/1050001"]').waitFor();
}
