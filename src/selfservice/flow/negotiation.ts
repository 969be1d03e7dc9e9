import type { IncomingHttpHeaders } from 'node:http';

/**
 * Content negotiation as the Go server does it (flows.md §2, gddo httputil): the first offer
 * with the best (q, least wildcard) match wins; no `Accept` header means the default.
 */
export function negotiate(accept: string | undefined, offers: readonly string[], fallback: string): string {
  if (!accept) return fallback;
  const specs = accept.split(',').flatMap((part) => {
    const [value, ...params] = part.split(';').map((s) => s.trim());
    if (!value) return [];
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    return [{ value: value.toLowerCase(), q: Number.isFinite(q) ? q : 0 }];
  });
  let best = fallback;
  let bestQ = -1;
  let bestWild = 3;
  for (const offer of offers) {
    for (const spec of specs) {
      if (spec.q === 0 || spec.q < bestQ) continue;
      let wild: number;
      if (spec.value === '*/*') wild = 2;
      else if (spec.value.endsWith('/*') && offer.startsWith(spec.value.slice(0, -1))) wild = 1;
      else if (spec.value === offer) wild = 0;
      else continue;
      if (spec.q > bestQ || wild < bestWild) {
        best = offer;
        bestQ = spec.q;
        bestWild = wild;
      }
    }
  }
  return best;
}

const ERROR_OFFERS = ['text/html', 'text/*', '*/*', 'application/json'];
const REDIRECT_OFFERS = ['text/html', 'application/json'];

/** `IsJSONRequest`: exactly `Content-Type: application/json`, or Accept picks JSON. */
export function isJsonRequest(headers: IncomingHttpHeaders): boolean {
  if (headers['content-type'] === 'application/json') return true;
  return negotiate(headers.accept, ERROR_OFFERS, 'text/html') === 'application/json';
}

/** Redirect-or-JSON of browser init endpoints and final success: Accept alone decides. */
export function acceptsJson(headers: IncomingHttpHeaders): boolean {
  return negotiate(headers.accept, REDIRECT_OFFERS, 'text/html') === 'application/json';
}
