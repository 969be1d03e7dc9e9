/**
 * Admin operations: identities, their sessions, recovery links (spec api.md §8.2, §9, §10).
 * Sent to the admin listener.
 *
 * @module
 */
import type {
  AdminCreateIdentityBody,
  AdminCreateSelfServiceRecoveryLinkBody,
  AdminUpdateIdentityBody,
  Identity,
  IdentityTraits,
  SelfServiceRecoveryLink,
} from '../../wire/index.js';
import type { ClientContext } from '../config.js';
import { segment, send, type ApiResponse, type RequestOptions } from '../transport.js';

/** `POST /identities` → 201 identity (without credentials). */
export function adminCreateIdentity<TTraits = IdentityTraits>(
  ctx: ClientContext,
  adminCreateIdentityBody?: AdminCreateIdentityBody<TTraits>,
  options?: RequestOptions,
): Promise<ApiResponse<Identity<TTraits>>> {
  return send(ctx, { operation: 'adminCreateIdentity', listener: 'admin', method: 'POST', path: '/identities', body: adminCreateIdentityBody }, options);
}

/** `POST /recovery/link` → a one-time recovery link for an identity. */
export function adminCreateSelfServiceRecoveryLink(
  ctx: ClientContext,
  adminCreateSelfServiceRecoveryLinkBody?: AdminCreateSelfServiceRecoveryLinkBody,
  options?: RequestOptions,
): Promise<ApiResponse<SelfServiceRecoveryLink>> {
  return send(
    ctx,
    { operation: 'adminCreateSelfServiceRecoveryLink', listener: 'admin', method: 'POST', path: '/recovery/link', body: adminCreateSelfServiceRecoveryLinkBody },
    options,
  );
}

/** `DELETE /identities/{id}` → 204; cascades to credentials, addresses, sessions and flows. */
export function adminDeleteIdentity(ctx: ClientContext, id: string, options?: RequestOptions): Promise<ApiResponse<void>> {
  return send(ctx, { operation: 'adminDeleteIdentity', listener: 'admin', method: 'DELETE', path: `/identities/${segment(id)}` }, options);
}

/** `DELETE /identities/{id}/sessions` → 204; 404 when the identity has no session. */
export function adminDeleteIdentitySessions(ctx: ClientContext, id: string, options?: RequestOptions): Promise<ApiResponse<void>> {
  return send(ctx, { operation: 'adminDeleteIdentitySessions', listener: 'admin', method: 'DELETE', path: `/identities/${segment(id)}/sessions` }, options);
}

/** `GET /identities/{id}` → the identity with `credentials`; `includeCredential: ['oidc']` adds OIDC tokens. */
export function adminGetIdentity<TTraits = IdentityTraits>(
  ctx: ClientContext,
  id: string,
  includeCredential?: readonly string[],
  options?: RequestOptions,
): Promise<ApiResponse<Identity<TTraits>>> {
  return send(
    ctx,
    { operation: 'adminGetIdentity', listener: 'admin', method: 'GET', path: `/identities/${segment(id)}`, query: { include_credential: includeCredential } },
    options,
  );
}

/** `GET /identities` → one page of identities; `X-Total-Count` and `Link` are in the headers. */
export function adminListIdentities<TTraits = IdentityTraits>(
  ctx: ClientContext,
  perPage?: number,
  page?: number,
  options?: RequestOptions,
): Promise<ApiResponse<Identity<TTraits>[]>> {
  return send(ctx, { operation: 'adminListIdentities', listener: 'admin', method: 'GET', path: '/identities', query: { per_page: perPage, page } }, options);
}

/** `PUT /identities/{id}` → the updated identity; `traits` replaces the whole document. */
export function adminUpdateIdentity<TTraits = IdentityTraits>(
  ctx: ClientContext,
  id: string,
  adminUpdateIdentityBody?: AdminUpdateIdentityBody<TTraits>,
  options?: RequestOptions,
): Promise<ApiResponse<Identity<TTraits>>> {
  return send(
    ctx,
    { operation: 'adminUpdateIdentity', listener: 'admin', method: 'PUT', path: `/identities/${segment(id)}`, body: adminUpdateIdentityBody },
    options,
  );
}
