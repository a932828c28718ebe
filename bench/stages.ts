// Section 2: CPU per article of each stage, over in-memory inputs (no
// network, no disk). Each sample runs a stage over a batch of articles and
// takes process.cpuUsage() (user + system, so a busy neighbour on a shared
// machine does not count against us); the figure is the median of the
// samples divided by the batch size, after warm-up batches that let the JIT
// settle.
import { buildArticle } from '../src/articles/build-article.js';
import { cleanHtml } from '../src/articles/clean.js';
import { extractBody } from '../src/articles/extract.js';
import { pageMetadata } from '../src/articles/metadata.js';
import type { Config } from '../src/config/load.js';
import { gitBlobSha } from '../src/plan/blob-sha.js';
import { makePlan } from '../src/plan/make-plan.js';
import { mergeManifest } from '../src/plan/merge-manifest.js';
import type { RepoState } from '../src/plan/repo-state.js';
import { renderManifest } from '../src/render/channel-index.js';
import { htmlToMarkdown } from '../src/render/markdown.js';
import { renderPage } from '../src/render/page.js';
import { pagePath, publicUrl, qrPath } from '../src/render/paths.js';
import { qrPng } from '../src/render/qr.js';
import { parseFeed } from '../src/sources/feed.js';
import type { Article, ManifestEntry, OutputFile } from '../src/types.js';
import { BASE_URL, benchConfig } from './config.js';
import { articleHtml, articlePath, feedPath, feedXml, publishedOf } from './content.js';
import { median } from './stats.js';

export interface StageResult {
  stage: string;
  /** Median CPU ms per article. */
  msPerArticle: number;
  samples: number;
  what: string;
}

export interface StagesResult {
  articles: number;
  pageBytes: number;
  stages: StageResult[];
  /** The stage with the largest cost (the "whole article" row excluded). */
  slowest: string;
  /** Sum of the stage rows, next to the measured whole. */
  sumMs: number;
  wholeMs: number;
}

const ORIGIN = 'http://127.0.0.1:8001';
const CHANNEL = 'ch1';

/** Runs `fn` over batches and returns the median CPU ms per item. */
async function measure(batch: number, samples: number, fn: () => unknown | Promise<unknown>): Promise<{ ms: number; samples: number }> {
  const per: number[] = [];
  for (let s = 0; s < samples + 2; s++) {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    if (s >= 2) per.push((c.user + c.system) / 1000 / batch);
  }
  return { ms: median(per), samples };
}

