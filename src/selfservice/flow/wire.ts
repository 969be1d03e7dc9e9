import { fromWire, toWire } from '../../ui/index.js';
import type * as Wire from '../../wire/index.js';
import { formatTime } from '../../x/time.js';
import type { Flow } from './flow.js';

/** The `return_to` query parameter of the flow's request URL ('' when none). */
export function returnToOf(requestUrl: string): string {
  try {
    return new URL(requestUrl).searchParams.get('return_to') ?? '';
  } catch {
    return '';
  }
}

/**
 * A flow on the wire (flows.md §3). Internal fields (CSRF token, internal context, recovered
 * identity) never appear; `created_at`/`updated_at` only on login flows, as upstream.
 * `extra.identity` is the settings flow's identity (`identityToWire`).
 */
export function flowToWire<F extends Flow>(f: F, extra?: { identity?: Record<string, unknown> }): WireFlowOf<F>;
export function flowToWire(f: Flow, extra: { identity?: Record<string, unknown> } = {}): Wire.SelfServiceFlow<unknown> {
  const returnTo = returnToOf(f.requestUrl);
  const base = {
    id: f.id,
    type: f.type,
    expires_at: formatTime(f.expiresAt),
    issued_at: formatTime(f.issuedAt),
    request_url: f.requestUrl,
    ...(returnTo ? { return_to: returnTo } : {}),
  };
  // `active` precedes `ui`; registration and settings never show it.
  const active = f.active ? { active: f.active } : {};
  // Re-serialised: PostgreSQL's jsonb does not keep key order, the wire order is fixed.
  const ui = toWire(fromWire(f.ui));
  switch (f.kind) {
    case 'login':
      return {
        ...base,
        ...active,
        ui,
        created_at: formatTime(f.createdAt),
        updated_at: formatTime(f.updatedAt),
        refresh: f.refresh,
        requested_aal: f.requestedAal,
      } satisfies Wire.SelfServiceLoginFlow;
    case 'registration':
      return { ...base, ui } satisfies Wire.SelfServiceRegistrationFlow;
    case 'settings':
      // Callers always pass the identity (an `identityToWire` result); the parameter stays loose
      // for the settings routes that hand it through untyped.
      return { ...base, ui, identity: extra.identity as Wire.Identity<unknown>, state: f.state } satisfies Wire.SelfServiceSettingsFlow<unknown>;
    case 'recovery':
    case 'verification':
      return { ...base, ...active, ui, state: f.state } satisfies Wire.SelfServiceRecoveryFlow;
  }
}

/** The wire type of a domain flow type. */
export type WireFlowOf<F extends Flow> = F extends { kind: infer K extends Wire.SelfServiceFlowKind }
  ? Wire.SelfServiceFlowOfKind<unknown>[K]
  : never;
