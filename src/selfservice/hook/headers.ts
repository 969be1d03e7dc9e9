/** Header handling shared by web hooks: Go's header-map conventions. */

/** An RFC 7230 token (method names, header names). */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Go's `http.Header` of a received request from Node's `rawHeaders`: canonical names, one value
 * per header line, without the fields Go moves out of the map (Host, Transfer-Encoding, Trailer).
 */
export function requestHeadersOf(rawHeaders: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = canonicalHeaderKey(rawHeaders[i]!);
    if (name === 'Host' || name === 'Transfer-Encoding' || name === 'Trailer') continue;
    (out[name] ??= []).push(rawHeaders[i + 1]!);
  }
  return out;
}

/** Go's `textproto.CanonicalMIMEHeaderKey`: `x-api-key` → `X-Api-Key`; invalid names stay as they are. */
export function canonicalHeaderKey(name: string): string {
  if (!TOKEN.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}
