// One article, one page: the URL a source gives an article drifts over the
// years (http to https, a tracking parameter, a fragment) while the article
// stays the same. Identity is compared on the canonical form; the page keeps
// the original URL as its link.

/** Query parameters that only say where a reader came from. */
export const DEFAULT_TRACKING_PARAMS = ['wt_mc', 'spm', 'from', 'ref'];

/** A function giving the identity key of an article URL. */
export type UrlIdentity = (url: string) => string;

/**
 * Canonical form for comparison only (never written anywhere): scheme
 * dropped, host lower-cased, default ports (80, 443) dropped, fragment
 * dropped, `utm_*` and the given tracking parameters removed (names compared
 * without case), the other parameters kept in their order. A string that is
 * not an absolute http(s) URL is its own identity.
 */
export function canonicalUrl(url: string, trackingParams: readonly string[] = DEFAULT_TRACKING_PARAMS): string {
  return canonicalWith(url, lowerSet(trackingParams));
}

function lowerSet(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((p) => p.toLowerCase()));
}

function canonicalWith(url: string, drop: ReadonlySet<string>): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return url;
  const all = [...u.searchParams];
  const kept = all.filter(([name]) => {
    const n = name.toLowerCase();
    return !n.startsWith('utm_') && !drop.has(n);
  });
  // Rebuilt from the parsed pairs only when something was removed, so an
  // untouched query keeps its exact encoding.
  const query = kept.length === all.length ? u.search : kept.length > 0 ? `?${new URLSearchParams(kept).toString()}` : '';
  const port = u.port === '80' || u.port === '443' ? '' : u.port;
  const auth = u.username || u.password ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  return `//${auth}${u.hostname.toLowerCase()}${port ? `:${port}` : ''}${u.pathname}${query === '?' ? '' : query}`;
}

/** The identity function for a config's extra tracking parameters (added to the defaults). */
export function urlIdentity(extraTrackingParams: readonly string[] = []): UrlIdentity {
  // Built once: the pipeline asks for every held, new and linked URL.
  const drop = lowerSet([...DEFAULT_TRACKING_PARAMS, ...extraTrackingParams]);
  return (url) => canonicalWith(url, drop);
}
