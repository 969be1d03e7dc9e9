import { badRequest } from '../../http/errors.js';
import { joinUrl } from '../../x/url.js';

/** `return_to` and the allow-list (flows.md §5). */

// A wildcard over a whole public suffix (`*.com`, `*.co.uk`) would allow any site: refused.
const MULTI_LABEL_SUFFIXES = new Set(['co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'co.jp', 'com.br', 'co.nz', 'co.in', 'com.cn']);
const isPublicSuffix = (host: string) => !host.includes('.') || MULTI_LABEL_SUFFIXES.has(host.toLowerCase());

/** The configured list as loaded: junk entries and over-broad wildcards dropped. */
export function loadAllowList(entries: readonly string[]): URL[] {
  const out: URL[] = [];
  for (const e of entries) {
    if (!e) continue;
    let u: URL;
    try {
      u = new URL(e);
    } catch {
      continue; // relative entries never match upstream either (their scheme is empty)
    }
    if (u.hostname === '*') continue;
    if (u.hostname.startsWith('*.') && isPublicSuffix(u.hostname.slice(2))) continue;
    out.push(u);
  }
  return out;
}

function matches(entry: URL, target: URL): boolean {
  if (entry.protocol.toLowerCase() !== target.protocol.toLowerCase()) return false;
  const eHost = entry.host.toLowerCase();
  const tHost = target.host.toLowerCase();
  const hostOk = eHost.startsWith('*.') ? tHost.endsWith(eHost.slice(1)) : eHost === tHost;
  if (!hostOk) return false;
  return (target.pathname || '/').startsWith(entry.pathname || '/');
}

export interface RedirectCheck {
  allowList: readonly URL[];
  publicBaseUrl: URL;
}

/**
 * The URL to send a browser to: the `return_to` of `source` if allowed, else `fallback`.
 * A `return_to` outside the list is an error (`self_service_flow_return_to_forbidden`).
 */
export function secureRedirectTo(source: URL, fallback: string, c: RedirectCheck): string {
  const returnTo = source.searchParams.get('return_to');
  if (!returnTo) return fallback;
  let target: URL;
  try {
    target = new URL(returnTo, fallback);
  } catch (err) {
    // Upstream answers 500 here; a malformed URL from the client is a client error.
    throw badRequest(`Unable to parse the return_to query parameter as an URL: ${(err as Error).message}`);
  }
  const allowed = [...c.allowList, joinUrl(c.publicBaseUrl, '/self-service')];
  if (allowed.some((e) => matches(e, target))) return target.href;
  throw returnToForbidden(target.href, c.allowList);
}

export const returnToForbidden = (url: string, list: readonly URL[]) =>
  badRequest(`Requested return_to URL "${url}" is not whitelisted.`, {
    id: 'self_service_flow_return_to_forbidden',
    debug: `Whitelisted domains are: [${list.map((u) => u.href).join(' ')}]`,
  });

/** Like secureRedirectTo, but a forbidden target silently falls back (only self-service allowed). */
export function selfServiceRedirectOr(source: URL, fallback: string, publicBaseUrl: URL): string {
  try {
    return secureRedirectTo(source, fallback, { allowList: [], publicBaseUrl });
  } catch {
    return fallback;
  }
}