export async function stages(opts: { articles?: number; samples?: number } = {}): Promise<StagesResult> {
  const n = opts.articles ?? 50;
  const samples = opts.samples ?? 9;
  const config: Config = benchConfig([{ id: CHANNEL, origin: ORIGIN }], { retention: 1000 });
  const channel = config.channels[0]!;
  const feed = feedXml(ORIGIN, CHANNEL, 1, n);
  const pages = Array.from({ length: n }, (_, k) => ({ url: `${ORIGIN}${articlePath(CHANNEL, k + 1)}`, html: articleHtml(ORIGIN, CHANNEL, k + 1) }));
  const items = parseFeed(feed, `${ORIGIN}${feedPath(CHANNEL)}`).items;
  if (items.length !== n) throw new Error(`stages: the feed gave ${items.length} items, expected ${n}`);

  // Intermediate results of each stage, computed once, feed the next stage's measurement.
  const extracted = pages.map((p) => extractBody(p.html, p.url, channel.page).html);
  const cleaned = extracted.map((h, k) => cleanHtml(h, pages[k]!.url, { remove: channel.page.remove }));
  const byUrl = new Map(pages.map((p) => [p.url, p.html]));
  const fetchPage = async (url: string) => ({ text: byUrl.get(url)!, finalUrl: url });
  const articles: Article[] = [];
  for (const [k, item] of items.entries()) articles.push(await buildArticle(item, channel, `a${n - k}`, fetchPage));
  const pathOf = (a: Article) => pagePath(config, CHANNEL, a.id);
  const renderOne = (a: Article) =>
    renderPage(a, { config, channel, path: pathOf(a), publicUrl: publicUrl(BASE_URL, pathOf(a)), qrSrc: `${a.id}.md.png`, unlink: channel.unlink });

  // The plan stage over a channel that already holds 1,000 articles: merge, retention, blob SHAs, diff.
  const held: ManifestEntry[] = Array.from({ length: 1000 }, (_, k) => ({
    id: `old${k}`,
    title: `old ${k}`,
    url: `${ORIGIN}/old/${k}.html`,
    published: publishedOf(-k - 1),
    path: `pages/${CHANNEL}/old${k}.md`,
    hash: gitBlobSha(`old ${k}`),
  }));
  const stateFiles = new Map<string, string>();
  for (const e of held) {
    stateFiles.set(e.path, e.hash);
    stateFiles.set(qrPath(e.path), gitBlobSha(`png ${e.id}`));
  }
  const state: RepoState = { paths: new Set(stateFiles.keys()), blobSha: async (p) => stateFiles.get(p), readText: async () => undefined };
  const rendered = articles.map((a) => Buffer.from(renderOne(a)));
  const pngs = await Promise.all(articles.map((a) => qrPng(publicUrl(BASE_URL, pathOf(a)))));
  const scope = { roots: ['pages', 'indexes', 'feeds'], files: ['README.md'] };
  const plan = () => {
    const fresh: ManifestEntry[] = articles.map((a, k) => ({ id: a.id, title: a.title, url: a.url, published: a.published!, path: pathOf(a), hash: gitBlobSha(rendered[k]!) }));
    const merged = mergeManifest({ channel: CHANNEL, title: channel.title, articles: held }, fresh, 1000);
    const files: OutputFile[] = [];
    for (const [k, a] of articles.entries()) files.push({ path: pathOf(a), content: rendered[k]! }, { path: qrPath(pathOf(a)), content: pngs[k]! });
    files.push({ path: `indexes/${CHANNEL}.json`, content: Buffer.from(renderManifest(merged.manifest)) });
    const deletions = merged.retired.flatMap((e) => [e.path, qrPath(e.path)]);
    return makePlan(state, files, deletions, scope);
  };

  const rows: Array<[string, string, () => unknown]> = [
    ['parse feed', 'parseFeed of a 50-item RSS 2.0 feed, per item', () => parseFeed(feed, `${ORIGIN}${feedPath(CHANNEL)}`)],
    ['extract', 'pageMetadata + extractBody (selector) of a ~20 KB page', () => pages.forEach((p) => (pageMetadata(p.html, p.url), extractBody(p.html, p.url, channel.page)))],
    ['clean', 'cleanHtml of the extracted body', () => extracted.forEach((h, k) => cleanHtml(h, pages[k]!.url, { remove: channel.page.remove }))],
    ['Markdown', 'htmlToMarkdown of the cleaned body', () => cleaned.forEach((h) => htmlToMarkdown(h, { unlink: channel.unlink }))],
    ['page', 'renderPage (template around the Markdown, Markdown included)', () => articles.forEach(renderOne)],
    ['QR', 'qrPng of the public URL', () => Promise.all(articles.map((a) => qrPng(publicUrl(BASE_URL, pathOf(a)))))],
    ['plan', 'blob SHAs, manifest merge (1,000 held), retention, diff against 2,000 files', plan],
  ];
  const out: StageResult[] = [];
  for (const [stage, what, fn] of rows) {
    const m = await measure(n, samples, fn);
    out.push({ stage, msPerArticle: m.ms, samples: m.samples, what });
  }
  // The whole per-article path as the pipeline runs it, to check the rows account for it.
  const whole = await measure(n, samples, async () => {
    for (const [k, item] of items.entries()) {
      const a = await buildArticle(item, channel, `a${n - k}`, fetchPage);
      const content = Buffer.from(renderOne(a));
      await qrPng(publicUrl(BASE_URL, pathOf(a)));
      gitBlobSha(content);
    }
  });
  // "page" contains "Markdown": count only its own share in the sum and the ranking.
  const md = out.find((r) => r.stage === 'Markdown')!.msPerArticle;
  const own = (r: StageResult) => (r.stage === 'page' ? r.msPerArticle - md : r.msPerArticle);
  const sumMs = out.reduce((s, r) => s + own(r), 0);
  const slowest = [...out].sort((a, b) => own(b) - own(a))[0]!.stage;
  out.push({ stage: 'whole article', msPerArticle: whole.ms, samples: whole.samples, what: 'buildArticle + renderPage + qrPng + blob SHA, as the pipeline does per article' });
  return { articles: n, pageBytes: Buffer.byteLength(pages[0]!.html), stages: out, slowest, sumMs, wholeMs: whole.ms };
}
