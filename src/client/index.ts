/**
 * `gatehouse/client`: a typed, fetch-based client for the Gatehouse (Ory Kratos v0.8, v0alpha2)
 * API. No runtime dependencies and no Node-only imports: it runs in Node 20, browsers, Deno,
 * Bun and edge runtimes.
 *
 * - {@link GatehouseClient} has every operation as a method, named and ordered like the SDK's
 *   `V0alpha2Api` and `MetadataApi` (both exported as aliases of it, with `Configuration`).
 * - The standalone functions (`toSession(ctx, …)`, …) take a {@link ClientContext} from
 *   {@link createClientContext}; import only those you use and bundlers drop the rest.
 * - Failures reject with {@link GatehouseApiError}.
 * - The wire types (`Identity`, `Session`, `SelfServiceLoginFlow`, `UiNode`, …) are the ones the
 *   server itself is typed with.
 *
 * @module
 */
export { GatehouseClient, GatehouseClient as V0alpha2Api, GatehouseClient as MetadataApi } from './client.js';
export { Configuration, createClientContext, type ClientContext, type ConfigurationParameters, type GatehouseClientConfig } from './config.js';
export { GatehouseApiError, isGatehouseApiError, type GatehouseApiErrorInit } from './errors.js';
export type { CredentialsMode, FetchInit, FetchLike, HeadersLike, ResponseLike } from './fetch.js';
export type { FlowKindOf, FlowOfOperation, MetadataOperationId, OperationId, V0alpha2OperationId } from './operation.js';
export type { ApiResponse, RequestOptions } from './transport.js';
export * from './operations/identities.js';
export * from './operations/login.js';
export * from './operations/meta.js';
export * from './operations/recovery.js';
export * from './operations/sessions.js';
export * from './operations/settings.js';
export type * from '../wire/index.js';
