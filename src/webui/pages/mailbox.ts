/**
 * `/ui/mailbox` (development only): the mails the loopback SMTP sink received, newest first,
 * with their links clickable so that a person can finish verification and recovery in the
 * browser without a mail server.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendHtml, uiRequest, type UiApp } from '../context.js';
import { html, safeUrl, type SafeHtml } from '../html.js';
import type { StoredMail } from '../mailbox/store.js';
import { renderPage } from '../render/layout.js';

const URL_RE = /https?:\/\/[^\s<>"']+/g;

/** Plain text with its http(s) URLs turned into links; everything else escaped. */
export function linkify(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const url = m[0].replace(/[).,;:!?]+$/, '');
    const at = m.index ?? 0;
    parts.push(html`${text.slice(last, at)}`, html`<a href="${safeUrl(url)}">${url}</a>`);
    last = at + url.length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}

function mail(m: StoredMail, lang: string, labels: { to: string; received: string }): SafeHtml {
  const when = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }).format(m.receivedAt);
  const headingId = `mail-${m.id}`;
  return html`<article class="mail" aria-labelledby="${headingId}">
<h2 id="${headingId}">${m.subject || '—'}</h2>
<dl class="facts"><dt>${labels.to}</dt><dd>${m.to.join(', ')}</dd><dt>${labels.received}</dt><dd><time datetime="${m.receivedAt.toISOString()}">${when}</time></dd></dl>
<pre class="mail-body">${linkify(m.text)}</pre>
</article>`;
}

/** The `/ui/mailbox` route handler. */
export function mailboxHandler(app: UiApp) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const r = uiRequest(app, req);
    const t = r.t;
    const mails = app.mailbox?.list() ?? [];
    const labels = { to: t.t('ui.mailbox.to'), received: t.t('ui.mailbox.received') };
    const body = html`<p>${t.t('ui.mailbox.intro')}</p>
<p class="actions"><a class="button" href="${app.shell.basePath}/mailbox">${t.t('ui.mailbox.refresh')}</a></p>
${mails.length ? mails.map((m) => mail(m, t.lang, labels)) : html`<p class="empty">${t.t('ui.mailbox.empty')}</p>`}`;
    return sendHtml(app, reply, 200, renderPage(app.shell, t, { title: t.t('ui.page.mailbox.title'), body, variant: 'wide', hideMailboxLink: true }));
  };
}
