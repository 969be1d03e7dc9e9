/** The page shell every UI page shares: document head, header, main landmark, footer. */
import { html, type SafeHtml } from '../html.js';
import type { Translator } from '../i18n.js';

/** Links and switches the shell needs from the UI configuration. */
export interface Shell {
  /** Absolute path of the UI, e.g. `/ui` (no trailing slash). */
  basePath: string;
  /** URL of the stylesheet (with its content hash). */
  stylesheet: string;
  /** Show a link to the development mailbox. */
  mailbox: boolean;
}

/** What one page contributes to the shell. */
export interface PageContent {
  /** The `<h1>` and, with the brand, the `<title>`. */
  title: string;
  /** Main content below the heading. */
  body: SafeHtml;
  /** The `<title>` starts with "Error:" when the page shows an error (screen readers say it first). */
  hasError?: boolean;
  /** Extra class on `<main>`, e.g. `wide` for the mailbox. */
  variant?: 'wide';
  /** Leaves out the footer link to the mailbox (on the mailbox page itself). */
  hideMailboxLink?: boolean;
}

/** A complete HTML document. */
export function renderPage(shell: Shell, t: Translator, page: PageContent): string {
  const brand = t.t('ui.brand');
  const title = t.t(page.hasError ? 'ui.page.title.error' : 'ui.page.title', { page: page.title, brand });
  const footer = shell.mailbox && !page.hideMailboxLink
    ? html`<footer class="site-footer"><a href="${shell.basePath}/mailbox">${t.t('ui.page.mailbox.title')}</a></footer>`
    : html``;
  const doc = html`<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${shell.stylesheet}">
</head>
<body>
<header class="site-header"><a class="brand" href="${shell.basePath}/">${brand}</a></header>
<main id="main" class="card${page.variant ? ` card-${page.variant}` : ''}">
<h1>${page.title}</h1>
${page.body}
</main>
${footer}
</body>
</html>
`;
  return doc.value;
}
