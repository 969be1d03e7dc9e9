/**
 * Node names for nested fields are dotted paths (`traits.name.first`); a literal `.` inside a
 * key is escaped as `\.` (gjson style, as upstream's jsonschemax / jsonx.Flatten).
 */
export const escapeSegment = (segment: string): string => segment.replaceAll('.', '\\.');

export const dottedName = (segments: readonly string[]): string => segments.map(escapeSegment).join('.');

const decodeToken = (t: string): string => t.replaceAll('~1', '/').replaceAll('~0', '~');

/** JSON pointer (`#/traits/email`, `/password`, `#/`, `#`) → node name (`traits.email`; `` for the root). */
export function pointerToName(pointer: string): string {
  let p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (p.startsWith('/')) p = p.slice(1);
  if (p === '') return '';
  return dottedName(p.split('/').map(decodeToken));
}
