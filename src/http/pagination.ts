/** Pagination of list endpoints (api.md §1.5). */
export interface Page {
  page: number;
  perPage: number;
}

export const DEFAULT_PER_PAGE = 250;
export const MAX_PER_PAGE = 1000;

function parseIntLoose(v: unknown): number | null {
  if (typeof v !== 'string' || !/^[+-]?\d+$/.test(v.trim())) return null;
  const n = Number(v.trim());
  return Number.isSafeInteger(n) ? n : null;
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

export function parsePage(query: Record<string, unknown>): Page {
  const page = parseIntLoose(first(query.page));
  const perPage = parseIntLoose(first(query.per_page));
  return {
    page: page === null || page < 0 ? 0 : page,
    perPage: perPage === null ? DEFAULT_PER_PAGE : Math.min(MAX_PER_PAGE, Math.max(1, perPage)),
  };
}

function pageUrl(base: URL, page: number, perPage: number): string {
  const u = new URL(base.href);
  u.search = '';
  // Query keys sorted, as Go's url.Values.Encode() does.
  u.searchParams.set('page', String(page));
  u.searchParams.set('per_page', String(perPage));
  return u.href;
}

/** The `Link` header value for a page of `total` items. */
export function linkHeader(base: URL, { page, perPage }: Page, total: number): string {
  const offset = page * perPage;
  const last = total % perPage === 0 ? total - perPage : Math.floor(total / perPage) * perPage;
  const links: [string, number, number][] = [];
  if (offset >= last) {
    if (total === 0) {
      links.push(['first', 0, perPage], ['next', page + 1, perPage], ['prev', page - 1, perPage]);
    } else if (total < perPage) {
      links.push(['first', 0, total]);
    } else {
      links.push(['first', 0, perPage], ['prev', (last - perPage) / perPage, perPage]);
    }
  } else if (offset < perPage) {
    links.push(['next', 1, perPage], ['last', last / perPage, perPage]);
  } else {
    links.push(['first', 0, perPage], ['next', page + 1, perPage], ['prev', page - 1, perPage], ['last', last / perPage, perPage]);
  }
  return links.map(([rel, p, pp]) => `<${pageUrl(base, p, pp)}>; rel="${rel}"`).join(',');
}
