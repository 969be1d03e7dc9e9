import type { UiText } from '../text/message.js';
import { NodeGroup, NodeName } from './names.js';
import type { InputType, NodeGroupName } from './names.js';
import type { NodeMeta, UiAnchorNode, UiImageNode, UiInputNode, UiScriptNode, UiTextNode } from './types.js';

export interface InputNodeOptions {
  value?: unknown;
  required?: boolean;
  pattern?: string;
  onclick?: string;
  disabled?: boolean;
  /** Goes to `meta.label` (the server never fills `attributes.label`). */
  label?: UiText;
  messages?: UiText[];
}

const meta = (label: UiText | undefined): NodeMeta => (label ? { label } : {});

/** An `input` node. */
export function inputNode(name: string, group: NodeGroupName, type: InputType, opts: InputNodeOptions = {}): UiInputNode {
  const attributes: UiInputNode['attributes'] = { name, type, disabled: opts.disabled === true, node_type: 'input' };
  if (opts.value !== undefined) attributes.value = opts.value;
  if (opts.required) attributes.required = true;
  if (opts.pattern) attributes.pattern = opts.pattern;
  if (opts.onclick) attributes.onclick = opts.onclick;
  return { type: 'input', group, attributes, messages: [...(opts.messages ?? [])], meta: meta(opts.label) };
}

/** `csrf_token`: hidden, group `default`, required, value = the (masked) token. */
export const csrfNode = (token: string): UiInputNode =>
  inputNode(NodeName.Csrf, NodeGroup.Default, 'hidden', { value: token, required: true });

/** A submit button; by default the `method` button of a strategy (`value` = the method). */
export const submitNode = (group: NodeGroupName, value: string, label: UiText, name: string = NodeName.Method): UiInputNode =>
  inputNode(name, group, 'submit', { value, label });

/** A `text` node (e.g. `totp_secret_key`, `lookup_secret_codes`). */
export function textNode(id: string, text: UiText, group: NodeGroupName, label?: UiText): UiTextNode {
  return { type: 'text', group, attributes: { text, id, node_type: 'text' }, messages: [], meta: meta(label) };
}

export interface ImageNodeOptions {
  width?: number;
  height?: number;
  label?: UiText;
}

/** An `img` node (e.g. `totp_qr`). */
export function imgNode(id: string, src: string, group: NodeGroupName, opts: ImageNodeOptions = {}): UiImageNode {
  const attributes: UiImageNode['attributes'] = { src, id, node_type: 'img' };
  if (opts.width) attributes.width = opts.width;
  if (opts.height) attributes.height = opts.height;
  return { type: 'img', group, attributes, messages: [], meta: meta(opts.label) };
}

/** An `a` node (none are produced in this version; kept for stored flows and completeness). */
export function anchorNode(id: string, href: string, title: UiText, group: NodeGroupName): UiAnchorNode {
  return { type: 'a', group, attributes: { href, title, id, node_type: 'a' }, messages: [], meta: {} };
}

export interface ScriptNodeOptions {
  async?: boolean;
  referrerpolicy?: string;
  crossorigin?: string;
  integrity?: string;
  type?: string;
}

/**
 * A `script` node. Defaults are those of the WebAuthn script (ui.md §5.7): async,
 * `no-referrer`, `anonymous`, `text/javascript`.
 */
export function scriptNode(id: string, src: string, group: NodeGroupName, opts: ScriptNodeOptions = {}): UiScriptNode {
  return {
    type: 'script',
    group,
    attributes: {
      src,
      async: opts.async ?? true,
      referrerpolicy: opts.referrerpolicy ?? 'no-referrer',
      crossorigin: opts.crossorigin ?? 'anonymous',
      integrity: opts.integrity ?? '',
      type: opts.type ?? 'text/javascript',
      id,
      node_type: 'script',
    },
    messages: [],
    meta: {},
  };
}
