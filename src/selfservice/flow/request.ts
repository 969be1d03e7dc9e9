import type { FastifyRequest } from 'fastify';
import type { TLSSocket } from 'node:tls';

/** The URL of a request as the server saw it: scheme of the connection, `Host`, path, query. */
export function requestUrl(req: FastifyRequest): string {
  const scheme = (req.raw.socket as TLSSocket).encrypted ? 'https' : 'http';
  const url = `${scheme}://${req.headers.host ?? 'localhost'}${req.url}`;
  // A Host header that makes no URL (`a b`, `[::1`, a port past 65535) must not turn into a
  // 500 wherever the request URL is parsed later; such a request is treated as host-less.
  return URL.canParse(url) ? url : `${scheme}://localhost${req.url}`;
}

/** First value of a query parameter ('' when absent). */
export function queryParam(req: FastifyRequest, name: string): string {
  const v = (req.query as Record<string, unknown>)[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}
