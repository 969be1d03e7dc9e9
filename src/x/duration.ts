const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export const DURATION_PATTERN = '^([0-9]+(ns|us|ms|s|m|h))+$';

/** Go durations are int64 nanoseconds: about 292 years either way. */
export const MAX_DURATION_MS = 9_223_372_036_854;

/**
 * Parses a Go duration string (`1h30m`, `90s`, `-5m`) into milliseconds; null if invalid or,
 * as in Go, out of range (a longer one would also overflow every date computed from it).
 */
export function parseDuration(input: string): number | null {
  const m = /^([+-]?)(.+)$/.exec(input);
  if (!m || !m[2]) return null;
  const body = m[2];
  if (body === '0') return 0;
  const re = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let part = re.exec(body); part; part = re.exec(body)) {
    total += Number(part[1]) * (UNIT_MS[part[2] as string] ?? 0);
    consumed = re.lastIndex;
  }
  if (consumed !== body.length || consumed === 0) return null;
  if (total > MAX_DURATION_MS) return null;
  return m[1] === '-' ? -total : total;
}

/** Like parseDuration but throws with the offending value. */
export function mustParseDuration(input: string): number {
  const ms = parseDuration(input);
  if (ms === null) throw new Error(`invalid duration "${input}"`);
  return ms;
}

const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15, EB: 1e18 };

/** Parses a byte size such as `128MB` into bytes. */
export function parseByteSize(input: string): number | null {
  const m = /^([0-9]+)(B|KB|MB|GB|TB|PB|EB)$/.exec(input.trim());
  if (!m) return null;
  return Number(m[1]) * (SIZE_UNITS[m[2] as string] ?? 1);
}
