/** Go `time.Time` JSON encoding: RFC 3339 in UTC, trailing zeros of the fraction dropped. */
export function formatTime(d: Date): string {
  const iso = d.toISOString();
  const dot = iso.indexOf('.');
  if (dot < 0) return iso;
  const frac = iso.slice(dot + 1, -1).replace(/0+$/, '');
  return iso.slice(0, dot) + (frac ? '.' + frac : '') + 'Z';
}

/** The zero time as Go prints it. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** A clock; tests may substitute their own. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
