/**
 * The wire types of the Kratos v0.8 (v0alpha2) API as Gatehouse speaks it: one source of truth
 * for the server, which writes these shapes, and the TypeScript client, which reads them.
 * Type-only: importing this module loads no code.
 *
 * @module
 */
export type * from './bodies.js';
export type * from './error.js';
export type * from './flow.js';
export type * from './identity.js';
export type * from './meta.js';
export type * from './session.js';
export type * from './ui.js';
