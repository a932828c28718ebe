// The one HTTP client of the action. Every request goes through here so that
// timeouts, retries, size caps, concurrency limits and the host allow-list
// hold everywhere, and the benchmark can count requests.
//
// Private-address rule (issue 5): URLs that come from a feed or a listing page
// (article links) are attacker-controlled. Callers pass the channel's
// `allowHosts` (config: the source's own host plus `allow-hosts`) when they
// fetch such a URL; then the URL's host and every redirect hop's host must be
// on that list, or the fetch fails with kind 'blocked' before any request is
// made. A feed can thus never make the action fetch 127.0.0.1,
// 169.254.169.254 or 10.x unless the config names that host.
import type { Config } from '../config/load.js';
import { decodeBody, type BodyKind } from './charset.js';
import { FetchError } from './errors.js';
import { Limiter } from './limiter.js';

export { FetchError, type FetchErrorKind } from './errors.js';

export const DEFAULT_USER_AGENT = 'news-mirror/0.1 (+https://github.com/news-mirror)';
const MAX_REDIRECTS = 5;

export interface FetcherOptions extends Partial<Config['fetch']> {
  /** First retry waits about this long; each further retry doubles it (plus jitter). */
  retryBaseMs?: number;
  /** Longest Retry-After we wait for; longer asks are cut to this. */
  maxRetryAfterMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: returns [0, 1). */
  random?: () => number;
}

export interface FetchOptions {
  /** When given, the URL's host (host:port, lowercase) and every redirect hop's host must be listed. */
  allowHosts?: string[];
  /** Extra request headers (e.g. Accept). */
  headers?: Record<string, string>;
}

export interface FetchResult {
  url: string;
  /** After redirects. */
  finalUrl: string;
  status: number;
  contentType?: string;
  bytes: Buffer;
  text?: string;
  charset?: string;
  /** A charset problem worth a warning (unknown or contradicted label). */
  warning?: string;
}

export interface HostStats {
  requests: number;
  bytes: number;
}

export interface FetchStats {
  /** HTTP requests sent, including retries and redirect hops. */
  requests: number;
  retries: number;
  /** Body bytes received (decompressed). */
  bytes: number;
  hosts: Record<string, HostStats>;
}

const ACCEPT: Record<BodyKind, string> = {
  xml: 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  html: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  json: 'application/feed+json, application/json;q=0.9, */*;q=0.5',
};

/** One hop's answer: a redirect to follow, or the final response. */
type Hop = { redirect: string; status: number } | { redirect?: undefined; status: number; contentType?: string; bytes: Buffer };

