/**
 * `/ui/error?id=`: the server's error UI. The stored error is read through the client
 * (`getSelfServiceError`); known error ids get a plain-language explanation, the server's own
 * words stay available under "Technical details". "Start again" restarts the flow page the
 * browser came from (its `Referer`), else leads home.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isGatehouseApiError, type GenericError } from '../../client/index.js';
import { sendHtml, uiRequest, type UiApp, type UiRequest } from '../context.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../render/layout.js';

/** What an error page says. */
export interface ErrorView {
  /** `ui.*` key of the explanation. */
  messageKey: string;
  vars?: Record<string, string | number> | undefined;
  /** Server wording, shown under "Technical details". */
  detail?: string | undefined;
  error?: GenericError | undefined;
  /** Where "Start again" leads. */
  restart: string;
}

/** The body of an error page (also used by flow pages that cannot show their flow). */
export function errorBody(app: UiApp, r: UiRequest, v: ErrorView): SafeHtml {
  const t = r.t;
  const rows: [string, string | number | undefined][] = v.error
    ? [
        ['id', v.error.id],
        ['code', v.error.code],
        ['message', v.error.message],
        ['reason', v.error.reason],
      ]
    : [['reason', v.detail]];
  const shown = rows.filter((row): row is [string, string | number] => row[1] !== undefined && row[1] !== '');
  const details = shown.length
    ? html`<details class="error-details"><summary>${t.t('ui.error.details')}</summary><dl>${shown.map(([k, val]) => html`<dt>${k}</dt><dd>${val}</dd>`)}</dl></details>`
    : html``;
  return html`<div class="flow-messages" role="alert"><p class="msg msg-error">${t.t(v.messageKey, v.vars ?? {})}</p></div>
${details}
<p class="actions"><a class="button button-primary" href="${v.restart}">${t.t('ui.link.restart')}</a></p>
<nav class="links" aria-label="${t.t('ui.nav.label')}"><p><a href="${app.shell.basePath}/">${t.t('ui.link.home')}</a></p></nav>`;
}

const FLOW_PAGES = ['login', 'registration', 'settings', 'recovery', 'verification'];

/** The flow page the browser came from (same origin, under the UI), restarted; else the home page. */
export function restartTarget(app: UiApp, referer: string | undefined, requestOrigin: string | undefined): string {
  const home = `${app.shell.basePath}/`;
  if (!referer) return home;
  try {
    const from = new URL(referer);
    if (requestOrigin !== undefined && from.origin !== requestOrigin && from.origin !== app.publicBase.origin) return home;
    const prefix = `${app.shell.basePath}/`;
    if (!from.pathname.startsWith(prefix)) return home;
    const page = from.pathname.slice(prefix.length);
    return FLOW_PAGES.includes(page) ? `${app.shell.basePath}/${page}` : home;
  } catch {
    return home;
  }
}

/** The `/ui/error` route handler. */
export function errorPageHandler(app: UiApp) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const r = uiRequest(app, req);
    const origin = req.headers.host ? `${app.publicBase.protocol}//${req.headers.host}` : undefined;
    const restart = restartTarget(app, r.referer, origin);
    let view: ErrorView = { messageKey: 'ui.error.unknown', restart };
    let status = 404;
    const id = r.query.id;
    if (id) {
      try {
        const { data } = await app.client.getSelfServiceError(id, r.api);
        const key = data.error.id ? `ui.error.${data.error.id}` : '';
        view = { messageKey: key && r.t.maybe(key) ? key : 'ui.error.generic', error: data.error, restart };
        status = 200;
      } catch (e) {
        if (!isGatehouseApiError(e) || e.status !== 404) throw e;
      }
    }
    const body = errorBody(app, r, view);
    return sendHtml(app, reply, status, renderPage(app.shell, r.t, { title: r.t.t('ui.page.error.title'), body, hasError: true }));
  };
}
