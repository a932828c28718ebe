// Section 3: GitHub API requests per run, through the GitHub publisher
// (src/publish/github) against the API stand-in (test/helpers), counted from
// the stand-in's request log: a first run, a run with nothing new, a run with
// 10 new articles. Write spacing is turned off (counts do not depend on it).
import type { Config } from '../src/config/load.js';
import { runPipeline, type RunSummary } from '../src/pipeline.js';
import type { Publisher } from '../src/publish/publisher.js';
import { startGithubStandin, type StandinRequest } from '../test/helpers/github-standin.js';
import { BASE_URL, benchConfig, channelsOn, configYaml } from './config.js';
import type { BenchSite } from './site.js';
import { quietLogger, within } from './stats.js';

export interface GithubRow {
  run: string;
  newArticles: number;
  filesChanged: number;
  reads: number;
  writes: number;
  /** e.g. "GET /git/trees ×1, POST /graphql createCommitOnBranch ×1". */
  detail: string;
}

export type GithubResult = { available: true; rows: GithubRow[] } | { available: false; reason: string };

type Factory = (opts: Record<string, unknown>) => Publisher;

export async function githubRequests(site: BenchSite, opts: { channels: number; articles: number }): Promise<GithubResult> {
  let create: Factory;
  try {
    // Imported here so a publisher still being written does not break the other sections.
    const mod = (await import('../src/publish/github/publisher.js')) as unknown as { createGithubPublisher?: Factory };
    if (typeof mod.createGithubPublisher !== 'function') return { available: false, reason: 'src/publish/github/publisher.ts exports no createGithubPublisher' };
    create = mod.createGithubPublisher;
  } catch (e) {
    return { available: false, reason: `the GitHub publisher cannot be loaded: ${(e as Error).message}` };
  }

  const channels = channelsOn(site.origins, opts.channels);
  const config: Config = benchConfig(channels);
  const feeds = (extra: number) =>
    Object.fromEntries(channels.map((c, k) => [c.id, { first: 1, count: opts.articles + (k < extra ? 10 / extra : 0) }]));
  await site.set({ latencyMs: 0, feeds: feeds(0) });
  // A mirror repository as a maintainer sets it up: one commit holding the config.
  const standin = await startGithubStandin({ owner: 'bench', repo: 'mirror', files: { '.github/news-mirror.yml': configYaml(channels) } });
  try {
    const rows: GithubRow[] = [];
    const run = async (name: string, expectNew: number) => {
      // A new publisher per run: each scheduled run is a new process that knows nothing yet.
      const publisher = create({
        token: 'ghs_bench',
        owner: standin.owner,
        repo: standin.repo,
        mode: 'commit',
        apiUrl: standin.apiUrl,
        graphqlUrl: standin.graphqlUrl,
        logger: quietLogger,
        writeIntervalMs: 0,
      });
      const from = standin.requests.length;
      const summary: RunSummary = await within(
        300_000,
        `the ${name} run`,
        runPipeline({ config, publisher, logger: quietLogger, baseUrl: BASE_URL, now: new Date('2026-02-01T00:00:00Z') }),
      );
      if (summary.newArticles !== expectNew) throw new Error(`${name} run: ${summary.newArticles} new articles, expected ${expectNew}: ${summary.warnings.slice(0, 3).join('; ')}`);
      const log = standin.requests.slice(from);
      rows.push({
        run: name,
        newArticles: summary.newArticles,
        filesChanged: summary.added.length + summary.changed.length + summary.deleted.length,
        reads: log.filter((r) => r.kind === 'read').length,
        writes: log.filter((r) => r.kind === 'write').length,
        detail: describe(log),
      });
    };
    await run('first run', opts.channels * opts.articles);
    await run('no-op run', 0);
    // 10 new articles spread over two channels (5 each).
    await site.set({ feeds: feeds(2) });
    await run('10 new articles', 10);
    return { available: true, rows };
  } finally {
    await standin.close();
  }
}

/** Requests grouped by method, path shape and GraphQL operation. */
function describe(log: StandinRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of log) {
    const path = r.path
      .split('?')[0]!
      .replace(/^\/repos\/[^/]+\/[^/]+/, '')
      .replace(/[0-9a-f]{40}/g, ':sha')
      .replace(/\/heads(\/|%2F).+$/i, '/heads/:branch');
    const key = `${r.method} ${path || '/repos/:repo'}${r.operation ? ` ${r.operation}` : ''}${r.status >= 400 ? ` (${r.status})` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
}
