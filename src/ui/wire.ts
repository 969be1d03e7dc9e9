import type { UiText } from '../text/message.js';
import { INPUT_TYPES } from './names.js';
import type { InputType } from './names.js';
import type { NodeMeta, UiContainer, UiNode } from './types.js';

/** A message on the wire: `id`, `text`, `type`, then `context` only when present. */
export type UiTextWire = {
  id: number;
  text: string;
  type: 'info' | 'error';
  context?: Record<string, unknown>;
};

/** A node on the wire; `attributes` keys are in the spec's order (ui.md §2.1). */
export type UiNodeWire = {
  type: UiNode['type'];
  group: string;
  attributes: Record<string, unknown>;
  messages: UiTextWire[];
  meta: { label?: UiTextWire };
};

/** `flow.ui` on the wire and in the database. `messages` is omitted when empty. */
export type UiContainerWire = {
  action: string;
  method: string;
  nodes: UiNodeWire[];
  messages?: UiTextWire[];
};

export function textToWire(t: UiText): UiTextWire {
  const out: UiTextWire = { id: t.id, text: t.text, type: t.type };
  if (t.context !== undefined && t.context !== null) out.context = t.context;
  return out;
}

function attributesToWire(node: UiNode): Record<string, unknown> {
  switch (node.type) {
    case 'input': {
      const a = node.attributes;
      const out: Record<string, unknown> = { name: a.name, type: a.type };
      if (a.value !== undefined && a.value !== null) out.value = a.value;
      if (a.required) out.required = true;
      if (a.label) out.label = textToWire(a.label);
      if (a.pattern) out.pattern = a.pattern;
      out.disabled = a.disabled === true;
      if (a.onclick) out.onclick = a.onclick;
      out.node_type = 'input';
      return out;
    }
    case 'img': {
      const a = node.attributes;
      const out: Record<string, unknown> = { src: a.src, id: a.id };
      if (a.width) out.width = a.width;
      if (a.height) out.height = a.height;
      out.node_type = 'img';
      return out;
    }
    case 'a': {
      const a = node.attributes;
      return { href: a.href, title: textToWire(a.title), id: a.id, node_type: 'a' };
    }
    case 'text': {
      const a = node.attributes;
      return { text: textToWire(a.text), id: a.id, node_type: 'text' };
    }
    case 'script': {
      const a = node.attributes;
      return {
        src: a.src,
        async: a.async,
        referrerpolicy: a.referrerpolicy,
        crossorigin: a.crossorigin,
        integrity: a.integrity,
        type: a.type,
        id: a.id,
        node_type: 'script',
      };
    }
  }
}

export function nodeToWire(node: UiNode): UiNodeWire {
  return {
    type: node.type,
    group: node.group,
    attributes: attributesToWire(node),
    messages: node.messages.map(textToWire),
    meta: node.meta.label ? { label: textToWire(node.meta.label) } : {},
  };
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
