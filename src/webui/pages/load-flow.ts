/**
 * Fetching a flow for a page through the client, and what to do when that fails: a flow that is
 * gone (404, 410) is started again; settings without a session send the browser to sign in; a
 * flow of another browser (403 CSRF) explains itself instead of restarting, which could loop
 * forever when the browser refuses cookies.
 */
import { isGatehouseApiError, type ApiResponse, type SelfServiceFlowOfKind } from '../../client/index.js';
import type { UiApp, UiRequest } from '../context.js';

/** The five flows with a page. */
export type FlowKind = 'login' | 'registration' | 'settings' | 'recovery' | 'verification';

/** Query parameters of a page that are handed on to the flow's browser init endpoint. */
export const INIT_PARAMS: Record<FlowKind, readonly string[]> = {
  login: ['return_to', 'refresh', 'aal'],
  registration: ['return_to', 'after_verification_return_to'],
  settings: ['return_to', 'after_verification_return_to'],
  recovery: ['return_to'],
  verification: ['return_to'],
};

/** `<public>/self-service/<kind>/browser?…` with the page's init parameters. */
export function initUrl(app: UiApp, kind: FlowKind, query: Record<string, string>): string {
  const url = new URL(`self-service/${kind}/browser`, app.publicBase);
  for (const p of INIT_PARAMS[kind]) if (query[p] !== undefined && query[p] !== '') url.searchParams.set(p, query[p] as string);
  return url.href;
}

/** The outcome of loading a flow for a page. */
export type Loaded<K extends FlowKind> =
  | { kind: 'flow'; flow: SelfServiceFlowOfKind[K] }
  | { kind: 'redirect'; to: string }
  | { kind: 'error'; status: number; messageKey: string; vars?: Record<string, string | number>; detail?: string; restart: string };

function fetchFlow<K extends FlowKind>(app: UiApp, kind: K, id: string, r: UiRequest): Promise<ApiResponse<SelfServiceFlowOfKind[K] | null>> {
  const c = app.client;
  const fetchers: { [P in FlowKind]: () => Promise<ApiResponse<SelfServiceFlowOfKind[P] | null>> } = {
    login: () => c.getSelfServiceLoginFlow(id, r.cookie, r.api),
    registration: () => c.getSelfServiceRegistrationFlow(id, r.cookie, r.api),
    settings: () => c.getSelfServiceSettingsFlow(id, undefined, r.cookie, r.api),
    recovery: () => c.getSelfServiceRecoveryFlow(id, r.cookie, r.api),
    verification: () => c.getSelfServiceVerificationFlow(id, r.cookie, r.api),
  };
  return fetchers[kind]() as Promise<ApiResponse<SelfServiceFlowOfKind[K] | null>>;
}

/** Loads flow `id` of `kind` with the browser's cookies. */
export async function loadFlow<K extends FlowKind>(app: UiApp, kind: K, id: string, r: UiRequest): Promise<Loaded<K>> {
  const restart = `${app.shell.basePath}/${kind}`;
  try {
    const { data } = await fetchFlow(app, kind, id, r);
    // Upstream answers an unknown verification flow with `200 null`.
    if (!data) return { kind: 'redirect', to: initUrl(app, kind, {}) };
    return { kind: 'flow', flow: data };
  } catch (e) {
    if (!isGatehouseApiError(e)) throw e;
    if (e.status === 404 || e.status === 410) return { kind: 'redirect', to: initUrl(app, kind, {}) };
    if (e.status === 401 && kind === 'settings') {
      // `<public>/self-service…` is always an allowed return_to: after signing in, settings start again.
      const back = new URL('self-service/settings/browser', app.publicBase).href;
      return { kind: 'redirect', to: initUrl(app, 'login', { return_to: back }) };
    }
    if (e.status === 403 && e.redirectBrowserTo) return { kind: 'redirect', to: e.redirectBrowserTo };
    if (e.status === 403 && e.id === 'security_identity_mismatch') return { kind: 'redirect', to: initUrl(app, kind, {}) };
    if (e.status === 403 && e.id === 'security_csrf_violation') return { kind: 'error', status: 403, messageKey: 'ui.error.flow_csrf', restart };
    return { kind: 'error', status: 502, messageKey: 'ui.error.api', vars: { status: e.status }, detail: e.reason ?? e.error?.message, restart };
  }
}
