export type FetchErrorKind = 'timeout' | 'status' | 'too-large' | 'network' | 'blocked' | 'redirect' | 'decode';

/** A fetch that failed for good (after any retries). The message names the URL and says what went wrong. */
export class FetchError extends Error {
  constructor(
    readonly url: string,
    readonly kind: FetchErrorKind,
    message: string,
    readonly status?: number,
    /** For a refused host ('blocked'): the host that is not allowed (host:port, lowercase). */
    readonly host?: string,
  ) {
    super(`GET ${url}: ${message}`);
    this.name = 'FetchError';
  }
}
