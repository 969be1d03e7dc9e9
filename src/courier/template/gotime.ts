/** A Go time.Time stand-in: an instant plus a zone, formatted with Go reference layouts. */

/** A time zone: its offset (minutes east of UTC) at an instant, and Go's abbreviation. */
interface Zone {
  offset(epochMs: number): number;
  abbrev(epochMs: number): string;
}

const UTC: Zone = { offset: () => 0, abbrev: () => 'UTC' };

/** Abbreviation like Go's: the zone's own name when it has a letter one, else `+0530` style. */
function zoneFromIntl(timeZone: string | undefined): Zone {
  const offsetFmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  // No single locale knows every tzdata abbreviation (en-US: EST, en-GB: CET, en-IN: IST).
  const nameFmts = ['en-US', 'en-GB', 'en-IN', 'en-AU'].map((l) => new Intl.DateTimeFormat(l, { timeZone, timeZoneName: 'short' }));
  const part = (f: Intl.DateTimeFormat, ms: number): string => f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const offset = (ms: number): number => {
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part(offsetFmt, ms));
    return m === null ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  };
  return {
    offset,
    abbrev: (ms) => {
      const names = nameFmts.map((f) => part(f, ms));
      const letters = names.find((n) => /^[A-Z]{3,5}$/.test(n) && n !== 'GMT');
      if (letters !== undefined) return letters;
      const name = names[0] ?? '';
      const off = offset(ms);
      if (off === 0) return timeZone === undefined ? 'UTC' : name === 'GMT' ? 'GMT' : 'UTC';
      const a = Math.abs(off);
      const mm = a % 60;
      return `${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}${mm === 0 ? '' : pad(mm, 2)}`;
    },
  };
}

let localZone: Zone | undefined;

/** Resolves a zone name (`UTC`, `Local`, or an IANA name); unknown names fall back to UTC like Sprig. */
export function loadZone(name: string): Zone {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return (localZone ??= zoneFromIntl(undefined));
  try {
    return zoneFromIntl(name);
  } catch {
    return UTC;
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(n: number, width: number, ch = '0'): string {
  return String(n).padStart(width, ch);
}

/** Calendar fields in the time's zone. */
interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  weekday: number;
  yday: number;
  offset: number;
  abbrev: string;
}

/** An instant (millisecond precision) in a zone. */
export class GoTime {
  constructor(
    readonly epochMs: number,
    private readonly zone: Zone = loadZone('Local'),
  ) {}

  static now(): GoTime {
    return new GoTime(Date.now());
  }

  in(zone: Zone): GoTime {
    return new GoTime(this.epochMs, zone);
  }

  parts(): Parts {
    const offset = this.zone.offset(this.epochMs);
    const d = new Date(this.epochMs + offset * 60_000);
    const start = Date.UTC(d.getUTCFullYear(), 0, 1);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      nanos: d.getUTCMilliseconds() * 1_000_000,
      weekday: d.getUTCDay(),
      yday: Math.floor((d.getTime() - start) / 86_400_000) + 1,
      offset,
      abbrev: this.zone.abbrev(this.epochMs),
    };
  }

  /** Formats with a Go reference layout (`2006-01-02T15:04:05Z07:00`). */
  format(layout: string): string {
    const p = this.parts();
    let out = '';
    for (let i = 0; i < layout.length; ) {
      const hit = stdChunk(layout, i, p);
      if (hit === null) {
        out += layout[i];
        i++;
      } else {
        out += hit[1];
        i += hit[0];
      }
    }
    return out;
  }

  /** Go's Time.String() (without the monotonic clock reading). */
  toString(): string {
    return this.format('2006-01-02 15:04:05.999999999 -0700 MST');
  }

  /** JSON like Go's time.Time MarshalJSON (RFC 3339 with nanoseconds). */
  toJSON(): string {
    return this.format('2006-01-02T15:04:05.999999999Z07:00');
  }

  /** Go methods callable from templates (`{{ now.Year }}`, `{{ .T.Format "2006" }}`). */
  callMethod(name: string, args: unknown[]): unknown {
    const p = this.parts();
    const noArgs = (v: unknown): unknown => {
      if (args.length !== 0) throw new TypeError(`wrong number of args for ${name}: want 0 got ${args.length}`);
      return v;
    };
    switch (name) {
      case 'Year':
        return noArgs(BigInt(p.year));
      case 'Month':
        return noArgs(MONTHS[p.month - 1]);
      case 'Day':
        return noArgs(BigInt(p.day));
      case 'Hour':
        return noArgs(BigInt(p.hour));
      case 'Minute':
        return noArgs(BigInt(p.minute));
      case 'Second':
        return noArgs(BigInt(p.second));
      case 'Nanosecond':
        return noArgs(BigInt(p.nanos));
      case 'YearDay':
        return noArgs(BigInt(p.yday));
      case 'Weekday':
        return noArgs(DAYS[p.weekday]);
      case 'Unix':
        return noArgs(BigInt(Math.floor(this.epochMs / 1000)));
      case 'UnixMilli':
        return noArgs(BigInt(Math.floor(this.epochMs)));
      case 'UTC':
        return noArgs(this.in(UTC));
      case 'Local':
        return noArgs(this.in(loadZone('Local')));
      case 'String':
        return noArgs(this.toString());
      case 'Format': {
        const [layout] = args;
        if (args.length !== 1 || typeof layout !== 'string') throw new TypeError(`wrong number of args for Format: want 1 got ${args.length}`);
        return layout === '' ? '' : this.format(layout);
      }
    }
    throw new TypeError(`can't evaluate field ${name} in type time.Time`);
  }
}

