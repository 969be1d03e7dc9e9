import ajvFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import type { Format, Options } from 'ajv';
import { isEmail, isHostname } from './email.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import may be the
// module object or the plugin depending on the loader, so take whichever is callable.
const ajvFormats = ((ajvFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  ajvFormatsModule) as unknown as FormatsPlugin;

export type StringFormat = (value: string) => boolean;

function fromAjv(name: Parameters<FormatsPlugin['get']>[0]): StringFormat {
  const f: Format = ajvFormats.get(name, 'full');
  if (f instanceof RegExp) return (s) => f.test(s);
  if (typeof f === 'function') return f;
  if (typeof f === 'object' && 'validate' in f) {
    const v = f.validate;
    if (v instanceof RegExp) return (s) => v.test(s);
    return v as StringFormat;
  }
  return () => true;
}

type RegExpEngine = NonNullable<NonNullable<Options['code']>['regExp']>;

const regexCache = new Map<string, RegExp | null>();

/**
 * Compiles a schema `pattern`. Go's RE2 accepts escapes that JavaScript's unicode mode rejects
 * (`\-` outside a class); such patterns fall back to a non-unicode RegExp instead of failing.
 */
export function schemaRegExp(pattern: string): RegExp | null {
  if (regexCache.has(pattern)) return regexCache.get(pattern) ?? null;
  let rx: RegExp | null = null;
  try {
    rx = new RegExp(pattern, 'u');
  } catch {
    try {
      rx = new RegExp(pattern);
    } catch {
      rx = null;
    }
  }
  if (regexCache.size > 1000) regexCache.clear();
  regexCache.set(pattern, rx);
  return rx;
}

/** The RegExp engine handed to Ajv so that Ajv and the error explainer agree on patterns. */
export const ajvRegExp: RegExpEngine = Object.assign(
  (pattern: string): RegExp => {
    const rx = schemaRegExp(pattern);
    if (!rx) throw new Error(`invalid regular expression ${JSON.stringify(pattern)}`);
    return rx;
  },
  { code: 'schemaRegExp' },
);

/**
 * The formats the Kratos validator knows (draft-07 plus its aliases); any other format name is
 * ignored, as upstream does. Only strings are checked: other types pass.
 */
export const FORMATS: Readonly<Record<string, StringFormat>> = (() => {
  const uri = fromAjv('uri');
  const uriReference = fromAjv('uri-reference');
  const ipv4 = fromAjv('ipv4');
  return {
    'date-time': fromAjv('date-time'),
    date: fromAjv('date'),
    time: fromAjv('time'),
    hostname: isHostname,
    email: isEmail,
    'ip-address': ipv4,
    ipv4,
    ipv6: fromAjv('ipv6'),
    uri,
    iri: uri,
    'uri-reference': uriReference,
    uriref: uriReference,
    'iri-reference': uriReference,
    'uri-template': fromAjv('uri-template'),
    regex: (s: string) => schemaRegExp(s) !== null,
    'json-pointer': fromAjv('json-pointer'),
    'relative-json-pointer': fromAjv('relative-json-pointer'),
  };
})();
