import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { readFileSync } from 'node:fs';
import { GatehouseError, internal } from './errors.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const MAX_HEADER_BYTES = 1024 * 1024;

export interface AppOptions {
  logger: Logger;
  bodyLimit?: number;
  /** Skips request logs of /health/* (serve.<listener>.request_log.disable_for_health). */
  quietHealth?: boolean;
  listener: 'public' | 'admin';
  /** PEM certificate and key: the listener serves HTTPS (TLS 1.2 or newer). */
  tls?: { cert: Buffer; key: Buffer };
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Maps Fastify's own errors (body limit, content length, bad URL) and unknown throws. */
export function asGatehouseError(err: unknown): GatehouseError {
  if (err instanceof GatehouseError) return err;
  const e = err as FastifyLikeError;
  const status = e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return new GatehouseError(413, { reason: 'The request body exceeds the maximum allowed size.' });
    }
    return new GatehouseError(status, { reason: e.message });
  }
  return internal();
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: GatehouseError): FastifyReply {
  const rid = req.headers['x-request-id'];
  const body = err.toEnvelope(typeof rid === 'string' && rid ? rid : undefined);
  // A Buffer body keeps the content type exactly `application/json` (no charset), as upstream.
  return reply.code(err.status).header('content-type', 'application/json').send(Buffer.from(JSON.stringify(body) + '\n'));
}

/**
 * A Fastify instance with Gatehouse's common behaviour: raw bodies (each route decodes what it
 * accepts, so every decoding failure gets a Kratos-style message), the JSON error envelope for
 * every failure, the router's plain-text 404 and request logs.
 */
export function createApp(opts: AppOptions): FastifyInstance {
  // Go's server accepts up to 1 MiB of headers; Node's default of 16 KiB would answer long
  // tokens or cookies with a bare 431.
  const server = opts.tls
    ? { https: { ...opts.tls, minVersion: 'TLSv1.2' as const, maxHeaderSize: MAX_HEADER_BYTES } }
    : { http: { maxHeaderSize: MAX_HEADER_BYTES } };
  // The https variant only changes the server type parameter; routes and hooks are identical.
  const app = Fastify({
    ...(server as object),
    logger: false,
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 65_536 },
  }) as unknown as FastifyInstance;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err, req, reply) => {
    const ge = asGatehouseError(err);
    if (ge.status >= 500) opts.logger.error({ err, url: req.url, method: req.method }, 'request failed');
    return sendError(req, reply, ge);
  });

  app.setNotFoundHandler((_req, reply) => {
    return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('404 page not found\n');
  });

  if (opts.logger.isLevelEnabled('info')) {
    app.addHook('onResponse', (req, reply, done) => {
      if (!(opts.quietHealth && req.url.startsWith('/health/'))) {
        opts.logger.info(
          {
            listener: opts.listener,
            method: req.method,
            path: req.url.split('?', 1)[0],
            status: reply.statusCode,
            took_ms: Math.round(reply.elapsedTime * 100) / 100,
          },
          'completed handling request',
        );
      }
      done();
    });
  }
  return app;
}

type PemSource = { path?: string; base64?: string };

/** PEM material of `serve.<listener>.tls`, or undefined when TLS is not configured. */
export function tlsFromConfig(tls: { cert?: PemSource; key?: PemSource } | undefined): { cert: Buffer; key: Buffer } | undefined {
  if (!tls?.cert || !tls.key) return undefined;
  const read = (v: PemSource) => (v.path ? readFileSync(v.path) : Buffer.from(v.base64 ?? '', 'base64'));
  return { cert: read(tls.cert), key: read(tls.key) };
}
