/**
 * The "too similar to the identifier" rule (ui.md §6), reproduced at the level Go computes it:
 * lengths are UTF-8 byte counts, case folding is per code point, and the longest-common-substring
 * table is indexed by byte offset.
 */
import { utf8Length } from '../../../hash/encoding.js';

/** Upstream's thresholds: edit distance below 5, or a shared run longer than half the password. */
export const MIN_IDENTIFIER_DISTANCE = 5;

interface Rune {
  cp: number;
  /** Byte offset of this code point in the UTF-8 encoding of the string. */
  offset: number;
  bytes: number;
}

const utf8Bytes = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

function runes(s: string): Rune[] {
  const out: Rune[] = [];
  let offset = 0;
  for (const ch of s) {
    let cp = ch.codePointAt(0) as number;
    // A lone surrogate is not valid UTF-8; Go would see U+FFFD there, as Buffer does.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    const bytes = utf8Bytes(cp);
    out.push({ cp, offset, bytes });
    offset += bytes;
  }
  return out;
}

/**
 * Go's `strings.ToLower`: one code point maps to one code point. JavaScript's toLowerCase can
 * expand (`İ` → `i̇`) or depend on context (final sigma); mapping each code point alone and
 * keeping the first one of the result matches Go's simple case mapping.
 */
export function goToLower(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += lower.length > ch.length ? String.fromCodePoint(lower.codePointAt(0) as number) : lower;
  }
  return out;
}

/** Levenshtein distance over code points (two rolling rows). */
export function levenshtein(a: string, b: string): number {
  const ra = runes(a).map((r) => r.cp);
  const rb = runes(b).map((r) => r.cp);
  let prev = Array.from({ length: rb.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ra.length; i++) {
    const cur = [i];
    for (let j = 1; j <= rb.length; j++) {
      const cost = ra[i - 1] === rb[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = cur;
  }
  return prev[rb.length] as number;
}

/**
 * Length (in code points) of the longest common substring, with upstream's quirk kept: its table
 * is addressed by *byte* offsets while it walks code points, so the diagonal predecessor of a
 * character that follows a multi-byte character reads an unwritten (zero) cell. A run therefore
 * restarts after every non-ASCII character. Only the previous row is kept, so memory is
 * O(bytes of b) instead of upstream's O(bytes of a × bytes of b).
 */
export function lcsLength(a: string, b: string): number {
  const ra = runes(a);
  const rb = runes(b);
  const width = utf8Length(b);
  let prev = new Int32Array(width);
  let row = new Int32Array(width);
  // Whether byte offset i-1 of `a` is the start of the previous code point (i.e. it was 1 byte).
  let prevIsRuneStart = false;
  let best = 0;
  for (const x of ra) {
    row.fill(0);
    for (const y of rb) {
      if (x.cp !== y.cp) continue;
      let curr = 1;
      if (x.offset !== 0 && y.offset !== 0 && prevIsRuneStart) curr = (prev[y.offset - 1] as number) + 1;
      row[y.offset] = curr;
      if (curr > best) best = curr;
    }
    [prev, row] = [row, prev];
    prevIsRuneStart = x.bytes === 1;
  }
  return best;
}

/** Both strings are compared lower-cased; the ratio's denominator is the password's byte length. */
export function isTooSimilar(identifier: string, password: string): boolean {
  const id = goToLower(identifier);
  const pw = goToLower(password);
  if (levenshtein(id, pw) < MIN_IDENTIFIER_DISTANCE) return true;
  // lcs / len > 0.5, in integers.
  return 2 * lcsLength(id, pw) > utf8Length(pw);
}
