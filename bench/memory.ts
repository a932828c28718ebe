// Section 4: peak memory (RSS) of a run against a mirror that already holds
// many articles. A mirror directory is generated (manifests, pages, QR files,
// indexes), then `node dist/cli.js run` mirrors 2 new articles per channel in
// a child process whose peak RSS is read at exit (peak-rss.mjs). Two sizes
// side by side show whether memory grows with the number of articles held.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitBlobSha } from '../src/plan/blob-sha.js';
import { renderAtom } from '../src/render/atom.js';
import { renderChannelIndex, renderManifest } from '../src/render/channel-index.js';
import { renderHome } from '../src/render/home.js';
import { atomPath, indexPath, manifestPath } from '../src/render/paths.js';
import type { Manifest } from '../src/types.js';
import { BASE_URL, benchConfig, channelsOn, configYaml } from './config.js';
import { articlePath, publishedOf, titleOf } from './content.js';
import type { BenchSite } from './site.js';

export interface MemoryRow {
  held: number;
  channels: number;
  retention: number;
  newArticles: number;
  peakRssMb: number;
  wallMs: number;
  mirrorFiles: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NEW_PER_CHANNEL = 2;
const FEED_ITEMS = 50;

/** A page as the mirror holds it (about 3 KB), and a stand-in QR PNG of typical size (1-bit greyscale, about 530 B). */
const pageText = (ch: string, n: number) => `### ${titleOf(ch, n)}\n------------------------\n\n${'正文段落，记者走访了城市的多个街区。The council said the works would continue. '.repeat(30)}\n`;
const pngBytes = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(520, n & 0xff)]);

async function writeMirror(dir: string, site: BenchSite, channels: number, perChannel: number): Promise<number> {
  const chans = channelsOn(site.origins, channels);
  const config = benchConfig(chans, { retention: 1000 });
  const manifests: Manifest[] = [];
  let files = 0;
  const pending: Array<Promise<void>> = [];
  const put = async (path: string, content: string | Buffer) => {
    files++;
    pending.push(mkdir(dirname(join(dir, path)), { recursive: true }).then(() => writeFile(join(dir, path), content)));
    // Bounded: at most 64 writes in flight.
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  };
  for (const c of chans) {
    const m: Manifest = { channel: c.id, title: `频道 ${c.id}`, articles: [] };
    for (let n = perChannel; n >= 1; n--) {
      const path = `pages/${c.id}/a${n}.md`;
      const text = pageText(c.id, n);
      await put(path, text);
      await put(`${path}.png`, pngBytes(n));
      m.articles.push({ id: `a${n}`, title: titleOf(c.id, n), url: `${c.origin}${articlePath(c.id, n)}`, published: publishedOf(n), path, hash: gitBlobSha(text) });
    }
    manifests.push(m);
  }
  const ctx = { config, baseUrl: BASE_URL };
  for (const m of manifests) {
    await put(manifestPath(config, m.channel), renderManifest(m));
    await put(indexPath(config, m.channel), renderChannelIndex(m, ctx));
    await put(atomPath(config, m.channel), renderAtom(m, ctx));
  }
  await put(config.paths.home, renderHome(manifests, ctx));
  await Promise.all(pending);
  // The feeds list the newest held articles plus NEW_PER_CHANNEL new ones.
  await site.set({ latencyMs: 0, feeds: Object.fromEntries(chans.map((c) => [c.id, { first: perChannel + NEW_PER_CHANNEL - FEED_ITEMS + 1, count: FEED_ITEMS }])) });
  await writeFile(join(dir, 'bench-config.yml'), configYaml(chans, { retention: 1000 }));
  return files;
}

/** `node dist/cli.js run` (or another build's cli.js) on the mirror in `dir`, its peak RSS and CPU written to rssFile. */
export function runCli(dir: string, rssFile: string, cli = join(ROOT, 'dist/cli.js')): Promise<{ code: number; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', join(ROOT, 'bench/peak-rss.mjs'), cli, 'run', '--config', join(dir, 'bench-config.yml'), '--out', dir, '--json', '--quiet'],
      { env: { ...process.env, NM_BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Bounded: a run that hangs is killed (by its own pid) after 5 minutes.
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export async function memory(site: BenchSite, sizes: Array<{ channels: number; perChannel: number }>): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  for (const s of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'nm-bench-mem-'));
    try {
      const mirrorFiles = await writeMirror(dir, site, s.channels, s.perChannel);
      const rssFile = join(dir, '.peak-rss');
      const t0 = performance.now();
      const r = await runCli(dir, rssFile);
      const wallMs = performance.now() - t0;
      if (r.code !== 0) throw new Error(`memory run (${s.channels}×${s.perChannel}) exited ${r.code}: ${r.stderr.slice(0, 500)}`);
      const summary = JSON.parse(r.stdout) as { newArticles: number };
      if (summary.newArticles !== s.channels * NEW_PER_CHANNEL) throw new Error(`memory run: ${summary.newArticles} new, expected ${s.channels * NEW_PER_CHANNEL}: ${r.stderr.slice(0, 300)}`);
      const kb = (JSON.parse(await readFile(rssFile, 'utf8')) as { maxRssKb: number }).maxRssKb;
      rows.push({ held: s.channels * s.perChannel, channels: s.channels, retention: 1000, newArticles: summary.newArticles, peakRssMb: kb / 1024, wallMs, mirrorFiles });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
