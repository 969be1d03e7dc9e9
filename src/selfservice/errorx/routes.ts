import type { FastifyInstance } from 'fastify';
import { notFound } from '../../http/errors.js';
import { sendJson } from '../../http/reply.js';
import { isUuid, newId } from '../../x/random.js';
import { formatTime, ZERO_TIME } from '../../x/time.js';
import type { ErrorPersister } from './persister.js';

export interface ErrorRoutesDeps {
  errors: ErrorPersister;
}

const STUBS: Record<string, Record<string, unknown>> = {
  'stub:500': {
    code: 500,
    status: 'Internal Server Error',
    reason: 'This is a stub error.',
    message: 'An internal server error occurred, please contact the system administrator',
  },
};

function firstString(v: unknown): string {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : '';
}

/** `GET /self-service/errors?id=` (api.md §12). */
export function registerErrorRoutes(app: FastifyInstance, deps: ErrorRoutesDeps): void {
  app.get('/self-service/errors', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const id = firstString(q.error) || firstString(q.id);
    const stub = STUBS[id];
    if (stub) {
      return sendJson(reply, 200, { id: newId(), error: stub, created_at: ZERO_TIME, updated_at: ZERO_TIME });
    }
    if (!isUuid(id)) throw notFound();
    const found = await deps.errors.readError(id.toLowerCase());
    if (!found) throw notFound();
    return sendJson(reply, 200, {
      id: found.id,
      error: found.error,
      created_at: formatTime(found.createdAt),
      updated_at: formatTime(found.updatedAt),
    });
  });
}