function numTZ(off: number, colon: boolean, withMinutes: boolean, withSeconds: boolean, z: boolean): string {
  if (z && off === 0) return 'Z';
  const a = Math.abs(off);
  let s = `${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}`;
  if (withMinutes) s += (colon ? ':' : '') + pad(a % 60, 2);
  if (withSeconds) s += (colon ? ':' : '') + '00';
  return s;
}

/** The Go layout element at `i`: [length in the layout, rendered text], or null for a literal. */
function stdChunk(l: string, i: number, p: Parts): [number, string] | null {
  const at = (s: string): boolean => l.startsWith(s, i);
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  switch (l[i]) {
    case 'J':
      if (at('January')) return [7, MONTHS[p.month - 1] ?? ''];
      if (at('Jan')) return [3, (MONTHS[p.month - 1] ?? '').slice(0, 3)];
      break;
    case 'M':
      if (at('Monday')) return [6, DAYS[p.weekday] ?? ''];
      if (at('Mon')) return [3, (DAYS[p.weekday] ?? '').slice(0, 3)];
      if (at('MST')) return [3, p.abbrev];
      break;
    case '0': {
      const vals: Record<string, string> = {
        '1': pad(p.month, 2),
        '2': pad(p.day, 2),
        '3': pad(h12, 2),
        '4': pad(p.minute, 2),
        '5': pad(p.second, 2),
        '6': pad(p.year % 100, 2),
      };
      const v = vals[l[i + 1] ?? ''];
      if (v !== undefined) return [2, v];
      if (at('002')) return [3, pad(p.yday, 3)];
      break;
    }
    case '1':
      return at('15') ? [2, pad(p.hour, 2)] : [1, String(p.month)];
    case '2':
      return at('2006') ? [4, pad(p.year, 4)] : [1, String(p.day)];
    case '_':
      if (at('_2006')) return [5, '_' + pad(p.year, 4)];
      if (at('_2')) return [2, pad(p.day, 2, ' ')];
      if (at('__2')) return [3, pad(p.yday, 3, ' ')];
      break;
    case '3':
      return [1, String(h12)];
    case '4':
      return [1, String(p.minute)];
    case '5':
      return [1, String(p.second)];
    case 'P':
      if (at('PM')) return [2, p.hour >= 12 ? 'PM' : 'AM'];
      break;
    case 'p':
      if (at('pm')) return [2, p.hour >= 12 ? 'pm' : 'am'];
      break;
    case '-':
    case 'Z': {
      const z = l[i] === 'Z';
      const o = p.offset;
      if (at(z ? 'Z070000' : '-070000')) return [7, numTZ(o, false, true, true, z)];
      if (at(z ? 'Z07:00:00' : '-07:00:00')) return [9, numTZ(o, true, true, true, z)];
      if (at(z ? 'Z0700' : '-0700')) return [5, numTZ(o, false, true, false, z)];
      if (at(z ? 'Z07:00' : '-07:00')) return [6, numTZ(o, true, true, false, z)];
      if (at(z ? 'Z07' : '-07')) return [3, numTZ(o, false, false, false, z)];
      break;
    }
    case '.':
    case ',': {
      const ch = l[i + 1];
      if (ch !== '0' && ch !== '9') break;
      let j = i + 1;
      while (l[j] === ch) j++;
      if (/[0-9]/.test(l[j] ?? '')) break;
      const digits = pad(p.nanos, 9).slice(0, j - i - 1);
      if (ch === '0') return [j - i, (l[i] ?? '.') + digits];
      const trimmed = digits.replace(/0+$/, '');
      return [j - i, trimmed === '' ? '' : (l[i] ?? '.') + trimmed];
    }
  }
  return null;
}
