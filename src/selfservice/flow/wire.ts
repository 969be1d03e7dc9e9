import { fromWire, toWire } from '../../ui/index.js';
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
 */
export function flowToWire(f: Flow, extra: { identity?: Record<string, unknown> } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.id,
    type: f.type,
    expires_at: formatTime(f.expiresAt),
    issued_at: formatTime(f.issuedAt),
    request_url: f.requestUrl,
  };
  const returnTo = returnToOf(f.requestUrl);
  if (returnTo) out.return_to = returnTo;
  if (f.kind !== 'registration' && f.kind !== 'settings' && f.active) out.active = f.active;
  // Re-serialised: PostgreSQL's jsonb does not keep key order, the wire order is fixed.
  out.ui = toWire(fromWire(f.ui));
  switch (f.kind) {
    case 'login':
      out.created_at = formatTime(f.createdAt);
      out.updated_at = formatTime(f.updatedAt);
      out.refresh = f.refresh;
      out.requested_aal = f.requestedAal;
      break;
    case 'settings':
      out.identity = extra.identity;
      out.state = f.state;
      break;
    case 'recovery':
    case 'verification':
      out.state = f.state;
      break;
  }
  return out;
}
