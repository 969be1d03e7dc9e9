/**
 * Schemas, stored errors, the WebAuthn script, health and version (spec api.md §11–§13).
 *
 * @module
 */
import type { HealthStatus, IdentitySchema, JsonSchema, SelfServiceError, Version } from '../../wire/index.js';
import type { ClientContext } from '../config.js';
import { segment, send, type ApiResponse, type RequestOptions } from '../transport.js';

/** `GET /schemas` → one page of identity schemas (public listener only). */
export function listIdentitySchemas(ctx: ClientContext, perPage?: number, page?: number, options?: RequestOptions): Promise<ApiResponse<IdentitySchema[]>> {
  return send(ctx, { operation: 'listIdentitySchemas', listener: 'public', method: 'GET', path: '/schemas', query: { per_page: perPage, page } }, options);
}

/** `GET /schemas/{id}` → the raw JSON Schema document. */
export function getJsonSchema(ctx: ClientContext, id: string, options?: RequestOptions): Promise<ApiResponse<JsonSchema>> {
  return send(ctx, { operation: 'getJsonSchema', listener: 'public', method: 'GET', path: `/schemas/${segment(id)}` }, options);
}

/** `GET /self-service/errors?id=` → a stored user-facing error (the `id` of the error UI URL). */
export function getSelfServiceError(ctx: ClientContext, id: string, options?: RequestOptions): Promise<ApiResponse<SelfServiceError>> {
  return send(ctx, { operation: 'getSelfServiceError', listener: 'public', method: 'GET', path: '/self-service/errors', query: { id } }, options);
}

/** `GET /.well-known/ory/webauthn.js` → the WebAuthn helper script, as text. */
export function getWebAuthnJavaScript(ctx: ClientContext, options?: RequestOptions): Promise<ApiResponse<string>> {
  return send(
    ctx,
    { operation: 'getWebAuthnJavaScript', listener: 'public', method: 'GET', path: '/.well-known/ory/webauthn.js', headers: { accept: '*/*' }, read: 'text' },
    options,
  );
}

/** `GET /version` (admin listener) → the API version. */
export function getVersion(ctx: ClientContext, options?: RequestOptions): Promise<ApiResponse<Version>> {
  return send(ctx, { operation: 'getVersion', listener: 'admin', method: 'GET', path: '/version' }, options);
}

/** `GET /health/alive` (public listener) → `{ status: 'ok' }` while the server runs. */
export function isAlive(ctx: ClientContext, options?: RequestOptions): Promise<ApiResponse<HealthStatus>> {
  return send(ctx, { operation: 'isAlive', listener: 'public', method: 'GET', path: '/health/alive' }, options);
}

/** `GET /health/ready` (public listener) → `{ status: 'ok' }`; a 503 (database, migrations) rejects. */
export function isReady(ctx: ClientContext, options?: RequestOptions): Promise<ApiResponse<HealthStatus>> {
  return send(ctx, { operation: 'isReady', listener: 'public', method: 'GET', path: '/health/ready' }, options);
}
