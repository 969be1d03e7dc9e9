import type { FlowKind, FlowOfKind } from './flow.js';

/**
 * Storage of the five flow kinds (one table each, datamodel.md §4). Flows are never deleted
 * automatically; expired flows stay and are answered with "expired" errors.
 */
export interface FlowPersister {
  createFlow<K extends FlowKind>(flow: FlowOfKind<K>): Promise<void>;
  /** Full update by id (ui, active, state, internal context, …). */
  updateFlow<K extends FlowKind>(flow: FlowOfKind<K>): Promise<void>;
  /** Null when no flow of that kind has this id (in the current network). */
  getFlow<K extends FlowKind>(kind: K, id: string): Promise<FlowOfKind<K> | null>;
}
