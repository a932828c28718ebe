// The one HTTP client of the action. Every request goes through here so that
// timeouts, retries, size caps, concurrency limits and the host policy hold
// everywhere, and the benchmark can count requests.
//
// Host policy (address-policy.ts): article links come from a feed or a
// listing page and are attacker-controlled, so their host and every redirect
// hop's host must be on the channel's allow-list. A source URL is the
// config's own, but its redirects are the site's: they may go to any public
// host, never to a private, loopback or link-local address (checked on the
// literal host and again on every address DNS gives) unless the config names
// that host. A feed or a hijacked site thus never makes the action connect to
// 127.0.0.1, 169.254.169.254 or 10.x.
//
// Requests go through undici's own fetch (the version Node 20 bundles) rather
// than the global one: the connect-time address check needs a dispatcher, and
// a dispatcher must come from the same undici as the fetch that uses it.
import { Agent, fetch, type Response } from 'undici';
import type { Config } from '../config/load.js';
import { judgeHost, publicOnlyLookup, PrivateAddressError, type HostPolicy, type LookupFunction } from './address-policy.js';
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
  /** Injectable for tests: the DNS lookup behind the public-only address check. */
  lookup?: LookupFunction;
}

export interface FetchOptions {
  /** Trusted hosts (host:port, lowercase). The URL asked for is trusted too unless `otherHosts` is 'refuse'. */
  allowHosts?: string[];
  /**
   * Hosts not in `allowHosts`: 'refuse' (article links: the URL and every hop
   * must be listed) or 'public-only' (a source's redirects: public addresses
   * only). Default 'public-only'.
   */
  otherHosts?: HostPolicy['others'];
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
  /** Connections to trusted hosts. */
  private readonly trustedAgent: Agent;
  /** Connections to other hosts: every resolved address must be public. */
  private readonly publicAgent: Agent;

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
    this.trustedAgent = new Agent();
    this.publicAgent = new Agent({ connect: { lookup: publicOnlyLookup(opts.lookup) } });
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
    const policy = hostPolicy(url, opts);
    let current = this.checkUrl(url, url, policy);
    for (let hops = 0; ; hops++) {
      const hop = await this.withRetries(url, current, opts);
      if (hop.redirect === undefined) {
        return {
          url,
          finalUrl: current.url.href,
          status: hop.status,
          ...(hop.contentType ? { contentType: hop.contentType } : {}),
          bytes: hop.bytes,
        };
      }
      if (hops >= MAX_REDIRECTS) throw new FetchError(url, 'redirect', `more than ${MAX_REDIRECTS} redirects (last to ${hop.redirect})`);
      let next: URL;
      try {
        next = new URL(hop.redirect, current.url);
      } catch {
        throw new FetchError(url, 'redirect', `HTTP ${hop.status} redirect to an invalid URL "${hop.redirect}"`);
      }
      current = this.checkUrl(url, next.href, policy);
    }
  }

  /** Parses a URL (or hop) and applies the host policy before any connection is made. */
  private checkUrl(original: string, href: string, policy: HostPolicy): Target {
    let u: URL;
    try {
      u = new URL(href);
    } catch {
      throw new FetchError(original, 'blocked', `not a valid URL`);
    }
    const redirected = href !== original;
    const hop = redirected ? ` (redirected to ${u.href})` : '';
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new FetchError(original, redirected ? 'redirect' : 'blocked', `only http and https URLs are fetched${hop}`);
    }
    const verdict = judgeHost(u, policy);
    if (verdict.kind === 'refused') {
      const fix = policy.others === 'refuse' ? '' : `; ${allowHint(u.host.toLowerCase())}`;
      throw new FetchError(original, 'blocked', `${verdict.reason}${hop}${fix}`, undefined, u.host.toLowerCase());
    }
    return { url: u, publicOnly: verdict.kind === 'public-only' };
  }

  private async withRetries(original: string, target: Target, opts: FetchOptions): Promise<Hop> {
    const { url } = target;
    const attempts = this.retries + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.limited(url, () => this.attempt(target, opts));
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

  private async attempt({ url, publicOnly }: Target, opts: FetchOptions): Promise<Hop> {
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
          dispatcher: publicOnly ? this.publicAgent : this.trustedAgent,
          headers: { 'user-agent': this.userAgent, accept: '*/*', ...lowerKeys(opts.headers) },
        });
      } catch (e) {
        if (reason === 'timeout') throw timeoutError();
        const refused = privateAddressOf(e);
        if (refused) throw new AttemptError('blocked', `${refused.message}: not connected; ${allowHint(host)}`, false);
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

/** The URL of one request and how its connection is checked. */
interface Target {
  url: URL;
  /** Connect only when every address of the host is public. */
  publicOnly: boolean;
}

/** The policy of one fetch: the caller's allow-list; without 'refuse', the URL asked for is trusted as well. */
function hostPolicy(url: string, opts: FetchOptions): HostPolicy {
  const others = opts.otherHosts ?? (opts.allowHosts ? 'refuse' : 'public-only');
  const allow = [...(opts.allowHosts ?? [])];
  if (others === 'public-only') {
    try {
      allow.push(new URL(url).host.toLowerCase());
    } catch {
      // checkUrl reports the invalid URL.
    }
  }
  return { allow, others };
}

/** What the user sets to reach a host the policy refused. */
function allowHint(host: string): string {
  return `add "${host}" to the channel's allow-hosts (or fetch.allow-hosts) to allow it`;
}

/** The PrivateAddressError behind a failed fetch, if that is what failed it. */
function privateAddressOf(e: unknown): PrivateAddressError | undefined {
  for (let c: unknown = e, i = 0; c && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    if (c instanceof PrivateAddressError) return c;
  }
  return undefined;
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
