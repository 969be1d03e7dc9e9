import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { requestCsrfToken, rotateCsrfToken, type CsrfSettings } from '../../http/csrf-hook.js';
import { csrfViolation, maskToken, tokensMatch, unmaskToken } from '../../http/csrf.js';
import type { IdentityPool } from '../../identity/pool.js';
import type { SchemaRegistry } from '../../schema/registry.js';
import type { SessionCookieSettings } from '../../session/http.js';
import type { SessionManager } from '../../session/manager.js';
import type { ErrorPersister } from '../errorx/persister.js';
import type { Clock } from '../../x/time.js';
import { joinUrl } from '../../x/url.js';
import { badRequest } from '../../http/errors.js';
import { apiFlowCookieRejected, apiFlowOriginRejected } from './errors.js';
import type { BaseFlow, FlowKind, FlowType } from './flow.js';
import type { FlowPersister } from './persister.js';
import type { HookDeps } from '../hook/run.js';
import { requestUrl } from './request.js';
import type { RedirectCheck } from './return-to.js';
import { csrfNode, newContainer, toWire } from '../../ui/index.js';
import { newId } from '../../x/random.js';
import { timingSafeEqual } from 'node:crypto';

/** What every flow handler needs; built once per listener. */
export interface FlowRuntime {
  config: Config;
  clock: Clock;
  flows: FlowPersister;
  errors: ErrorPersister;
  identities: IdentityPool;
  schemas: SchemaRegistry;
  sessionManager: SessionManager;
  redirectCheck: RedirectCheck;
  csrf: () => CsrfSettings;
  sessionCookie: () => SessionCookieSettings;
  errorUiUrl: () => URL;
  /** `--dev` plus DEV_DISABLE_API_FLOW_ENFORCEMENT=true (flows.md §1). */
  apiFlowEnforcementDisabled: boolean;
  /** What `web_hook` hooks need. */
  hooks: HookDeps;
}

export const uiAction = (rt: FlowRuntime, kind: FlowKind, id: string): string =>
  joinUrl(rt.config.publicBaseUrl, `/self-service/${kind}?flow=${id}`).href;

/** The masked form token for this request's browser ('' for API flows). */
export function formCsrfToken(req: FastifyRequest, type: FlowType): string {
  if (type !== 'browser') return '';
  const token = requestCsrfToken(req);
  return token ? maskToken(token) : '';
}

/**
 * Gives a browser without an anti-CSRF cookie one. The submit routes are ignored by the CSRF
 * middleware (flows.md §7), so a flow created there — from an email link opened in a fresh
 * browser — would otherwise carry no token and fail its own fetch with a 403.
 */
export function ensureCsrfCookie(rt: FlowRuntime, req: FastifyRequest, reply: FastifyReply): void {
  if (!requestCsrfToken(req)) rotateCsrfToken(req, reply, rt.csrf());
}

/** Common fields of a new flow, with a `ui` holding the action and the `csrf_token` node. */
export function newFlowBase(rt: FlowRuntime, req: FastifyRequest, kind: FlowKind, type: FlowType): BaseFlow {
  const now = rt.clock.now();
  const id = newId();
  const csrfToken = formCsrfToken(req, type);
  const url = requestUrl(req);
  // Stored in a 2048-character column (datamodel.md §4).
  if (url.length > 2048) throw badRequest('The request URL is too long to start a self-service flow.');
  return {
    id,
    type,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + rt.config.flowLifespanMs(kind)),
    requestUrl: url,
    ui: toWire(newContainer(uiAction(rt, kind, id), [csrfNode(csrfToken)])) as unknown as Record<string, unknown>,
    csrfToken,
    active: '',
    internalContext: {},
    createdAt: now,
    updatedAt: now,
  };
}

/** Fetching a browser flow requires the flow's token to unmask to the current cookie token. */
export function fetchCsrfOk(req: FastifyRequest, flow: BaseFlow): boolean {
  if (flow.type !== 'browser') return true;
  const cookie = requestCsrfToken(req);
  const stored = flow.csrfToken ? unmaskToken(flow.csrfToken, true) : null;
  return cookie !== null && stored !== null && timingSafeEqual(cookie, stored);
}

/**
 * The submit guard: browser flows compare the `csrf_token` body field with the cookie (403);
 * API flows refuse requests that look like they come from a browser (400, shown in the flow).
 */
export function verifySubmitOrigin(rt: FlowRuntime, req: FastifyRequest, flow: BaseFlow, body: Record<string, unknown>): void {
  if (flow.type === 'browser') {
    const token = typeof body.csrf_token === 'string' ? body.csrf_token : undefined;
    if (!tokensMatch(requestCsrfToken(req), token, true)) throw csrfViolation();
    return;
  }
  if (rt.apiFlowEnforcementDisabled) return;
  if (req.headers.origin !== undefined) throw apiFlowOriginRejected();
  if (req.headers.cookie !== undefined && req.headers.cookie !== '') throw apiFlowCookieRejected();
}

/** Redirect to the flow's UI (`<ui_url>?flow=<id>`). */
export function redirectToUi(rt: FlowRuntime, reply: FastifyReply, kind: FlowKind, id: string, status: 302 | 303): FastifyReply {
  const to = new URL(rt.config.flowUiUrl(kind).href);
  to.searchParams.set('flow', id);
  return reply.code(status).header('location', to.href).send();
}
