/**
 * Headless Chromium for the UI suites: Debian's `/usr/bin/chromium` driven by playwright-core
 * (never a downloaded browser), axe-core checks, screenshots under
 * `test-artifacts/screenshots/`, and guards that fail a test when a page logs an error, breaks
 * its Content-Security-Policy or fetches anything that is not on this machine.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/server.js';

/** Where Debian installs Chromium (`apt-get install -y chromium`; test/run.mjs does it when missing). */
export const CHROMIUM = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';

/** The flags of shared/DEPENDENCIES.md. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOTS = join(REPO_ROOT, 'test-artifacts/screenshots');

/** Starts Chromium; fails with the install hint when it is missing. */
export async function launchChromium(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run "apt-get install -y chromium" (test/run.mjs does it for the browser suites)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A desktop-sized and a phone-sized viewport. */
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 860 }, locale: 'en-US' };
export const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' };

/** Problems a page reported: console errors, page errors, failed loads, requests that left the machine. */
export interface PageProblems {
  errors: string[];
}

/** A page whose console errors, uncaught errors and non-loopback requests are collected. */
export async function guardedPage(context: BrowserContext): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('console', (m) => {
    // Failed loads are judged below, where a page's own 403/404 can be told from a broken asset.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.errors.push(`console: ${m.text()}`);
  });
  page.on('response', (res) => {
    const document = res.request().resourceType() === 'document';
    if (res.status() >= 500 || (!document && res.status() >= 400)) problems.errors.push(`${res.status()} for ${res.url()}`);
  });
  page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:') return;
    if (url.hostname !== '127.0.0.1') problems.errors.push(`request left the machine: ${req.url()}`);
  });
  return { page, problems };
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.1 A/AA and best practices) on the page and fails on any serious or
 * critical violation. axe is evaluated through the DevTools protocol, so the page's strict CSP
 * stays on. Returns the milder findings for the log.
 */
export async function checkAccessibility(page: Page, name: string): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string: the callback runs in the page, whose DOM types this Node project does not load.
  const violations = await page.evaluate<AxeViolation[]>(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`);
  if (process.env.GATEHOUSE_AXE_REPORT) for (const v of violations) console.error(`axe ${name}: ${v.impact} ${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(severe, [], `axe found serious/critical violations on ${name} (${page.url()})`);
  return violations;
}

/** Saves a full-page screenshot as `test-artifacts/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Fails when the page scrolls sideways (content wider than the viewport). */
export async function assertNoHorizontalScroll(page: Page, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  );
  assert.ok(scrollWidth <= innerWidth, `${name}: the page is ${scrollWidth}px wide in a ${innerWidth}px viewport`);
}
