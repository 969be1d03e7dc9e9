/**
 * Go `fmt` renderings the message texts depend on. Go formats `%.2f` from the exact binary value
 * and rounds an exact tie to even (`0.125` → `0.12`), where `Number#toFixed` rounds it up.
 */
export function goFixed2(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN';
  const abs = Math.abs(x);
  const scaled = abs * 100;
  // An exact tie at the second decimal is only possible for odd multiples of 1/8 (…125, …375, …).
  const eighths = abs * 8;
  let out: string;
  if (Number.isInteger(eighths) && eighths % 2 === 1 && Number.isSafeInteger(Math.floor(scaled))) {
    const lo = Math.floor(scaled);
    const even = lo % 2 === 0 ? lo : lo + 1;
    out = `${Math.floor(even / 100)}.${String(even % 100).padStart(2, '0')}`;
  } else {
    out = abs.toFixed(2);
  }
  // Go keeps the sign of negative values that round to zero (`-0.00`).
  return (x < 0 || Object.is(x, -0) ? '-' : '') + out;
}

/** Minutes of a duration given in milliseconds, as Go's `Duration.Minutes()` prints with `%.2f`. */
export const minutesText = (ms: number): string => goFixed2(ms / 60_000);

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * Go's `time.Time.String()` of a UTC time: `2006-01-02 15:04:05.999999999 +0000 UTC`
 * (the fraction without trailing zeros, omitted when zero).
 */
export function goTimeString(d: Date): string {
  const ms = d.getUTCMilliseconds();
  const frac = ms === 0 ? '' : '.' + pad(ms, 3).replace(/0+$/, '');
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac} +0000 UTC`
  );
}
