import type { FastifyInstance, HTTPMethods } from 'fastify';
import { joinUrl } from '../x/url.js';

/**
 * Routes that belong to the other listener: each listener answers them with
 * `307 Temporary Redirect` to the other base URL, path and query preserved (README table).
 */
interface RedirectRoute {
  methods: HTTPMethods[];
  url: string;
}
type RouteList = readonly RedirectRoute[];

const SELF_SERVICE_FLOWS = ['login', 'registration', 'settings', 'recovery', 'verification'];

const r = (methods: HTTPMethods[], url: string): RedirectRoute => ({ methods, url });

/** Public-only routes that the admin listener redirects to the public listener. */
export const PUBLIC_ROUTES: RouteList = [
  ...SELF_SERVICE_FLOWS.flatMap((f) => [
    r(['GET'], `/self-service/${f}/browser`),
    r(['GET'], `/self-service/${f}/api`),
    r(['GET'], `/self-service/${f}/flows`),
    r(['GET', 'POST'], `/self-service/${f}`),
  ]),
  r(['GET'], '/self-service/logout/browser'),
  r(['GET'], '/self-service/logout'),
  r(['DELETE'], '/self-service/logout/api'),
  r(['GET'], '/self-service/errors'),
  r(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '/sessions/whoami'),
  r(['GET'], '/schemas/:id'),
];

/** Admin-only routes that the public listener redirects to the admin listener. */
export const ADMIN_ROUTES: RouteList = [
  r(['GET', 'POST'], '/identities'),
  r(['GET', 'PUT', 'DELETE'], '/identities/:id'),
  r(['DELETE'], '/identities/:id/sessions'),
  r(['POST'], '/recovery/link'),
];

export function registerRedirects(app: FastifyInstance, routes: RouteList, target: () => URL): void {
  for (const { methods, url } of routes) {
    app.route({
      method: methods,
      url,
      // The redirect target is decided before any body is read.
      handler: (req, reply) => {
        const location = joinUrl(target(), req.url).href;
        return reply.code(307).header('location', location).send();
      },
    });
  }
}
