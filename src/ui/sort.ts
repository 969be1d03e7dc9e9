import { goFloat, goValue } from '../schema/gofmt.js';
import { NodeGroup, NodeName } from './names.js';
import { nodeId, nodeValue } from './types.js';
import type { UiContainer, UiNode } from './types.js';

/** How a flow orders its nodes (ui.md §5.1). */
export interface SortOrder {
  /** Groups in display order; groups not listed come first. */
  groupRank: readonly string[];
  /** Node-ID prefixes in display order; the first entry that prefixes a node's ID decides its position. */
  keyList: readonly string[];
}

/** Go's `fmt.Sprintf("%v", value)` of a node value (float64 numbers, `<nil>` when missing). */
function valueText(v: unknown): string {
  if (typeof v === 'number') return goFloat(v);
  return goValue(v);
}

// Go compares strings bytewise (UTF-8); JS `<` compares UTF-16 units, which differs above U+FFFF.
const compareBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * The ui.md §5.1 order: nodes by group rank (unknown groups first, stable), then within each
 * group stably by position, ties by the value's `%v` text. Nodes named `method` come last in
 * their group, nodes matching no key after all matching ones. Returns a new array.
 */
export function sortNodes(nodes: readonly UiNode[], order: SortOrder): UiNode[] {
  const rank = (n: UiNode): number => order.groupRank.indexOf(n.group);
  const byGroup = [...nodes].sort((a, b) => rank(a) - rank(b));

  const keys = order.keyList;
  const methodPosition = byGroup.length + keys.length + 1;
  const position = (n: UiNode): number => {
    const id = nodeId(n);
    if (id === NodeName.Method) return methodPosition;
    const i = keys.findIndex((k) => id.startsWith(k));
    return i >= 0 ? i : keys.length;
  };
  const keyed = byGroup.map((node, index) => ({ node, index, pos: position(node), value: valueText(nodeValue(node)) }));

  // Sort each group among the slots it occupies (two unranked groups may interleave; each keeps its slots).
  const slots = new Map<string, number[]>();
  keyed.forEach((k, i) => {
    const list = slots.get(k.node.group);
    if (list) list.push(i);
    else slots.set(k.node.group, [i]);
  });
  const out: UiNode[] = new Array<UiNode>(keyed.length);
  for (const indexes of slots.values()) {
    const members = indexes.map((i) => keyed[i] as (typeof keyed)[number]);
    members.sort((a, b) => a.pos - b.pos || compareBytes(a.value, b.value) || a.index - b.index);
    indexes.forEach((slot, i) => {
      out[slot] = (members[i] as (typeof keyed)[number]).node;
    });
  }
  return out;
}

/** Sorts the container's nodes in place. */
export function sortContainer(c: UiContainer, order: SortOrder): void {
  c.nodes = sortNodes(c.nodes, order);
}

export const loginOrder: SortOrder = {
  groupRank: [
    NodeGroup.Default,
    NodeGroup.Oidc,
    NodeGroup.Password,
    NodeGroup.WebAuthn,
    NodeGroup.Totp,
    NodeGroup.LookupSecret,
  ],
  keyList: [NodeName.PasswordIdentifier, NodeName.Password],
};

/** Registration: the schema's leaf paths with `password` after the first one. */
export function registrationOrder(schemaPaths: readonly string[]): SortOrder {
  const [first, ...rest] = schemaPaths;
  return {
    groupRank: [NodeGroup.Default, NodeGroup.Oidc, NodeGroup.Password],
    keyList: first === undefined ? [NodeName.Password] : [first, NodeName.Password, ...rest],
  };
}

const SETTINGS_KEYS = [
  NodeName.LookupReveal,
  NodeName.LookupRegenerate,
  NodeName.LookupCodes,
  NodeName.LookupConfirm,
  NodeName.WebAuthnRemove,
  NodeName.WebAuthnRegisterDisplayName,
  NodeName.WebAuthnRegister,
  NodeName.TotpQr,
  NodeName.TotpSecretKey,
  NodeName.TotpUnlink,
  NodeName.TotpCode,
];

/** Settings: the schema's leaf paths, then the lookup, WebAuthn and TOTP node names. */
export function settingsOrder(schemaPaths: readonly string[]): SortOrder {
  return {
    groupRank: [
      NodeGroup.Default,
      NodeGroup.Profile,
      NodeGroup.Password,
      NodeGroup.Oidc,
      NodeGroup.LookupSecret,
      NodeGroup.WebAuthn,
      NodeGroup.Totp,
    ],
    keyList: [...schemaPaths, ...SETTINGS_KEYS],
  };
}
