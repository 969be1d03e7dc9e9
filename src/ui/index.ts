/** The UI container and its nodes (ui.md). */
export type * from './types.js';
export { nodeId, nodeValue } from './types.js';
export * from './names.js';
export * from './nodes.js';
export * from './container.js';
export * from './wire.js';
export * from './sort.js';
export * from './schema-nodes.js';
export * from './traits.js';
export * from './errors.js';
export * from './path.js';