/** A failure of one attempt, and whether another attempt may help. */
class AttemptError extends Error {
  constructor(
    readonly kind: FetchError['kind'],
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class Fetcher {
  readonly stats: FetchStats = { requests: 0, retries: 0, bytes: 0, hosts: {} };
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxBytes: number;
  private readonly perHost: number;
  private readonly userAgent: string;
  private readonly retryBaseMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly global: Limiter;
  private readonly hostLimiters = new Map<string, Limiter>();

  constructor(opts: FetcherOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.retries = opts.retries ?? 2;
    this.maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
    this.perHost = opts.perHost ?? 4;
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    this.retryBaseMs = opts.retryBaseMs ?? 500;
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 30_000;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = opts.random ?? Math.random;
    this.global = new Limiter(opts.concurrency ?? 8);
  }

  /** Fetches and decodes text (charset from BOM, header, XML declaration or <meta>, else sniffed). */
  async fetchText(url: string, kind: BodyKind, opts: FetchOptions = {}): Promise<FetchResult> {
    const res = await this.fetchBytes(url, { ...opts, headers: { accept: ACCEPT[kind], ...opts.headers } });
    try {
      const decoded = decodeBody(res.bytes, res.contentType, kind);
      return { ...res, text: decoded.text, charset: decoded.charset, ...(decoded.warning ? { warning: decoded.warning } : {}) };
    } catch (e) {
      throw new FetchError(url, 'decode', `cannot decode the body: ${(e as Error).message}`);
    }
  }

  /** Fetches the body bytes of a 2xx answer, following up to 5 redirects; throws FetchError otherwise. */
  async fetchBytes(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
    let current = this.checkUrl(url, url, opts.allowHosts);
    for (let hops = 0; ; hops++) {
      const hop = await this.withRetries(url, current, opts);
      if (hop.redirect === undefined) {
        return {
          url,
          finalUrl: current.href,
          status: hop.status,
          ...(hop.contentType ? { contentType: hop.contentType } : {}),
          bytes: hop.bytes,
        };
      }
      if (hops >= MAX_REDIRECTS) throw new FetchError(url, 'redirect', `more than ${MAX_REDIRECTS} redirects (last to ${hop.redirect})`);
      let next: URL;
      try {
        next = new URL(hop.redirect, current);
      } catch {
        throw new FetchError(url, 'redirect', `HTTP ${hop.status} redirect to an invalid URL "${hop.redirect}"`);
      }
      current = this.checkUrl(url, next.href, opts.allowHosts);
    }
  }

  private checkUrl(original: string, href: string, allowHosts: string[] | undefined): URL {
    let u: URL;
    try {
      u = new URL(href);
    } catch {
      throw new FetchError(original, 'blocked', `not a valid URL`);
    }
    const hop = href === original ? '' : ` (redirected to ${u.href})`;
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new FetchError(original, href === original ? 'blocked' : 'redirect', `only http and https URLs are fetched${hop}`);
    }
    if (allowHosts) {
      const host = u.host.toLowerCase();
      if (!allowHosts.some((h) => h.toLowerCase() === host)) {
        throw new FetchError(original, 'blocked', `host ${host} is not in the allowed hosts (${allowHosts.join(', ') || 'none'})${hop}`, undefined, host);
      }
    }
    return u;
  }

  private async withRetries(original: string, url: URL, opts: FetchOptions): Promise<Hop> {
    const attempts = this.retries + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.limited(url, () => this.attempt(url, opts));
      } catch (e) {
        if (!(e instanceof AttemptError)) throw e;
        const where = url.href === original ? '' : ` (at ${url.href})`;
        if (!e.retryable || attempt >= attempts) {
          const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
          throw new FetchError(original, e.kind, `${e.message}${where}${tries}`, e.status);
        }
        this.stats.retries++;
        await this.sleep(this.backoff(attempt, e.retryAfterMs));
      }
    }
  }

  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, this.maxRetryAfterMs);
    const base = this.retryBaseMs * 2 ** (attempt - 1);
    // "Equal jitter": at least half the base, so retries stay spread out but never immediate.
    return Math.round(base / 2 + (this.random() * base) / 2);
  }

  private async limited<T>(url: URL, fn: () => Promise<T>): Promise<T> {
    const host = url.host.toLowerCase();
    let hostLimiter = this.hostLimiters.get(host);
    if (!hostLimiter) this.hostLimiters.set(host, (hostLimiter = new Limiter(this.perHost)));
    // Host slot first: a request waiting for its host must not hold a global
    // slot that another host could use.
    return hostLimiter.run(() => this.global.run(fn));
  }

  private async attempt(url: URL, opts: FetchOptions): Promise<Hop> {
    const host = url.host.toLowerCase();
    const hostStats = (this.stats.hosts[host] ??= { requests: 0, bytes: 0 });
    this.stats.requests++;
    hostStats.requests++;

    // One deadline for headers and body together: a server that trickles
    // bytes cannot keep us past the timeout.
    const controller = new AbortController();
    let reason: 'timeout' | undefined;
    const timer = setTimeout(() => {
      reason = 'timeout';
      controller.abort();
    }, this.timeoutMs);
    const timeoutError = () => new AttemptError('timeout', `no complete response within ${this.timeoutMs} ms`, true);

    try {
      let res: Response;
      try {
        res = await fetch(url, {
          redirect: 'manual',
          signal: controller.signal,
          headers: { 'user-agent': this.userAgent, accept: '*/*', ...lowerKeys(opts.headers) },
        });
      } catch (e) {
        if (reason === 'timeout') throw timeoutError();
        throw new AttemptError('network', `connection failed (${describeCause(e)})`, true);
      }

      const status = res.status;
      if (status >= 300 && status < 400 && status !== 304) {
        const location = res.headers.get('location');
        await res.body?.cancel().catch(() => {});
        if (location) return { redirect: location, status };
        throw new AttemptError('redirect', `HTTP ${status} without a Location header`, false, status);
      }
      if (status < 200 || status >= 300) {
        await res.body?.cancel().catch(() => {});
        const retryable = status === 429 || status >= 500;
        const text = res.statusText ? ` ${res.statusText}` : '';
        throw new AttemptError('status', `HTTP ${status}${text}`, retryable, status, retryable ? parseRetryAfter(res.headers.get('retry-after')) : undefined);
      }

      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > this.maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw new AttemptError('too-large', `response of ${declared} bytes is over the ${formatBytes(this.maxBytes)} cap`, false, status);
      }

      const chunks: Buffer[] = [];
      let size = 0;
      if (res.body) {
        const reader = res.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            size += value.byteLength;
            this.stats.bytes += value.byteLength;
            hostStats.bytes += value.byteLength;
            if (size > this.maxBytes) {
              await reader.cancel().catch(() => {});
              throw new AttemptError('too-large', `response is over the ${formatBytes(this.maxBytes)} cap`, false, status);
            }
            chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
          }
        } catch (e) {
          if (e instanceof AttemptError) throw e;
          if (reason === 'timeout') throw timeoutError();
          throw new AttemptError('network', `connection broke while reading the body after ${size} bytes (${describeCause(e)})`, true);
        }
      }
      const ct = res.headers.get('content-type');
      return { status, ...(ct ? { contentType: ct } : {}), bytes: Buffer.concat(chunks, size) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Header names are case-insensitive; lower-case them so a caller's "Accept" replaces our default instead of joining it. */
function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

function describeCause(e: unknown): string {
  const err = e as Error & { cause?: Error & { code?: string } };
  const cause = err.cause;
  if (cause) return [cause.code, cause.message].filter(Boolean).join(': ');
  return err.message;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
