// Section 4b: peak memory and CPU against the number of NEW articles in one
// run, on a real feed with full bodies (`body: feed`): the sample feed
// test/fixtures/samples/feeds/nsc412.xml, one channel per copy of it, each
// copy with its own links, as many copies as make N new articles (the last
// one cut short). `node dist/cli.js run` mirrors them into an empty folder
// in a child process whose peak RSS and CPU are read at exit (peak-rss.mjs).
// Marginal CPU per article = difference in process CPU between N and the
// one-feed run, divided by the difference in articles (start-up cancels out).
//
// Side by side, on the same feed files in the same order of runs:
// - another build of News Mirror (`--baseline-cli PATH`, a cli.js built from
//   another commit), to measure a change before and after in one run;
// - the Python stack a maintainer would script instead (feedparser +
//   BeautifulSoup + html2text + qrcode): the script named by
//   NM_BENCH_PYTHON_BASELINE, else ../shared/bench/python-baseline.py
//   beside the repository, run with /usr/bin/python3. It is skipped, with
//   the reason, when the script or the Debian packages are missing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL } from './config.js';
import { runCli } from './memory.js';
import type { BenchSite } from './site.js';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = join(ROOT, 'test/fixtures/samples/feeds/nsc412.xml');
const PYTHON = '/usr/bin/python3';
const PYTHON_MODULES = ['feedparser', 'bs4', 'html2text', 'qrcode', 'PIL'];
const PYTHON_MAX = 620;
const PYTHON_PACKAGES = 'python3-feedparser python3-bs4 python3-html2text python3-qrcode python3-pil';

export interface NewArticlesRow {
  tool: string;
  newArticles: number;
  channels: number;
  /** Median over the repeats. */
  cpuMs: number;
  peakRssMb: number;
  wallMs: number;
  runs: number;
}

export interface NewArticlesResult {
  feedItems: number;
  rows: NewArticlesRow[];
  /** Per tool: marginal CPU ms per article from the smallest run to each larger one. */
  marginal: Array<{ tool: string; from: number; to: number; msPerArticle: number }>;
  python: { available: boolean; reason?: string; script?: string };
}

interface Measured {
  cpuMs: number;
  peakRssMb: number;
  wallMs: number;
  articles: number;
}

/** The sample feed's items, and the feed around them. */
async function sampleFeed(): Promise<{ head: string; items: string[]; tail: string }> {
  const xml = await readFile(SAMPLE, 'utf8');
  const first = xml.indexOf('<item>');
  const last = xml.lastIndexOf('</item>') + '</item>'.length;
  const items = xml.slice(first, last).match(/<item>[\s\S]*?<\/item>/g) ?? [];
  return { head: xml.slice(0, first), items, tail: xml.slice(last) };
}

/**
 * Writes the feed files for N new articles: ch1.xml, ch2.xml, … (the Python
 * script names a channel after its file), copy k with its links moved under
 * /c<k>/ so no two copies share an article URL.
 */
