import type { FastifyInstance } from 'fastify';
import { linkHeader, parsePage } from '../http/pagination.js';
import { sendJson } from '../http/reply.js';
import { joinUrl } from '../x/url.js';
import type { SchemaRegistry } from './registry.js';

export interface SchemaRoutesDeps {
  schemas: SchemaRegistry;
  publicBaseUrl: () => URL;
}

/** `GET /schemas/{id}` (both listeners answer it; admin redirects). */
export function registerGetSchema(app: FastifyInstance, deps: SchemaRoutesDeps): void {
  app.get('/schemas/:id', async (req, reply) => {
    const raw = await deps.schemas.getRaw((req.params as { id: string }).id);
    return reply.code(200).header('content-type', 'application/json').send(raw);
  });
}

/** `GET /schemas` (public only, api.md §11.1). */
export function registerListSchemas(app: FastifyInstance, deps: SchemaRoutesDeps): void {
  app.get('/schemas', async (req, reply) => {
    const page = parsePage(req.query as Record<string, unknown>);
    const all = deps.schemas.list();
    // Upstream sliced [p*n, p*n + (p+1)*n) and answered `null` past the end; a page here is
    // exactly `per_page` items and an empty page is `[]`.
    const slice = all.slice(page.page * page.perPage, (page.page + 1) * page.perPage);
    const items = await Promise.all(
      slice.map(async (s) => ({ id: s.id, schema: JSON.parse((await deps.schemas.getRaw(s.id)).toString('utf8')) as unknown })),
    );
    reply.header('x-total-count', String(all.length));
    reply.header('link', linkHeader(joinUrl(deps.publicBaseUrl(), '/schemas'), page, all.length));
    return sendJson(reply, 200, items);
  });
}
