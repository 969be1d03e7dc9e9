import { TRAITS_PREFIX } from './names.js';
import type { InputType, NodeGroupName } from './names.js';
import { findNode } from './container.js';
import { inputNode } from './nodes.js';
import { escapeSegment } from './path.js';
import type { UiContainer } from './types.js';

/**
 * Flattens JSON into dotted keys (`a.b.c`, array items `a.tags.0`), in document order; a literal
 * `.` in a key is escaped as `\.`. Empty objects and arrays yield nothing; `null` is kept.
 */
export function flattenTraits(value: unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (v: unknown, key: string): void => {
    const join = (k: string): string => (key === '' ? k : `${key}.${k}`);
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, join(String(i))));
    else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) walk(item, join(escapeSegment(k)));
    } else if (key !== '') out.push([key, v]);
  };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) walk(value, '');
  return out;
}

const typeOfValue = (v: unknown): InputType =>
  typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'checkbox' : 'text';

/**
 * Puts the identity's traits into the trait inputs (ui.md §4): each flattened key sets the value
 * of `traits.<key>`; keys without an input get a new one in `group`, typed by the value.
 */
export function fillTraitValues(c: UiContainer, traits: unknown, group: NodeGroupName): void {
  for (const [key, value] of flattenTraits(traits)) {
    const name = `${TRAITS_PREFIX}.${key}`;
    const node = findNode(c, name);
    if (node) {
      if (node.type === 'input') {
        if (value === null) delete node.attributes.value;
        else node.attributes.value = value;
      }
      continue;
    }
    c.nodes.push(inputNode(name, group, typeOfValue(value), value === null ? {} : { value }));
  }
}
