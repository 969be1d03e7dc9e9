/**
 * `/ui/`: who is signed in (`toSession`), their traits (labelled with the identity schema's
 * titles, read with `getJsonSchema`), their email addresses and whether they are verified, and
 * the way on: settings, verification, sign-out (`createSelfServiceLogoutFlowUrlForBrowsers`).
 * Signed out, it offers sign-in and registration.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isGatehouseApiError, type Identity, type Session } from '../../client/index.js';
import { sendHtml, uiRequest, type UiApp, type UiRequest } from '../context.js';
import { html, safeUrl, type SafeHtml } from '../html.js';
import { renderPage } from '../render/layout.js';
import { mailboxHint } from './flow-page.js';

/** Leaf values of the traits as dotted paths, in document order. */
export function flattenTraits(value: unknown, prefix = ''): [string, string][] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => flattenTraits(v, `${prefix}.${i}`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flattenTraits(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, String(value)]];
}

/** Titles of the trait properties of an identity schema, by dotted path. */
export function traitTitles(schema: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown, path: string) => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { title?: unknown; properties?: Record<string, unknown> };
    if (path && typeof n.title === 'string' && n.title) out.set(path, n.title);
    for (const [k, v] of Object.entries(n.properties ?? {})) walk(v, path ? `${path}.${k}` : k);
  };
  const traits = (schema as { properties?: { traits?: unknown } } | null)?.properties?.traits;
  walk(traits, '');
  return out;
}

async function titlesFor(app: UiApp, identity: Identity, r: UiRequest): Promise<Map<string, string>> {
  try {
    return traitTitles((await app.client.getJsonSchema(identity.schema_id, r.api)).data);
  } catch {
    return new Map();
  }
}

function signedIn(app: UiApp, r: UiRequest, session: Session, titles: Map<string, string>, logoutUrl: string | undefined): SafeHtml {
  const t = r.t;
  const base = app.shell.basePath;
  const identity = session.identity;
  const traits = identity ? flattenTraits(identity.traits) : [];
  const addresses = identity?.verifiable_addresses ?? [];
  // The server does not know the browser's time zone; say which one the times are in.
  const format = new Intl.DateTimeFormat(t.lang, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  const time = (v: string) => format.format(new Date(v));
  const unverified = addresses.some((a) => !a.verified);
  const profile = html`<section aria-labelledby="home-profile"><h2 id="home-profile">${t.t('ui.home.profile')}</h2>
<dl class="facts">${traits.map(([k, v]) => html`<dt>${titles.get(k) ?? k}</dt><dd>${v}</dd>`)}</dl></section>`;
  const addressList = addresses.length
    ? html`<section aria-labelledby="home-addresses"><h2 id="home-addresses">${t.t('ui.home.addresses')}</h2><ul class="addresses">${addresses.map(
        (a) => html`<li><span class="address">${a.value}</span> <span class="badge ${a.verified ? 'badge-ok' : 'badge-warn'}">${a.verified ? t.t('ui.home.verified') : t.t('ui.home.unverified')}</span></li>`,
      )}</ul>${unverified && app.verificationEnabled ? html`<p class="hint">${t.t('ui.home.verify_hint')}</p>${mailboxHint(app, r)}<p><a href="${base}/verification">${t.t('ui.link.verification')}</a></p>` : html``}</section>`
    : html``;
  const sessionFacts = html`<section aria-labelledby="home-session"><h2 id="home-session">${t.t('ui.home.session')}</h2><dl class="facts">
<dt>${t.t('ui.home.authenticated_at')}</dt><dd>${time(session.authenticated_at)}</dd>
<dt>${t.t('ui.home.expires_at')}</dt><dd>${time(session.expires_at)}</dd>
<dt>${t.t('ui.home.aal')}</dt><dd>${session.authenticator_assurance_level}</dd></dl></section>`;
  const actions = html`<p class="actions"><a class="button button-primary" href="${base}/settings">${t.t('ui.link.settings')}</a>${
    logoutUrl ? html` <a class="button" href="${safeUrl(logoutUrl)}">${t.t('ui.link.logout')}</a>` : html``
  }</p>`;
  return html`<p class="lead">${t.t('ui.home.signed_in')}</p>${actions}${profile}${addressList}${sessionFacts}`;
}

function signedOut(app: UiApp, r: UiRequest): SafeHtml {
  const base = app.shell.basePath;
  return html`<p class="lead">${r.t.t('ui.home.signed_out')}</p>
<p class="actions"><a class="button button-primary" href="${base}/login">${r.t.t('ui.link.login')}</a> <a class="button" href="${base}/registration">${r.t.t('ui.link.registration')}</a></p>`;
}

/** The `/ui/` route handler. */
export function homeHandler(app: UiApp) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const r = uiRequest(app, req);
    let body: SafeHtml;
    let title = r.t.t('ui.page.home.title');
    try {
      const { data: session } = await app.client.toSession(undefined, r.cookie, r.api);
      const [titles, logout] = await Promise.all([
        session.identity ? titlesFor(app, session.identity, r) : Promise.resolve(new Map<string, string>()),
        app.client.createSelfServiceLogoutFlowUrlForBrowsers(r.cookie, r.api).then(
          (res) => res.data.logout_url,
          () => undefined,
        ),
      ]);
      body = signedIn(app, r, session, titles, logout);
    } catch (e) {
      if (!isGatehouseApiError(e, 'toSession') || (e.status !== 401 && e.status !== 403)) throw e;
      if (e.status === 403 && e.redirectBrowserTo) {
        body = html`<p class="lead">${r.t.t('ui.home.aal2_required')}</p><p class="actions"><a class="button button-primary" href="${safeUrl(e.redirectBrowserTo)}">${r.t.t('ui.home.aal2_link')}</a></p>`;
      } else {
        title = r.t.t('ui.page.home.signed_out.title');
        body = signedOut(app, r);
      }
    }
    return sendHtml(app, reply, 200, renderPage(app.shell, r.t, { title, body }));
  };
}
