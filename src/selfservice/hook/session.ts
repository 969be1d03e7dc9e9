import type { FastifyReply, FastifyRequest } from 'fastify';
import { rotateCsrfToken } from '../../http/csrf-hook.js';
import type { Identity } from '../../identity/identity.js';
import { setSessionCookie } from '../../session/http.js';
import type { AuthenticationMethodName, Session, SessionWithIdentity } from '../../session/session.js';
import type { FlowRuntime } from '../flow/runtime.js';

export interface IssueOptions {
  identity: Identity;
  method: AuthenticationMethodName;
  /** The request's valid session, re-authenticated in place when it belongs to `identity`. */
  current: SessionWithIdentity | null;
  /** `revoke_active_sessions`: every other session of the identity is deleted first. */
  revokeOthers: boolean;
  /** Browser flows get the session cookie (and a fresh CSRF cookie when the identity changes). */
  browser: boolean;
}

/**
 * Issues the session of a completed login or registration (flows.md §9, session.md §4).
 * Upstream's `revoke_active_sessions` failed with a 404 when the identity had no session rows
 * yet (a first login); here deleting nothing is simply nothing to do.
 */
export async function issueSession(rt: FlowRuntime, req: FastifyRequest, reply: FastifyReply, o: IssueOptions): Promise<Session> {
  const sm = rt.sessionManager;
  const token = sm.tokenFromHeaders(req.headers);
  const same = o.current !== null && token !== null && o.current.identity.id === o.identity.id;
  if (o.revokeOthers) await rt.sessionManager.deleteSessionsOf(o.identity.id);
  const session = same
    ? await sm.reauthenticate(o.current!.session, token!, o.method)
    : await sm.issue(o.identity, [o.method]);
  if (o.browser) {
    setSessionCookie(reply, rt.sessionCookie(), sm.cookieValue(session.token as string));
    if (!same) rotateCsrfToken(req, reply, rt.csrf());
  }
  return session;
}
