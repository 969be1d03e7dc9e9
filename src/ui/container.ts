import type { UiText } from '../text/message.js';
import { NodeGroup } from './names.js';
import { csrfNode, inputNode } from './nodes.js';
import { nodeId } from './types.js';
import type { UiContainer, UiNode } from './types.js';

/**
 * Operations on a container, in place (the flow owns its container). Nodes are identified by
 * `nodeId` (ui.md §2.1).
 */

export const newContainer = (action: string, nodes: UiNode[] = []): UiContainer => ({
  action,
  method: 'POST',
  nodes,
  messages: [],
});

export const findNode = (c: UiContainer, name: string): UiNode | undefined => c.nodes.find((n) => nodeId(n) === name);

/** Replaces the node with the same ID in place, else appends it. */
export function upsertNode(c: UiContainer, node: UiNode): void {
  const id = nodeId(node);
  const i = c.nodes.findIndex((n) => nodeId(n) === id);
  if (i >= 0) c.nodes[i] = node;
  else c.nodes.push(node);
}

/** Removes every node matching the predicate; returns how many went. */
export function removeNodes(c: UiContainer, predicate: (n: UiNode) => boolean): number {
  const before = c.nodes.length;
  c.nodes = c.nodes.filter((n) => !predicate(n));
  return before - c.nodes.length;
}

/**
 * Sets (or, with undefined, clears) the value of the input named `name`. Returns false when no
 * input has that name.
 */
export function setNodeValue(c: UiContainer, name: string, value: unknown): boolean {
  const node = findNode(c, name);
  if (node?.type !== 'input') return false;
  if (value === undefined) delete node.attributes.value;
  else node.attributes.value = value;
  return true;
}

/** Clears the flow messages and the messages of every node. */
export function resetMessages(c: UiContainer): void {
  c.messages = [];
  for (const n of c.nodes) n.messages = [];
}

/** Appends a flow-level message (`ui.messages`). */
export function addMessage(c: UiContainer, text: UiText): void {
  c.messages.push(text);
}

/**
 * Appends a message to the node with this ID. When there is none, an input (`type: text`,
 * group `default`, no value) is appended to carry it (ui.md §5.6).
 */
export function addNodeMessage(c: UiContainer, name: string, text: UiText): void {
  const node = findNode(c, name);
  if (node) node.messages.push(text);
  else c.nodes.push(inputNode(name, NodeGroup.Default, 'text', { messages: [text] }));
}

/** Upserts `csrf_token` with a fresh token. */
export const setCsrf = (c: UiContainer, token: string): void => upsertNode(c, csrfNode(token));
