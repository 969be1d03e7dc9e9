/**
 * The five flow pages (`/ui/login`, `/ui/registration`, `/ui/settings`, `/ui/recovery`,
 * `/ui/verification`). Without `?flow=` a page sends the browser to the flow's init endpoint,
 * which creates the flow, sets the anti-CSRF cookie and comes back with `?flow=`. With it, the
 * page fetches the flow and renders its `ui` generically; the forms post straight to the API.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SelfServiceFlowOfKind } from '../../client/index.js';
import { seeOther, sendHtml, uiRequest, type UiApp, type UiRequest } from '../context.js';
import { html, type SafeHtml } from '../html.js';
import { inlineHandlers, renderFlowForms, renderFlowMessages } from '../render/flow.js';
import { renderPage } from '../render/layout.js';
import { errorBody } from './error-page.js';
import { initUrl, loadFlow, type FlowKind } from './load-flow.js';

type AnyFlow = SelfServiceFlowOfKind[FlowKind];

function titleKey(kind: FlowKind, flow: AnyFlow): string {
  if (kind === 'login' && 'refresh' in flow) {
    if (flow.requested_aal === 'aal2') return 'ui.page.login.aal2.title';
    if (flow.refresh) return 'ui.page.login.refresh.title';
  }
  return `ui.page.${kind}.title`;
}

function withReturnTo(path: string, returnTo: string | undefined): string {
  return returnTo ? `${path}?${new URLSearchParams({ return_to: returnTo }).toString()}` : path;
}

/** Points to the development mailbox, when there is one. */
export function mailboxHint(app: UiApp, r: UiRequest): SafeHtml {
  if (!app.mailbox) return html``;
  return html`<p class="hint">${r.t.t('ui.mailbox.hint')} <a href="${app.shell.basePath}/mailbox">${r.t.t('ui.link.mailbox')}</a></p>`;
}

/** Links under the forms: to the neighbouring flows and back home. */
function links(app: UiApp, kind: FlowKind, flow: AnyFlow, r: UiRequest): SafeHtml {
  const t = r.t;
  const base = app.shell.basePath;
  const state = 'state' in flow ? flow.state : undefined;
  const items: SafeHtml[] = [];
  if (kind === 'login' && !('refresh' in flow && (flow.refresh || flow.requested_aal === 'aal2'))) {
    items.push(html`<p>${t.t('ui.link.registration.prompt')} <a href="${withReturnTo(`${base}/registration`, flow.return_to)}">${t.t('ui.link.registration')}</a></p>`);
    if (app.recoveryEnabled) items.push(html`<p><a href="${base}/recovery">${t.t('ui.link.recovery')}</a></p>`);
  } else if (kind === 'registration') {
    items.push(html`<p>${t.t('ui.link.login.prompt')} <a href="${withReturnTo(`${base}/login`, flow.return_to)}">${t.t('ui.link.login')}</a></p>`);
  } else if (kind === 'recovery') {
    if (state === 'sent_email') items.push(mailboxHint(app, r));
    items.push(html`<p><a href="${base}/login">${t.t('ui.link.back_to_login')}</a></p>`);
  } else if (kind === 'verification') {
    if (state === 'sent_email') items.push(mailboxHint(app, r));
    if (state === 'passed_challenge') items.push(html`<p><a class="button button-primary" href="${base}/">${t.t('ui.link.continue')}</a></p>`);
    else items.push(html`<p><a href="${base}/">${t.t('ui.link.home')}</a></p>`);
  } else {
    items.push(html`<p><a href="${base}/">${t.t('ui.link.home')}</a></p>`);
  }
  return html`<nav class="links" aria-label="${t.t('ui.nav.label')}">${items}</nav>`;
}

/** Renders a loaded flow as a full page. */
export function renderFlowPage(app: UiApp, kind: FlowKind, flow: AnyFlow, r: UiRequest): { body: string; handlers: string[] } {
  const ids = new Set<string>(['main']);
  const layout = kind === 'settings' ? 'headings' : kind === 'login' || kind === 'registration' ? 'divider' : 'plain';
  const hasError = [...(flow.ui.messages ?? []), ...flow.ui.nodes.flatMap((n) => n.messages)].some((m) => m.type === 'error');
  // A passed challenge is done: its form would only start a new flow that says so.
  const done = 'state' in flow && flow.state === 'passed_challenge';
  const forms = done ? html`` : renderFlowForms(flow.ui, { t: r.t, flow: kind, ids, layout });
  const body = html`${renderFlowMessages(flow.ui.messages, r.t)}${forms}${links(app, kind, flow, r)}`;
  const page = renderPage(app.shell, r.t, { title: r.t.t(titleKey(kind, flow)), body, hasError });
  return { body: page, handlers: inlineHandlers(flow.ui.nodes) };
}

/** The route handler of one flow page. */
export function flowPageHandler(app: UiApp, kind: FlowKind) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const r = uiRequest(app, req);
    const id = r.query.flow;
    if (!id) return seeOther(reply, initUrl(app, kind, r.query));
    const loaded = await loadFlow(app, kind, id, r);
    if (loaded.kind === 'redirect') return seeOther(reply, loaded.to);
    if (loaded.kind === 'error') {
      const body = errorBody(app, r, { messageKey: loaded.messageKey, vars: loaded.vars, detail: loaded.detail, restart: loaded.restart });
      return sendHtml(app, reply, loaded.status, renderPage(app.shell, r.t, { title: r.t.t('ui.page.error.title'), body, hasError: true }));
    }
    const page = renderFlowPage(app, kind, loaded.flow, r);
    return sendHtml(app, reply, 200, page.body, page.handlers);
  };
}
