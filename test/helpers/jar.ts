/**
 * A minimal cookie jar for flow tests that act as a browser without JavaScript: one cookie per
 * name (every cookie of these suites is host-only on 127.0.0.1 with `Path=/`), deletion through
 * `Max-Age<=0` or an `Expires` in the past.
 */
import { request, type RawResponse } from './server.js';

export class Jar {
  private readonly cookies = new Map<string, string>();

  /** Takes every `Set-Cookie` of a response. */
  take(res: { headers: Headers }): this {
    for (const raw of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = raw.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attr = (key: string) =>
        attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const maxAge = attr('max-age');
      const expires = attr('expires');
      const gone = maxAge !== undefined ? Number(maxAge) <= 0 : expires !== undefined && Date.parse(expires) <= Date.now();
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  set(name: string, value: string): this {
    this.cookies.set(name, value);
    return this;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The `Cookie` request header value ('' when empty). */
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** A request carrying the jar's cookies that stores the answer's cookies (never follows redirects). */
  async send(method: string, url: string | URL, init: { headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
    const cookie = this.header();
    const res = await request(method, url, { ...init, headers: { ...(cookie ? { cookie } : {}), ...init.headers } });
    this.take(res);
    return res;
  }
}
