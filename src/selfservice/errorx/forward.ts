import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatehouseError } from '../../http/errors.js';
import { sendError } from '../../http/server.js';
import { isJsonRequest } from '../flow/negotiation.js';
import type { ErrorPersister } from './persister.js';

export interface ForwardDeps {
  errors: ErrorPersister;
  errorUiUrl: () => URL;
}

/**
 * Answers an error that does not belong into a flow (api.md §1.4): JSON requests get the
 * envelope; browsers are sent (302) to the error UI with the error stored under a new id.
 */
export async function forwardError(req: FastifyRequest, reply: FastifyReply, err: GatehouseError, deps: ForwardDeps): Promise<FastifyReply> {
  if (isJsonRequest(req.headers)) return sendError(req, reply, err);
  const rid = req.headers['x-request-id'];
  const id = await deps.errors.addError('', err.toErrorObject(typeof rid === 'string' && rid ? rid : undefined));
  const to = new URL(deps.errorUiUrl().href);
  to.searchParams.set('id', id);
  return reply.code(302).header('location', to.href).send();
}
