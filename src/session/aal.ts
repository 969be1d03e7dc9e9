import type { AuthenticatorAssuranceLevel } from './session.js';

const FIRST_FACTORS = new Set(['password', 'oidc', 'link_recovery', 'v0.6_legacy_session']);
const SECOND_FACTORS = new Set(['totp', 'lookup_secret', 'webauthn']);

/** The AAL reached by a set of methods or credential types (session.md §5.1). */
export function aalOf(methods: Iterable<string>): AuthenticatorAssuranceLevel {
  let first = false;
  let second = false;
  for (const m of methods) {
    if (FIRST_FACTORS.has(m)) first = true;
    else if (SECOND_FACTORS.has(m)) second = true;
  }
  if (first && second) return 'aal2';
  return first ? 'aal1' : 'aal0';
}

export type RequiredAal = 'aal1' | 'highest_available';

export type AalCheck = 'ok' | 'aal2_required' | 'unknown';

/**
 * Whether a session's AAL satisfies a requirement. `highest_available` compares with what the
 * identity's credential types could reach (session.md §5.2–5.3).
 */
export function checkAal(required: RequiredAal, sessionAal: AuthenticatorAssuranceLevel, credentialTypes: Iterable<string>): AalCheck {
  if (required === 'aal1') return sessionAal >= 'aal1' ? 'ok' : 'unknown';
  return sessionAal >= aalOf(credentialTypes) ? 'ok' : 'aal2_required';
}
