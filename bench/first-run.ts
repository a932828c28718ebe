// Section 1: wall time of a first run (every article new, every page
// fetched) against its network lower bound. The pipeline runs in this
// process with its own Fetcher (to count requests) and the local publisher;
// the site runs in a child process with a fixed latency per response.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fetcher } from '../src/http/fetcher.js';
import { runPipeline } from '../src/pipeline.js';
import { createLocalPublisher } from '../src/publish/local.js';
import { lowerBound, type Bound } from './bound.js';
import { BASE_URL, benchConfig, channelsOn } from './config.js';
import type { BenchSite } from './site.js';
import { quietLogger, within } from './stats.js';

export interface FirstRunResult {
  layout: string;
  hosts: number;
  channels: number;
  articlesPerChannel: number;
  latencyMs: number;
  concurrency: number;
  perHost: number;
  wallMs: number;
  /** CPU time (user + system) of this process during the run. */
  cpuMs: number;
  newArticles: number;
  fetcherRequests: number;
  fetcherRetries: number;
  siteRequests: number;
  siteOther: number;
  bound: Bound;
  ratio: number;
}

export async function firstRun(
  site: BenchSite,
  opts: { hosts: number; channels: number; articles: number; latencyMs: number; label: string },
): Promise<FirstRunResult> {
  const origins = site.origins.slice(0, opts.hosts);
  const channels = channelsOn(origins, opts.channels);
  const config = benchConfig(channels);
  await site.set({ latencyMs: opts.latencyMs, feeds: Object.fromEntries(channels.map((c) => [c.id, { first: 1, count: opts.articles }])) });
  await site.reset();
  const dir = await mkdtemp(join(tmpdir(), 'nm-bench-first-'));
  try {
    const fetcher = new Fetcher(config.fetch);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await within(
      300_000,
      'the first run',
      runPipeline({ config, publisher: createLocalPublisher(dir), logger: quietLogger, baseUrl: BASE_URL, fetcher, now: new Date('2026-02-01T00:00:00Z') }),
    );
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const log = await site.log();
    if (summary.newArticles !== opts.channels * opts.articles) {
      throw new Error(`first run mirrored ${summary.newArticles} articles, expected ${opts.channels * opts.articles}: ${summary.warnings.slice(0, 3).join('; ')}`);
    }
    // The requests a first run cannot avoid: one feed per channel, one page per article, on that channel's host.
    const load = origins.map((o) => {
      const mine = channels.filter((c) => c.origin === o);
      return { host: new URL(o).host, feeds: mine.length, pages: mine.length * opts.articles };
    });
    const bound = lowerBound(load, config.fetch.concurrency, config.fetch.perHost, opts.latencyMs);
    return {
      layout: opts.label,
      hosts: opts.hosts,
      channels: opts.channels,
      articlesPerChannel: opts.articles,
      latencyMs: opts.latencyMs,
      concurrency: config.fetch.concurrency,
      perHost: config.fetch.perHost,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      newArticles: summary.newArticles,
      fetcherRequests: fetcher.stats.requests,
      fetcherRetries: fetcher.stats.retries,
      siteRequests: log.requests,
      siteOther: log.other,
      bound,
      ratio: wallMs / bound.ms,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
