/**
 * The `email` and `hostname` formats exactly as Kratos' validator checks them (identity.md §4.3).
 * Both the `format` keyword and the `verification` / `recovery` extension use `isEmail`.
 */

const LABEL = /^[A-Za-z0-9-]{1,63}$/;

/** RFC 1034/1123 host name; a single label (`localhost`) is fine, a trailing dot is ignored. */
export function isHostname(value: string): boolean {
  const s = value.endsWith('.') ? value.slice(0, -1) : value;
  if (Buffer.byteLength(s, 'utf8') > 253) return false;
  // Upstream looks at the first character of the whole name here, not of each label.
  if (s.startsWith('-')) return false;
  for (const label of s.split('.')) {
    if (!LABEL.test(label) || label.endsWith('-')) return false;
  }
  return true;
}

// RFC 5322 atext: printable ASCII without specials; Go's net/mail also accepts any non-ASCII.
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+$/u;
// Quoted-string content: qtext (printable ASCII but `"` and `\`, plus non-ASCII) or WSP or a quoted pair.
const QCONTENT = /^(?:[\x20\x21\x23-\x5b\x5d-\x7e\t\u0080-\u{10FFFF}]|\\[\x20-\x7e\t])*$/u;

function isDotAtom(s: string): boolean {
  return s.split('.').every((atom) => ATEXT.test(atom));
}

/** Whether `local@domain` parses as one RFC 5322 addr-spec (what Go's mail.ParseAddress accepts). */
function isAddrSpec(local: string, domain: string): boolean {
  // mail.ParseAddress skips leading white space before the address.
  const l = local.replace(/^[ \t]+/, '');
  const localOk = l.startsWith('"')
    ? l.length > 2 && l.endsWith('"') && QCONTENT.test(l.slice(1, -1))
    : isDotAtom(l);
  return localOk && isDotAtom(domain);
}

/**
 * At most 254 bytes, `@` present (the last one splits), local part at most 64 bytes, domain a
 * host name, and the whole string one RFC 5322 address. Lengths are UTF-8 bytes as in Go.
 */
export function isEmail(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (Buffer.byteLength(value, 'utf8') > 254) return false;
  const at = value.lastIndexOf('@');
  if (at < 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (Buffer.byteLength(local, 'utf8') > 64) return false;
  if (!isHostname(domain)) return false;
  return isAddrSpec(local, domain);
}
