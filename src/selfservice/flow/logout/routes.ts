import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mediaType } from '../../../http/body.js';
import { type CsrfSettings, rotateCsrfToken } from '../../../http/csrf-hook.js';
import { badRequest, forbidden, GatehouseError } from '../../../http/errors.js';
import { sendJson } from '../../../http/reply.js';
import { clearSessionCookie, type SessionCookieSettings } from '../../../session/http.js';
import type { SessionManager } from '../../../session/manager.js';
import { joinUrl } from '../../../x/url.js';
import { forwardError, type ForwardDeps } from '../../errorx/forward.js';
import { sessionInactive } from '../errors.js';
import { isJsonRequest } from '../negotiation.js';
import { queryParam, requestUrl } from '../request.js';
import { type RedirectCheck, secureRedirectTo } from '../return-to.js';

export interface LogoutDeps extends ForwardDeps {
  sessionManager: SessionManager;
  publicBaseUrl: () => URL;
  redirectCheck: () => RedirectCheck;
  /** `flows.logout.after.default_browser_return_url` → `default_browser_return_url`. */
  afterLogoutUrl: () => string;
  sessionCookie: () => SessionCookieSettings;
  csrf: () => CsrfSettings;
}

function bearerToken(req: FastifyRequest): string | null {
  const auth = req.headers.authorization;
  if (typeof auth !== 'string') return null;
  const parts = auth.split(' ');
  return parts.length === 2 && parts[0]?.toLowerCase() === 'bearer' && parts[1] ? parts[1] : null;
}

/** Logout for browsers and API clients (api.md §7, session.md §7). */
export function registerLogoutRoutes(app: FastifyInstance, deps: LogoutDeps): void {
  const fail = (req: FastifyRequest, reply: FastifyReply, err: unknown) =>
    err instanceof GatehouseError ? forwardError(req, reply, err, deps) : Promise.reject(err);

  app.get('/self-service/logout/browser', async (req, reply) => {
    const token = deps.sessionManager.tokenFromHeaders(req.headers);
    const found = token ? await deps.sessionManager.fetchByToken(token) : null;
    if (!token || !found) throw sessionInactive();
    const logoutToken = deps.sessionManager.logoutTokenOf(token);
    const url = joinUrl(deps.publicBaseUrl(), '/self-service/logout');
    url.searchParams.set('token', logoutToken);
    return sendJson(reply, 200, { logout_url: url.href, logout_token: logoutToken });
  });

  app.get('/self-service/logout', async (req, reply) => {
    try {
      const logoutToken = queryParam(req, 'token');
      if (!logoutToken) throw badRequest('Please include a token in the URL query.');
      const token = deps.sessionManager.tokenFromHeaders(req.headers);
      const found = token ? await deps.sessionManager.fetchByToken(token) : null;
      if (!token || !found) throw sessionInactive();
      if (!deps.sessionManager.logoutTokenMatches(token, logoutToken)) {
        throw forbidden('Unable to log out because the logout token in the URL query does not match the session cookie.');
      }
      const returnTo = secureRedirectTo(new URL(requestUrl(req)), deps.afterLogoutUrl(), deps.redirectCheck());
      // A Bearer token is revoked without touching cookies; otherwise the cookie's session goes.
      const bearer = bearerToken(req);
      await deps.sessionManager.revokeByToken(bearer ?? token);
      if (!bearer) clearSessionCookie(reply, deps.sessionCookie());
      rotateCsrfToken(req, reply, deps.csrf());
      if (isJsonRequest(req.headers)) return reply.code(204).send();
      return reply.code(303).header('location', returnTo).send();
    } catch (err) {
      return fail(req, reply, err);
    }
  });

  app.delete('/self-service/logout/api', async (req, reply) => {
    if (mediaType(req) !== 'application/json') {
      throw badRequest(
        `HTTP DELETE Request used unknown HTTP Header "Content-Type: ${req.headers['content-type'] ?? ''}", only [application/json] are supported.`,
      );
    }
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    if (raw === '') throw badRequest('Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      throw badRequest(`Unable to decode JSON payload: ${(err as Error).message}`);
    }
    const value = (body as Record<string, unknown> | null)?.session_token;
    const token = typeof value === 'string' ? value : '';
    if (!token || !(await deps.sessionManager.revokeByToken(token))) {
      throw forbidden('The provided Ory Session Token could not be found, is invalid, or otherwise malformed.');
    }
    return reply.code(204).send();
  });
}
