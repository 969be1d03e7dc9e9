/** Joins a base URL and a path without producing double slashes; keeps the base's path prefix. */
export function joinUrl(base: URL | string, path: string): URL {
  const u = new URL(typeof base === 'string' ? base : base.href);
  const prefix = u.pathname.replace(/\/+$/, '');
  const suffix = path.startsWith('/') ? path : '/' + path;
  const [p, q] = suffix.split('?', 2) as [string, string | undefined];
  u.pathname = prefix + p;
  u.search = q ? '?' + q : '';
  return u;
}
