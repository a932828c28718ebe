// `npm run bench`: News Mirror's benchmark. Offline: a generated news site on
// 127.0.0.1…127.0.0.8 (its own process, fixed latency per response) and the
// GitHub API stand-in on 127.0.0.1. Prints tables, or JSON with --json.
// What each figure means: BENCHMARKS.md.
import { cpus } from 'node:os';
import { parseBenchArgs, USAGE, type BenchArgs } from './args.js';
import { coldStart, type ColdStartResult } from './cold-start.js';
import { firstRun, type FirstRunResult } from './first-run.js';
import { githubRequests, type GithubResult } from './github.js';
import { memory, type MemoryRow } from './memory.js';
import { newArticles, type NewArticlesResult } from './new-articles.js';
import { startBenchSite } from './site.js';
import { stages, type StagesResult } from './stages.js';
import { median, round } from './stats.js';
import { ms, table } from './table.js';

const CHANNELS = 8;
const ARTICLES = 50;
const HOSTS = 8;

interface Report {
  date: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string };
  command: string;
  latencyMs: number;
  firstRun?: { runs: FirstRunResult[]; median: Record<string, { wallMs: number; ratio: number }> };
  stages?: StagesResult;
  github?: GithubResult;
  memory?: MemoryRow[];
  newArticles?: NewArticlesResult;
  coldStart?: ColdStartResult;
}

