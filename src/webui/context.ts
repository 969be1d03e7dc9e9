/** What every UI route shares (built once at registration) and what it knows per request. */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatehouseClient, RequestOptions } from '../client/index.js';
import { negotiateLanguage, Translator, type Catalogue } from './i18n.js';
import type { Shell } from './render/layout.js';
import type { MailStore } from './mailbox/store.js';

/** The UI's configuration and services. It holds no database or domain service: only the client. */
export interface UiApp {
  client: GatehouseClient;
  catalogues: ReadonlyMap<string, Catalogue>;
  shell: Shell;
  /** `serve.public.base_url`, with a trailing slash. */
  publicBase: URL;
  /** Whether the recovery / verification flows are enabled (links to them are shown). */
  recoveryEnabled: boolean;
  verificationEnabled: boolean;
  /** The development mailbox, when enabled. */
  mailbox: MailStore | null;
}

/** One browser request, as the pages need it. */
export interface UiRequest {
  t: Translator;
  /** The browser's `Cookie` header, forwarded to the API. */
  cookie: string | undefined;
  /** Per-call options of the client: the browser's `Host` header, so domain aliases resolve alike. */
  api: RequestOptions;
  /** First value of each query parameter. */
  query: Record<string, string>;
  /** The `Referer` header. */
  referer: string | undefined;
}

/** Builds the per-request view. */
export function uiRequest(app: UiApp, req: FastifyRequest): UiRequest {
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') query[k] = first;
  }
  const lang = negotiateLanguage(req.headers['accept-language'], app.catalogues);
  const host = req.headers.host;
  const referer = req.headers.referer;
  return {
    t: new Translator(lang, app.catalogues),
    cookie: req.headers.cookie,
    api: host ? { headers: { host } } : {},
    query,
    referer: typeof referer === 'string' ? referer : undefined,
  };
}

const sha256Base64 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * Sends an HTML page with a strict Content-Security-Policy: styles and scripts from this origin
 * (and the public base URL's, for script nodes), images from here or `data:`; inline event
 * handlers of nodes (WebAuthn triggers) are allowed by hash only.
 */
export function sendHtml(app: UiApp, reply: FastifyReply, status: number, body: string, inlineHandlers: readonly string[] = []): FastifyReply {
  const hashes = inlineHandlers.map((h) => `'sha256-${sha256Base64(h)}'`);
  const scriptSrc = ["'self'", app.publicBase.origin, ...(hashes.length ? ["'unsafe-hashes'", ...hashes] : [])].join(' ');
  const csp = [
    "default-src 'none'",
    `script-src ${scriptSrc}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const vary = reply.getHeader('vary');
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language')
    .send(body);
}

/** A 303 to `url` (after a GET, the browser keeps GET). */
export function seeOther(reply: FastifyReply, url: string): FastifyReply {
  return reply.code(303).header('location', url).send();
}
