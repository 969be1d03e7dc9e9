/**
 * The UI's only way to the server: the public API through the typed client (`src/client`), with a
 * `fetch` that hands each request to the public listener's own Fastify instance
 * (`app.inject`). The requests run every route, hook and check a browser's request runs (CSRF,
 * sessions, CORS, logs) — there is no private shortcut — but need no socket, so the UI works
 * whatever `serve.public.base_url` is (behind a proxy, TLS, a UNIX socket) and never leaves the
 * process. The browser's `Cookie` and `Host` headers are forwarded per call.
 */
import type { FastifyInstance } from 'fastify';
import { GatehouseClient } from '../client/index.js';
import type { FetchInit, FetchLike, ResponseLike } from '../client/index.js';

type InjectFn = FastifyInstance['inject'];

/** Headers of an injected response, as the Fetch API shows them. */
function toHeaders(raw: Record<string, string | string[] | number | undefined>): Headers {
  const h = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) h.append(name, String(v));
  }
  return h;
}

/**
 * A `fetch` for URLs under `basePath` (the public base URL without its trailing slash) that
 * injects the request into `app`. Other URLs are refused: the UI talks to nothing else.
 */
export function injectFetch(app: { inject: InjectFn }, basePath: string): FetchLike {
  const base = new URL(`${basePath}/`);
  return async (url: string, init: FetchInit): Promise<ResponseLike> => {
    const target = new URL(url);
    if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) {
      throw new Error(`webui: refusing to fetch ${target.origin}${target.pathname}: not under the public base URL`);
    }
    // The listener's routes sit at its root; a path prefix of base_url belongs to a proxy in front.
    const path = `/${target.pathname.slice(base.pathname.length)}${target.search}`;
    const res = await app.inject({
      method: init.method as 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: path,
      headers: init.headers,
      ...(init.body !== undefined ? { payload: init.body } : {}),
    });
    const body = res.body;
    return { status: res.statusCode, headers: toHeaders(res.headers), text: async () => body };
  };
}

/** The client the UI uses: public API of `app`, addressed by the public base URL. */
export function createUiClient(app: { inject: InjectFn }, publicBaseUrl: URL): GatehouseClient {
  const basePath = publicBaseUrl.href.replace(/\/+$/, '');
  return new GatehouseClient({ publicBasePath: basePath, adminBasePath: basePath, fetch: injectFetch(app, basePath) });
}