async function writeFeeds(dir: string, n: number): Promise<string[]> {
  const { head, items, tail } = await sampleFeed();
  const files: string[] = [];
  for (let k = 1, left = n; left > 0; k++, left -= items.length) {
    const mine = items.slice(0, Math.min(left, items.length)).map((i) => i.replace(/<(link|guid|comments)([^>]*)>http:\/\/www\.epochtimes\.com\//g, `<$1$2>http://www.epochtimes.com/c${k}/`));
    const file = join(dir, `ch${k}.xml`);
    await writeFile(file, `${head}${mine.join('\n\t\t')}${tail}`);
    files.push(file);
  }
  return files;
}

function configYaml(origin: string, channels: number): string {
  const lines = ['locale: zh-CN', 'site:', `  base-url: ${BASE_URL}`, '  header: "#### [首页](README.md) | [索引](indexes/)"', '  footer: "#### [首页](README.md)"', 'retention: 300', 'channels:'];
  for (let k = 1; k <= channels; k++) {
    lines.push(`  - id: ch${k}`, `    title: 频道 ch${k}`, `    source: { type: feed, url: "${origin}/new/ch${k}.xml" }`, '    body: feed');
  }
  return `${lines.join('\n')}\n`;
}

async function runMirror(site: BenchSite, feeds: string[], expected: number, cli: string | undefined): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), 'nm-bench-new-'));
  try {
    const origin = site.origins[0]!;
    await site.set({ latencyMs: 0, files: Object.fromEntries(feeds.map((f, k) => [`/new/ch${k + 1}.xml`, f])) });
    await writeFile(join(dir, 'bench-config.yml'), configYaml(origin, feeds.length));
    const rssFile = join(dir, '.peak-rss');
    const t0 = performance.now();
    const r = await runCli(dir, rssFile, cli);
    const wallMs = performance.now() - t0;
    if (r.code !== 0) throw new Error(`new-articles run (${expected}) exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    const summary = JSON.parse(r.stdout) as { newArticles: number };
    if (summary.newArticles !== expected) throw new Error(`new-articles run: ${summary.newArticles} new, expected ${expected}: ${r.stderr.slice(0, 300)}`);
    const usage = JSON.parse(await readFile(rssFile, 'utf8')) as { maxRssKb: number; cpuMs: number };
    return { cpuMs: usage.cpuMs, peakRssMb: usage.maxRssKb / 1024, wallMs, articles: summary.newArticles };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs a child process, bounded to 10 minutes (killed by its own pid). */
function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** The Python script to compare with, or why there is none. */
async function findPython(): Promise<{ script?: string; reason?: string }> {
  const script = process.env.NM_BENCH_PYTHON_BASELINE ?? resolve(ROOT, '../shared/bench/python-baseline.py');
  if (!existsSync(script)) return { reason: `no Python baseline script at ${script} (set NM_BENCH_PYTHON_BASELINE to its path)` };
  if (!existsSync(PYTHON)) return { reason: `${PYTHON} not found` };
  const probe = await run(PYTHON, ['-c', `import ${PYTHON_MODULES.join(', ')}`]);
  if (probe.code !== 0) return { reason: `${PYTHON} lacks a module the script needs (${probe.stderr.trim().split('\n').pop()}); install the Debian packages ${PYTHON_PACKAGES}` };
  return { script };
}

// Runs the script in-process under a wrapper that writes the process's own
// CPU (user + system) and peak RSS at the end, like peak-rss.mjs for Node.
const PY_WRAPPER = `
import json, resource, runpy, sys
usage_file, script = sys.argv[1], sys.argv[2]
sys.argv = [script] + sys.argv[3:]
runpy.run_path(script, run_name='__main__')
r = resource.getrusage(resource.RUSAGE_SELF)
with open(usage_file, 'w') as fh:
    json.dump({'cpuMs': (r.ru_utime + r.ru_stime) * 1000, 'maxRssKb': r.ru_maxrss}, fh)
`;

async function runPython(script: string, feeds: string[], expected: number): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), 'nm-bench-py-'));
  try {
    const usageFile = join(dir, 'usage.json');
    await mkdir(join(dir, 'out'));
    const t0 = performance.now();
    const r = await run(PYTHON, ['-c', PY_WRAPPER, usageFile, script, join(dir, 'out'), ...feeds]);
    const wallMs = performance.now() - t0;
    if (r.code !== 0) throw new Error(`Python baseline exited ${r.code}: ${r.stderr.slice(-500)}`);
    const n = Number(/^(\d+) articles/m.exec(r.stdout)?.[1]);
    if (n !== expected) throw new Error(`Python baseline rendered ${n} articles, expected ${expected}: ${r.stdout.slice(0, 300)}`);
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as { maxRssKb: number; cpuMs: number };
    return { cpuMs: usage.cpuMs, peakRssMb: usage.maxRssKb / 1024, wallMs, articles: n };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function newArticles(
  site: BenchSite,
  /** sizes: new articles per run, besides the one-feed run every size is compared with. */
  opts: { sizes: number[]; repeat: number; baselineCli?: string; progress: (m: string) => void },
): Promise<NewArticlesResult> {
  const feedItems = (await sampleFeed()).items.length;
  // The one-feed run is the base of the marginal figures.
  const sizes = [...new Set([feedItems, ...opts.sizes])].sort((a, b) => a - b);
  const python = await findPython();
  const tools: Array<{ tool: string; maxSize?: number; run: (feeds: string[], n: number) => Promise<Measured> }> = [
    { tool: 'News Mirror', run: (feeds, n) => runMirror(site, feeds, n, undefined) },
  ];
  if (opts.baselineCli) {
    const cli = resolve(opts.baselineCli);
    tools.push({ tool: `News Mirror (${opts.baselineCli})`, run: (feeds, n) => runMirror(site, feeds, n, cli) });
  }
  // Python's memory does not grow with articles, and its CPU is the slowest: one comparison point (620) is enough.
  if (python.script) tools.push({ tool: 'Python stack', maxSize: PYTHON_MAX, run: (feeds, n) => runPython(python.script!, feeds, n) });

  const dir = await mkdtemp(join(tmpdir(), 'nm-bench-feeds-'));
  const samples = new Map<string, Measured[]>();
  try {
    for (const n of sizes) {
      await mkdir(join(dir, String(n)));
      const feeds = await writeFeeds(join(dir, String(n)), n);
      // Repeats interleave the tools, so a change in the machine's load hits all of them alike.
      for (let i = 0; i < opts.repeat; i++) {
        for (const t of tools.filter((x) => n <= (x.maxSize ?? Infinity))) {
          opts.progress(`new articles: ${t.tool}, ${n} new (${feeds.length} feeds), run ${i + 1}/${opts.repeat}`);
          const key = `${t.tool}\u0000${n}`;
          samples.set(key, [...(samples.get(key) ?? []), await t.run(feeds, n)]);
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const rows: NewArticlesRow[] = [];
  for (const t of tools) {
    for (const n of sizes) {
      const s = samples.get(`${t.tool}\u0000${n}`);
      if (!s) continue;
      rows.push({
        tool: t.tool,
        newArticles: n,
        channels: Math.ceil(n / feedItems),
        cpuMs: median(s.map((x) => x.cpuMs)),
        peakRssMb: median(s.map((x) => x.peakRssMb)),
        wallMs: median(s.map((x) => x.wallMs)),
        runs: s.length,
      });
    }
  }
  const marginal: NewArticlesResult['marginal'] = [];
  const [smallest, ...larger] = sizes;
  for (const t of tools) {
    const base = rows.find((r) => r.tool === t.tool && r.newArticles === smallest)!;
    for (const n of larger) {
      const r = rows.find((x) => x.tool === t.tool && x.newArticles === n);
      if (!r) continue;
      marginal.push({ tool: t.tool, from: smallest!, to: n, msPerArticle: (r.cpuMs - base.cpuMs) / (n - smallest!) });
    }
  }
  return { feedItems, rows, marginal, python: python.script ? { available: true, script: python.script } : { available: false, reason: python.reason! } };
}
