import { identityToWire } from '../identity/wire.js';
import type { Identity } from '../identity/identity.js';
import type * as Wire from '../wire/session.js';
import { formatTime } from '../x/time.js';
import type { Session } from './session.js';

/** The session object on the wire (session.md §1); `identity` may be null (§5.4). */
export function sessionToWire(s: Session, identity: Identity | null, publicBaseUrl: URL): Wire.Session<unknown> {
  return {
    id: s.id,
    active: s.active,
    expires_at: formatTime(s.expiresAt),
    authenticated_at: formatTime(s.authenticatedAt),
    authenticator_assurance_level: s.aal,
    authentication_methods: s.authenticationMethods.map((m) => ({
      method: m.method,
      completed_at: formatTime(m.completedAt),
    })),
    issued_at: formatTime(s.issuedAt),
    identity: identity ? identityToWire(identity, { publicBaseUrl }) : null,
  };
}
