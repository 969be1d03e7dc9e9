import type { UiText } from '../text/message.js';
import type * as Wire from '../wire/ui.js';
import { INPUT_TYPES } from './names.js';
import type { InputType } from './names.js';
import type { NodeMeta, UiContainer, UiNode } from './types.js';

/** A message on the wire: `id`, `text`, `type`, then `context` only when present. */
export type UiTextWire = Wire.UiText;

/** A node on the wire; `attributes` keys are in the spec's order (ui.md §2.1). */
export type UiNodeWire = Wire.UiNode;

/** `flow.ui` on the wire and in the database. `messages` is omitted when empty. */
export type UiContainerWire = Wire.UiContainer;

export function textToWire(t: UiText): UiTextWire {
  const out: UiTextWire = { id: t.id, text: t.text, type: t.type };
  if (t.context !== undefined && t.context !== null) out.context = t.context;
  return out;
}

/** Wire order: name, type, value, required, label, pattern, disabled, onclick, node_type (ui.md §2.1). */
function inputToWire(a: Extract<UiNode, { type: 'input' }>['attributes']): Wire.UiNodeInputAttributes {
  return {
    name: a.name,
    type: a.type,
    ...(a.value !== undefined && a.value !== null ? { value: a.value } : {}),
    ...(a.required ? { required: true } : {}),
    ...(a.label ? { label: textToWire(a.label) } : {}),
    ...(a.pattern ? { pattern: a.pattern } : {}),
    disabled: a.disabled === true,
    ...(a.onclick ? { onclick: a.onclick } : {}),
    node_type: 'input',
  };
}

function imageToWire(a: Extract<UiNode, { type: 'img' }>['attributes']): Wire.UiNodeImageAttributes {
  return {
    src: a.src,
    id: a.id,
    ...(a.width ? { width: a.width } : {}),
    ...(a.height ? { height: a.height } : {}),
    node_type: 'img',
  };
}

/** `messages` and `meta` of a node, which follow `attributes` on the wire. */
const tailToWire = (node: UiNode): Pick<UiNodeWire, 'messages' | 'meta'> => ({
  messages: node.messages.map(textToWire),
  meta: node.meta.label ? { label: textToWire(node.meta.label) } : {},
});

export function nodeToWire(node: UiNode): UiNodeWire {
  switch (node.type) {
    case 'input':
      return { type: 'input', group: node.group, attributes: inputToWire(node.attributes), ...tailToWire(node) };
    case 'img':
      return { type: 'img', group: node.group, attributes: imageToWire(node.attributes), ...tailToWire(node) };
    case 'a': {
      const a = node.attributes;
      const attributes = { href: a.href, title: textToWire(a.title), id: a.id, node_type: 'a' } as const;
      return { type: 'a', group: node.group, attributes, ...tailToWire(node) };
    }
    case 'text': {
      const a = node.attributes;
      const attributes = { text: textToWire(a.text), id: a.id, node_type: 'text' } as const;
      return { type: 'text', group: node.group, attributes, ...tailToWire(node) };
    }
    case 'script': {
      const a = node.attributes;
      const attributes = {
        src: a.src,
        async: a.async,
        referrerpolicy: a.referrerpolicy,
        crossorigin: a.crossorigin,
        integrity: a.integrity,
        type: a.type,
        id: a.id,
        node_type: 'script',
      } as const;
      return { type: 'script', group: node.group, attributes, ...tailToWire(node) };
    }
  }
}

/** The exact wire JSON of a container (ui.md §1–§2). */
export function toWire(c: UiContainer): UiContainerWire {
  const out: UiContainerWire = { action: c.action, method: c.method, nodes: c.nodes.map(nodeToWire) };
  if (c.messages.length > 0) out.messages = c.messages.map(textToWire);
  return out;
}

// ---- reading stored JSON back ----

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(what: string): never {
  throw new TypeError(`invalid ui container: ${what}`);
}