async function main(args: BenchArgs): Promise<Report> {
  const report: Report = {
    date: new Date().toISOString(),
    machine: { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    latencyMs: args.latencyMs,
  };
  const progress = (m: string) => void (args.json || process.stderr.write(`… ${m}\n`));
  const site = await startBenchSite(HOSTS);
  try {
    if (args.sections.includes('first-run')) {
      // First, while the JIT is as cold as in a scheduled run's fresh process.
      const runs: FirstRunResult[] = [];
      for (let i = 0; i < args.repeat; i++) {
        for (const hosts of [HOSTS, 1]) {
          const label = hosts === 1 ? '1 host (127.0.0.1)' : `${hosts} hosts (127.0.0.1-${hosts})`;
          progress(`first run ${i + 1}/${args.repeat}, ${label}`);
          runs.push(await firstRun(site, { hosts, channels: CHANNELS, articles: ARTICLES, latencyMs: args.latencyMs, label }));
        }
      }
      const med: Record<string, { wallMs: number; ratio: number }> = {};
      for (const layout of new Set(runs.map((r) => r.layout))) {
        const mine = runs.filter((r) => r.layout === layout);
        med[layout] = { wallMs: median(mine.map((r) => r.wallMs)), ratio: median(mine.map((r) => r.ratio)) };
      }
      report.firstRun = { runs, median: med };
    }
    if (args.sections.includes('stages')) {
      progress('CPU per article per stage');
      report.stages = await stages();
    }
    if (args.sections.includes('github')) {
      progress('GitHub API requests per run');
      report.github = await githubRequests(site, { channels: CHANNELS, articles: ARTICLES });
    }
    if (args.sections.includes('memory')) {
      progress('peak RSS (generating mirrors of 1,000 and 10,000 articles)');
      report.memory = await memory(site, [
        { channels: 10, perChannel: 100 },
        { channels: 10, perChannel: 1000 },
      ]);
    }
    if (args.sections.includes('new-articles')) {
      progress('peak RSS and CPU against new articles (body: feed, the real sample feed)');
      report.newArticles = await newArticles(site, { sizes: [620, 1860, 4960], repeat: args.repeat, baselineCli: args.baselineCli, progress });
    }
    if (args.sections.includes('cold-start')) {
      progress('cold start of dist/index.js');
      report.coldStart = await coldStart(site, args.coldRuns);
    }
  } finally {
    await site.close();
  }
  return report;
}

function render(r: Report): string {
  const out: string[] = [
    `News Mirror benchmark — ${r.date.slice(0, 10)}, Node ${r.machine.node}, ${r.machine.platform}, ${r.machine.cpus} CPUs (${r.machine.cpuModel})`,
    `command: ${r.command}`,
  ];
  if (r.firstRun) {
    const f = r.firstRun.runs[0]!;
    out.push(
      '',
      `1. First run: ${f.channels} channels × ${f.articlesPerChannel} articles, body: page, ${r.latencyMs} ms per response, fetch.concurrency ${f.concurrency}, fetch.per-host ${f.perHost}`,
      table(
        ['layout', 'wall', 'bound', 'ratio', 'limit', 'requests fetcher/site', 'CPU'],
        r.firstRun.runs.map((x) => [x.layout, ms(x.wallMs), ms(x.bound.ms), round(x.ratio, 3).toFixed(2), x.bound.limit, `${x.fetcherRequests}/${x.siteRequests}`, ms(x.cpuMs)]),
      ),
      ...Object.entries(r.firstRun.median).map(([layout, m]) => `median ${layout}: ${ms(m.wallMs)}, ratio ${m.ratio.toFixed(2)}`),
      ...[...new Map(r.firstRun.runs.map((x) => [x.layout, x.bound.formula])).entries()].map(([layout, formula]) => `bound, ${layout}: ${formula} × ${r.latencyMs} ms`),
      'requests needed: one feed per channel + one page per article; CPU: user+system time of the benchmark process during the run.',
    );
  }
  if (r.stages) {
    const s = r.stages;
    out.push(
      '',
      `2. CPU per article by stage (in memory, ${s.articles} articles, ~${Math.round(s.pageBytes / 1024)} KB pages; median of samples, ms/article)`,
      table(['stage', 'ms/article', 'what'], s.stages.map((x) => [x.stage, x.msPerArticle.toFixed(2), x.what])),
      `slowest stage: ${s.slowest}; stages add up to ${s.sumMs.toFixed(2)} ms (page counted without its Markdown), the whole measured ${s.wholeMs.toFixed(2)} ms`,
    );
  }
  if (r.github) {
    out.push('', '3. GitHub API requests per run (GitHub publisher, mode commit, against the stand-in)');
    if (!r.github.available) out.push(`unavailable: ${r.github.reason}`);
    else {
      out.push(
        table(['run', 'new', 'files', 'reads', 'writes'], r.github.rows.map((x) => [x.run, x.newArticles, x.filesChanged, x.reads, x.writes])),
        ...r.github.rows.map((x) => `${x.run}: ${x.detail}`),
      );
    }
  }
  if (r.memory) {
    out.push(
      '',
      '4. Peak RSS of `node dist/cli.js run` on a mirror holding N articles (2 new per channel, retention 1,000)',
      table(['articles held', 'channels', 'files', 'new', 'peak RSS', 'wall'], r.memory.map((x) => [x.held, x.channels, x.mirrorFiles, x.newArticles, `${x.peakRssMb.toFixed(0)} MB`, ms(x.wallMs)])),
    );
    if (r.memory.length === 2) {
      const [a, b] = r.memory as [MemoryRow, MemoryRow];
      out.push(`growth: ${(b.peakRssMb - a.peakRssMb).toFixed(1)} MB for ${b.held - a.held} more articles held (${(((b.peakRssMb - a.peakRssMb) * 1024) / (b.held - a.held)).toFixed(1)} KB per article)`);
    }
  }
  if (r.newArticles) {
    const n = r.newArticles;
    out.push(
      '',
      `4b. Peak RSS and CPU of a run against the articles it adds: body: feed, the sample feed (${n.feedItems} items) once per channel, links made distinct; medians, CPU = user + system of the whole process`,
      table(['tool', 'new articles', 'channels', 'CPU', 'peak RSS', 'wall', 'runs'], n.rows.map((x) => [x.tool, x.newArticles, x.channels, ms(x.cpuMs), `${x.peakRssMb.toFixed(0)} MB`, ms(x.wallMs), x.runs])),
      ...n.marginal.map((m) => `marginal CPU per article, ${m.tool}, ${m.from} → ${m.to}: ${m.msPerArticle.toFixed(2)} ms`),
    );
    const ours = n.marginal.filter((m) => m.tool === 'News Mirror');
    for (const other of new Set(n.marginal.map((m) => m.tool).filter((t) => t !== 'News Mirror'))) {
      for (const m of ours) {
        const o = n.marginal.find((x) => x.tool === other && x.to === m.to);
        if (o) out.push(`ratio, ${m.from} → ${m.to}: ${other} / News Mirror = ${(o.msPerArticle / m.msPerArticle).toFixed(2)}`);
      }
    }
    if (!n.python.available) out.push(`Python stack skipped: ${n.python.reason}`);
  }
  if (r.coldStart) {
    const c = r.coldStart;
    out.push(
      '',
      `5. Cold start of dist/index.js (${(c.bundleBytes / 1024 / 1024).toFixed(1)} MB bundle): spawn to first stdout line ("${c.firstLine}")`,
      table(['runs', 'median', 'min', 'node -e baseline'], [[c.runs, ms(c.medianMs), ms(c.minMs), ms(c.nodeBaselineMs)]]),
    );
  }
  out.push('', 'A shared, noisy machine: compare ratios and request counts, not absolute times.');
  return out.join('\n');
}

let args: BenchArgs;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bench: ${(e as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
main(args).then(
  (report) => {
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${render(report)}\n`);
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
