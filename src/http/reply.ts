import type { FastifyReply } from 'fastify';

export const JSON_UTF8 = 'application/json; charset=utf-8';

/** Sends a JSON body the way the Go server does (charset, trailing newline). */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', JSON_UTF8).send(JSON.stringify(body) + '\n');
}

/** Sends an already serialised JSON document (hot paths cache their bodies). */
export function sendRawJson(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('content-type', JSON_UTF8).send(body);
}
