import type { UiText } from '../text/message.js';
import type { InputType, NodeGroupName } from './names.js';
import type { UiNodeAnchorAttributes, UiNodeImageAttributes, UiNodeScriptAttributes, UiNodeTextAttributes } from '../wire/ui.js';

/**
 * The domain model of `flow.ui` (ui.md §1–§2). Attribute field names equal the wire names;
 * `toWire` (wire.ts) decides key order and what is omitted.
 */

export interface InputAttributes {
  name: string;
  type: InputType;
  /** Absent/null → omitted on the wire; `""` is kept. */
  value?: unknown;
  required?: boolean;
  /** Never set by the server (labels go to `meta.label`); kept for stored flows. */
  label?: UiText;
  pattern?: string;
  disabled: boolean;
  onclick?: string;
  node_type: 'input';
}

// Non-input attributes are stored as they go on the wire: one definition for server and client.
export type TextAttributes = UiNodeTextAttributes;
export type ImageAttributes = UiNodeImageAttributes;
export type AnchorAttributes = UiNodeAnchorAttributes;
export type ScriptAttributes = UiNodeScriptAttributes;

export interface NodeMeta {
  label?: UiText;
}

interface NodeBase {
  group: NodeGroupName;
  messages: UiText[];
  meta: NodeMeta;
}

export interface UiInputNode extends NodeBase {
  type: 'input';
  attributes: InputAttributes;
}

export interface UiTextNode extends NodeBase {
  type: 'text';
  attributes: TextAttributes;
}

export interface UiImageNode extends NodeBase {
  type: 'img';
  attributes: ImageAttributes;
}

export interface UiAnchorNode extends NodeBase {
  type: 'a';
  attributes: AnchorAttributes;
}

export interface UiScriptNode extends NodeBase {
  type: 'script';
  attributes: ScriptAttributes;
}

/** One UI node, discriminated by `type` (which always equals `attributes.node_type`). */
export type UiNode = UiInputNode | UiTextNode | UiImageNode | UiAnchorNode | UiScriptNode;

/** `flow.ui`: mutable in place by the operations of container.ts. */
export interface UiContainer {
  action: string;
  method: 'POST';
  nodes: UiNode[];
  messages: UiText[];
}

/** A node's identity: `name` for inputs, `id` otherwise (ui.md §2.1). */
export function nodeId(node: UiNode): string {
  return node.type === 'input' ? node.attributes.name : node.attributes.id;
}

/** The node's value, for inputs only. */
export function nodeValue(node: UiNode): unknown {
  return node.type === 'input' ? node.attributes.value : undefined;
}
