// One Octokit for the run: REST and GraphQL through the same throttling and
// retry plugins, so GitHub's secondary rate limits are honoured everywhere.
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Logger } from '../../types.js';

export interface GithubClientOptions {
  token: string;
  /** REST root; default GITHUB_API_URL, then https://api.github.com. */
  apiUrl?: string;
  /** GraphQL endpoint; default GITHUB_GRAPHQL_URL, then `${apiUrl}/graphql`. */
  graphqlUrl?: string;
  logger: Logger;
  /** Rate-limited requests are retried at most this often (default 3). */
  maxRateLimitRetries?: number;
  /**
   * Spacing between write requests. GitHub asks for one second (the
   * throttling plugin's default); tests of the client alone may lower it.
   */
  writeIntervalMs?: number;
}

export interface GraphqlErrorEntry {
  type?: string;
  message: string;
  path?: Array<string | number>;
}

/** A GraphQL answer carrying `errors` (GitHub answers those with HTTP 200). */
export class GraphqlError extends Error {
  constructor(readonly errors: GraphqlErrorEntry[]) {
    super(errors.map((e) => (e.type ? `${e.type}: ${e.message}` : e.message)).join('; '));
    this.name = 'GraphqlError';
  }

  hasType(type: string): boolean {
    return this.errors.some((e) => e.type === type);
  }
}

export interface GithubClient {
  rest: Octokit;
  graphqlUrl: string;
  /** Sends a GraphQL document; throws GraphqlError when the answer has errors. */
  graphql<T>(query: string, variables: Record<string, unknown>, opts?: { retries?: number }): Promise<T>;
}

/** Longest wait we accept from a `retry-after` before giving up with an error instead. */
const MAX_RETRY_AFTER_S = 600;

export function createGithubClient(opts: GithubClientOptions): GithubClient {
  const apiUrl = (opts.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const graphqlUrl = opts.graphqlUrl ?? process.env.GITHUB_GRAPHQL_URL ?? `${apiUrl}/graphql`;
  const maxRetries = opts.maxRateLimitRetries ?? 3;
  const { logger } = opts;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const retrying = retryCount < maxRetries && retryAfter <= MAX_RETRY_AFTER_S;
      logger.warn(`GitHub ${kind} rate limit on ${options.method} ${options.url}: ${retrying ? `retrying in ${retryAfter}s` : 'giving up'}`);
      return retrying;
    };
  const ThrottledOctokit = Octokit.plugin(throttling, retry);
  const rest = new ThrottledOctokit({
    auth: opts.token,
    baseUrl: apiUrl,
    userAgent: 'news-mirror',
    // Only the message is kept: Octokit passes request options (headers, token) as a second argument.
    // Octokit logs every failed request as an error; the error is also thrown to the caller, which
    // either expects it (the 404 of a branch not created yet) or reports it. So it is no warning here.
    log: { debug: (m: string) => void (m !== 'request' && logger.debug(m)), info: (m: string) => logger.debug(m), warn: (m: string) => logger.warn(m), error: (m: string) => logger.debug(m) },
    // 409 (empty repository, conflicting ref) does not heal by waiting.
    retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...(opts.writeIntervalMs !== undefined ? { write: spacedGroup(opts.writeIntervalMs) as never } : {}),
    },
  });

  return {
    rest,
    graphqlUrl,
    async graphql<T>(query: string, variables: Record<string, unknown>, o: { retries?: number } = {}): Promise<T> {
      const res = await rest.request(`POST ${graphqlUrl}`, {
        query,
        variables,
        ...(o.retries !== undefined ? { request: { retries: o.retries } } : {}),
      });
      const body = res.data as { data?: T; errors?: GraphqlErrorEntry[] };
      if (body.errors && body.errors.length > 0) throw new GraphqlError(body.errors);
      return body.data as T;
    },
  };
}

/**
 * Stands in for the plugin's Bottleneck group of write requests (it only calls
 * `key(id).schedule(options, fn)`): one write at a time, `intervalMs` apart.
 */
function spacedGroup(intervalMs: number) {
  let last = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const limiter = {
    schedule(...args: unknown[]): Promise<unknown> {
      const fn = args.find((a): a is (...x: unknown[]) => Promise<unknown> => typeof a === 'function')!;
      const run = chain.then(async () => {
        const wait = last + intervalMs - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        last = Date.now();
      });
      chain = run.catch(() => {});
      return run.then(() => fn());
    },
  };
  return { key: () => limiter };
}