const str = (v: unknown, what: string): string => (typeof v === 'string' ? v : fail(`${what} must be a string`));

export function textFromWire(v: unknown): UiText {
  if (!isRecord(v) || typeof v.id !== 'number' || typeof v.text !== 'string') fail('malformed message');
  if (v.type !== 'info' && v.type !== 'error') fail(`unknown message type ${String(v.type)}`);
  const out: UiText = { id: v.id, text: v.text, type: v.type };
  if (isRecord(v.context)) out.context = v.context;
  return out;
}

const messagesFromWire = (v: unknown): UiText[] => (Array.isArray(v) ? v.map(textFromWire) : []);

function metaFromWire(v: unknown): NodeMeta {
  return isRecord(v) && v.label !== undefined && v.label !== null ? { label: textFromWire(v.label) } : {};
}

const optional = <T>(v: T | undefined, key: string): Record<string, T> => (v === undefined ? {} : { [key]: v });

export function nodeFromWire(v: unknown): UiNode {
  if (!isRecord(v) || !isRecord(v.attributes)) fail('malformed node');
  const a = v.attributes;
  const type = v.type ?? a.node_type;
  const base = { group: str(v.group, 'group'), messages: messagesFromWire(v.messages), meta: metaFromWire(v.meta) };
  switch (type) {
    case 'input': {
      const inputType = a.type as InputType;
      if (!INPUT_TYPES.includes(inputType)) fail(`unknown input type ${String(a.type)}`);
      return {
        type: 'input',
        ...base,
        attributes: {
          name: str(a.name, 'name'),
          type: inputType,
          ...optional(a.value ?? undefined, 'value'),
          ...(a.required === true ? { required: true } : {}),
          ...optional(a.label != null ? textFromWire(a.label) : undefined, 'label'),
          ...optional(typeof a.pattern === 'string' && a.pattern ? a.pattern : undefined, 'pattern'),
          disabled: a.disabled === true,
          ...optional(typeof a.onclick === 'string' && a.onclick ? a.onclick : undefined, 'onclick'),
          node_type: 'input',
        },
      };
    }
    case 'text':
      return { type: 'text', ...base, attributes: { text: textFromWire(a.text), id: str(a.id, 'id'), node_type: 'text' } };
    case 'img':
      return {
        type: 'img',
        ...base,
        attributes: {
          src: str(a.src, 'src'),
          id: str(a.id, 'id'),
          ...optional(typeof a.width === 'number' ? a.width : undefined, 'width'),
          ...optional(typeof a.height === 'number' ? a.height : undefined, 'height'),
          node_type: 'img',
        },
      };
    case 'a':
      return {
        type: 'a',
        ...base,
        attributes: { href: str(a.href, 'href'), title: textFromWire(a.title), id: str(a.id, 'id'), node_type: 'a' },
      };
    case 'script':
      return {
        type: 'script',
        ...base,
        attributes: {
          src: str(a.src, 'src'),
          async: a.async === true,
          referrerpolicy: str(a.referrerpolicy ?? '', 'referrerpolicy'),
          crossorigin: str(a.crossorigin ?? '', 'crossorigin'),
          integrity: str(a.integrity ?? '', 'integrity'),
          type: str(a.type ?? '', 'type'),
          id: str(a.id, 'id'),
          node_type: 'script',
        },
      };
    default:
      return fail(`unknown node type ${String(type)}`);
  }
}

/** Rebuilds the domain container from the wire JSON a flow stored. */
export function fromWire(v: unknown): UiContainer {
  if (!isRecord(v)) fail('not an object');
  if (!Array.isArray(v.nodes) && v.nodes !== undefined && v.nodes !== null) fail('nodes must be an array');
  return {
    action: str(v.action ?? '', 'action'),
    method: 'POST',
    nodes: Array.isArray(v.nodes) ? v.nodes.map(nodeFromWire) : [],
    messages: messagesFromWire(v.messages),
  };
}
