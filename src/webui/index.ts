/**
 * The built-in self-service UI (Gatehouse extension `serve.public.ui`): server-rendered pages on
 * the public listener under `base_path` (default `/ui`), so the UI shares the API's origin and
 * cookies. Every page is a client of the public API (see api.ts) and works without JavaScript.
 * With `mailbox` (dev only) it also runs a loopback SMTP sink and shows what it received.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { ConfigError } from '../config/errors.js';
import { createUiClient } from './api.js';
import { webUiUrl } from './banner.js';
import { sendHtml, uiRequest, type UiApp } from './context.js';
import { loadCatalogues } from './i18n.js';
import { startMailSink, sinkAddress } from './mailbox/sink.js';
import { MailStore } from './mailbox/store.js';
import { errorBody, errorPageHandler } from './pages/error-page.js';
import { flowPageHandler } from './pages/flow-page.js';
import { homeHandler } from './pages/home.js';
import { mailboxHandler } from './pages/mailbox.js';
import type { FlowKind } from './pages/load-flow.js';
import { renderPage } from './render/layout.js';

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** What the UI needs: the configuration and a logger — no database, no domain service. */
export interface WebUiDeps {
  config: Config;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** First path segments of the API; the UI may not hide any of them. */
const API_PREFIXES = ['self-service', 'sessions', 'identities', 'schemas', 'health', 'version', 'metrics', 'recovery', '.well-known'];

const FLOW_PAGES: readonly FlowKind[] = ['login', 'registration', 'settings', 'recovery', 'verification'];

const STYLESHEET = readFileSync(new URL('./assets/style.css', import.meta.url));
const STYLESHEET_HASH = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);

/** Checks `serve.public.ui` against the rest of the configuration. */
export function checkWebUiConfig(config: Config): void {
  const ui = config.raw.serve.public.ui;
  const first = ui.base_path.split('/')[1] ?? '';
  if (API_PREFIXES.includes(first)) {
    throw new ConfigError([`serve.public.ui.base_path: "${ui.base_path}" would hide the API's /${first} routes`]);
  }
  if (ui.mailbox && !config.dev) {
    throw new ConfigError(['serve.public.ui.mailbox: the development mailbox shows every recovery link it receives; it runs only with --dev']);
  }
  if (ui.mailbox) sinkAddress(config.raw.courier?.smtp.connection_uri);
}

/**
 * Registers the UI routes on the public app (nothing when `serve.public.ui.enabled` is false)
 * and, with the mailbox, starts the SMTP sink (stopped when the app closes).
 */
export async function registerWebUi(app: FastifyInstance, deps: WebUiDeps): Promise<void> {
  const { config } = deps;
  const ui = config.raw.serve.public.ui;
  if (!ui.enabled) return;
  checkWebUiConfig(config);

  // The path the browser sees: a proxy prefix of base_url, then base_path.
  const uiUrl = webUiUrl(config);
  const basePath = uiUrl.pathname.replace(/\/$/, '');
  for (const flow of ['login', 'registration', 'settings', 'recovery', 'verification', 'error'] as const) {
    if ((flow === 'recovery' || flow === 'verification') && !config.flowEnabled(flow)) continue;
    const configured = config.flowUiUrl(flow).href;
    const page = new URL(flow, uiUrl).href;
    if (configured !== page) {
      deps.logger.warn({ configured, builtin: page }, `serve.public.ui is enabled but selfservice.flows.${flow}.ui_url does not point at the built-in page`);
    }
  }
  let mailbox: MailStore | null = null;
  if (ui.mailbox) {
    mailbox = new MailStore();
    const sink = await startMailSink(sinkAddress(config.raw.courier?.smtp.connection_uri), mailbox, (err) =>
      deps.logger.warn({ err: err.message }, 'development mailbox: a mail could not be received'),
    );
    app.addHook('onClose', async () => sink.close());
    deps.logger.info({ smtp: `${sink.address.host}:${sink.address.port}` }, 'development mailbox: SMTP sink listening');
  }

  const uiApp: UiApp = {
    client: createUiClient(app, config.publicBaseUrl),
    catalogues: loadCatalogues(),
    shell: { basePath, stylesheet: `${basePath}/assets/style.css?v=${STYLESHEET_HASH}`, mailbox: mailbox !== null },
    publicBase: config.publicBaseUrl,
    recoveryEnabled: config.flowEnabled('recovery'),
    verificationEnabled: config.flowEnabled('verification'),
    mailbox,
  };

  // A page that fails answers with an HTML page, not the API's JSON envelope.
  const guard =
    (handler: Handler): Handler =>
    async (req, reply) => {
      try {
        return await handler(req, reply);
      } catch (err) {
        deps.logger.error({ err, url: req.url }, 'webui: page failed');
        const r = uiRequest(uiApp, req);
        const body = errorBody(uiApp, r, { messageKey: 'ui.error.generic', restart: `${basePath}/` });
        return sendHtml(uiApp, reply, 500, renderPage(uiApp.shell, r.t, { title: r.t.t('ui.page.error.title'), body, hasError: true }));
      }
    };

  const route = ui.base_path;
  app.get(route, (_req, reply) => reply.code(301).header('location', `${basePath}/`).send());
  app.get(`${route}/`, guard(homeHandler(uiApp)));
  for (const kind of FLOW_PAGES) app.get(`${route}/${kind}`, guard(flowPageHandler(uiApp, kind)));
  app.get(`${route}/error`, guard(errorPageHandler(uiApp)));
  if (mailbox) app.get(`${route}/mailbox`, guard(mailboxHandler(uiApp)));
  app.get(`${route}/assets/style.css`, (_req, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .send(STYLESHEET),
  );
}
