/** Reading the development mailbox page (`/ui/mailbox`) as a test, over plain HTTP. */
import type { Browser } from '../helpers/browser.js';
import { decodeEntities, tagAttributes } from './forms.js';

export interface MailboxEntry {
  subject: string;
  to: string;
  links: string[];
}

/** The mails listed on a mailbox page, newest first. */
export function parseMailbox(html: string): MailboxEntry[] {
  const out: MailboxEntry[] = [];
  for (const m of html.matchAll(/<article class="mail"[\s\S]*?<\/article>/g)) {
    const block = m[0];
    const subject = decodeEntities(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(block)?.[1] ?? '');
    const to = decodeEntities(/<dd>([\s\S]*?)<\/dd>/.exec(block)?.[1] ?? '');
    const links = [...block.matchAll(/<a\b[^>]*>/g)].map((a) => tagAttributes(a[0]).href ?? '');
    out.push({ subject, to, links });
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the mailbox lists the `n`-th mail with `subject` to `address` (case-insensitive)
 * and returns its first link.
 */
export async function waitForMailLink(browser: Browser, ui: string, address: string, subject: string, n = 1, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await browser.get(`${ui}/mailbox`);
    const matching = parseMailbox(res.text)
      .filter((m) => m.subject.trim() === subject && m.to.toLowerCase() === address.toLowerCase())
      .reverse();
    const mail = matching[n - 1];
    if (mail?.links[0]) return mail.links[0];
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" #${n} to ${address} in the mailbox:\n${res.text.slice(0, 4000)}`);
    await sleep(200);
  }
}

/** Subjects of the built-in templates. */
export const SUBJECTS = { verification: 'Please verify your email address', recovery: 'Recover access to your account' } as const;
