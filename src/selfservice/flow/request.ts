import type { FastifyRequest } from 'fastify';
import type { TLSSocket } from 'node:tls';

/** The URL of a request as the server saw it: scheme of the connection, `Host`, path, query. */
export function requestUrl(req: FastifyRequest): string {
  const tls = Boolean((req.raw.socket as TLSSocket).encrypted);
  const host = req.headers.host ?? 'localhost';
  return `${tls ? 'https' : 'http'}://${host}${req.url}`;
}

/** First value of a query parameter ('' when absent). */
export function queryParam(req: FastifyRequest, name: string): string {
  const v = (req.query as Record<string, unknown>)[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}
