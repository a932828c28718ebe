import type { ChannelConfig, Config } from './config/load.js';
import { inShard, type Shard } from './config/shard.js';
import { articleId } from './articles/ids.js';
import { buildArticle } from './articles/build-article.js';
import { Fetcher } from './http/fetcher.js';
import { ChannelError, readChannel } from './sources/read-channel.js';
import { renderPage } from './render/page.js';
import { qrPng } from './render/qr.js';
import { renderChannelIndex, renderManifest, parseManifest } from './render/channel-index.js';
import { renderHome } from './render/home.js';
import { renderAtom } from './render/atom.js';
import { atomPath, indexPath, manifestPath, pagePath, publicUrl, qrPath } from './render/paths.js';
import { gitBlobSha } from './plan/blob-sha.js';
import { makePlan, type PlanScope } from './plan/make-plan.js';
import { mergeManifest } from './plan/merge-manifest.js';
import { isEmptyPlan, type Plan } from './plan/plan.js';
import type { RepoState } from './plan/repo-state.js';
import { StaleStateError, type Publisher, type PublishMessage, type PublishResult } from './publish/publisher.js';
import { bufferedLogger } from './log.js';
import type { Logger, Manifest, ManifestEntry, OutputFile, SourceItem } from './types.js';

export interface RunOptions {
  config: Config;
  publisher: Publisher;
  logger: Logger;
  /** Public URL prefix of repository files, e.g. https://github.com/o/r/blob/main (config's site.base-url wins). */
  baseUrl: string;
  /** Handle only channels whose stable shard is `index` of `total` (1-based index). */
  shard?: Shard;
  /** Attempts when the branch moves under the run. */
  maxAttempts?: number;
  /** The run's clock (first-mirrored date of undated articles); tests pin it. */
  now?: Date;
  /** A shared fetch client (the benchmark passes one to count requests). */
  fetcher?: Fetcher;
}

export interface ChannelSummary {
  id: string;
  title: string;
  new: number;
  removed: number;
  skipped: Array<{ url: string; reason: string }>;
  /** Set when the whole channel failed (feed unreachable, unparsable...). */
  error?: string;
}

export interface RunSummary {
  newArticles: number;
  added: string[];
  changed: string[];
  deleted: string[];
  channels: ChannelSummary[];
  warnings: string[];
  message: PublishMessage;
  /** Undefined when the plan was empty (nothing written). */
  publish?: PublishResult;
  attempts: number;
  dryRun: boolean;
}

/** What one channel's run produced before it meets the repository state. */
interface Collected {
  channel: ChannelConfig;
  entries: ManifestEntry[];
  /** Page and QR files of each entry, by page path. */
  files: Map<string, OutputFile[]>;
  summary: ChannelSummary;
}

export async function runPipeline(opts: RunOptions): Promise<RunSummary> {
  const { config, publisher, logger } = opts;
  const baseUrl = config.site.baseUrl ?? opts.baseUrl;
  const scope: PlanScope = {
    roots: [config.paths.pages, config.paths.indexes, config.paths.feeds],
    files: [config.paths.home],
  };
  const fetcher = opts.fetcher ?? new Fetcher(config.fetch);
  const now = (opts.now ?? new Date()).toISOString();
  const mine = config.channels.filter((c) => inShard(c.id, opts.shard));
  if (opts.shard) logger.info(`shard ${opts.shard.index}/${opts.shard.total}: ${mine.map((c) => c.id).join(', ') || 'no channels'}`);

  let state = await logger.group('Read the mirror', () => publisher.readState(scope.roots, scope.files));
  const warnings: string[] = [];
  const heads = await readManifests(config, state, warnings);
  const linkMap = new Map<string, string>();
  for (const m of heads.values()) for (const e of m.articles) linkMap.set(e.url, e.path);

  // Channels run at once (the fetcher bounds concurrency per host and overall),
  // in two phases so every page sees the same link map whatever the timing:
  // first all sources are read and new articles named, then all are built.
  // Their logs are replayed one group per channel so they stay readable.
  const cctx: CollectContext = { config, fetcher, baseUrl, now, linkMap };
  const planned = await Promise.all(mine.map((channel) => planChannel(channel, heads.get(channel.id)!, cctx)));
  for (const p of planned) for (const i of p.items) linkMap.set(i.item.url, i.path);
  const built = await Promise.all(planned.map((p) => buildChannel(p, cctx)));
  const collected: Collected[] = [];
  for (const [i, c] of built.entries()) {
    const outcome = c.summary.error ? 'failed' : `${c.entries.length} new, ${c.summary.skipped.length} skipped`;
    await logger.group(`Channel ${c.channel.id}: ${outcome}`, async () => planned[i]!.log.replay(logger));
    collected.push(c);
  }
  for (const c of collected) {
    if (c.summary.error) warnings.push(`channel ${c.channel.id}: ${c.summary.error}`);
    for (const s of c.summary.skipped) warnings.push(`channel ${c.channel.id}: skipped ${s.url}: ${s.reason}`);
  }

  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  for (let attempt = 1; ; attempt++) {
    // The manifests read at the start serve the first attempt; a retry reads the new head's.
    const atHead = attempt === 1 ? heads : await readManifests(config, state, []);
    const composed = compose(config, state, atHead, collected, baseUrl, attempt === 1 ? warnings : []);
    const plan = await makePlan(state, composed.files, composed.deletions, scope);
    const message = commitMessage(config, composed, plan);
    const summary: RunSummary = {
      newArticles: composed.added.length,
      added: plan.add.map((f) => f.path),
      changed: plan.change.map((f) => f.path),
      deleted: plan.delete,
      channels: collected.map((c) => ({ ...c.summary, new: composed.addedBy.get(c.channel.id) ?? 0, removed: composed.retiredBy.get(c.channel.id) ?? 0 })),
      warnings,
      message,
      attempts: attempt,
      dryRun: publisher.mode === 'dry-run',
    };
    if (isEmptyPlan(plan)) {
      logger.info('Nothing new: the mirror is up to date, nothing is written.');
      return summary;
    }
    try {
      summary.publish = await logger.group(`Publish (${publisher.mode})`, () => publisher.apply(plan, state, summary.message));
      return summary;
    } catch (e) {
      if (!(e instanceof StaleStateError) || attempt >= maxAttempts) {
        if (e instanceof StaleStateError) throw new Error(`the branch kept moving: gave up after ${attempt} attempts (${e.message})`);
        throw e;
      }
      const delay = Math.round(200 * 2 ** (attempt - 1) * (0.5 + Math.random()));
      logger.info(`The branch moved while this run worked (${e.message}); re-reading it and planning again in ${delay} ms.`);
      await new Promise((r) => setTimeout(r, delay));
      state = await publisher.readState(scope.roots, scope.files);
    }
  }
}

async function readManifests(config: Config, state: RepoState, warnings: string[]): Promise<Map<string, Manifest>> {
  const out = new Map<string, Manifest>();
  // Fetched at once (one request each through the API), then checked in config order.
  const texts = await Promise.all(config.channels.map((c) => state.readText(manifestPath(config, c.id))));
  for (const [i, c] of config.channels.entries()) {
    const path = manifestPath(config, c.id);
    const text = texts[i];
    let m: Manifest = { channel: c.id, title: c.title, articles: [] };
    if (text !== undefined) {
      try {
        m = parseManifest(text, path);
        // Retention deletes an entry's path: one outside the channel's folder (src/x.ts, another
        // channel's page) would fail every run at the plan's path check, or delete another's page.
        const folder = `${config.paths.pages}/${c.id}/`;
        const stray = m.articles.filter((e) => !e.path.startsWith(folder));
        if (stray.length > 0) {
          warnings.push(`${path}: dropped ${stray.length} entries whose page is not in ${folder} (their files are left alone): ${stray.slice(0, 3).map((e) => JSON.stringify(e.path)).join(', ')}`);
          m = { ...m, articles: m.articles.filter((e) => e.path.startsWith(folder)) };
        }
      } catch (e) {
        // A damaged manifest must not stop the mirror: its pages stay where they are
        // and the channel starts a fresh list; the warning says so.
        warnings.push(`${(e as Error).message}; starting the channel's list afresh`);
      }
    }
    out.set(c.id, { ...m, channel: c.id, title: c.title });
  }
  return out;
}

interface CollectContext {
  config: Config;
  fetcher: Fetcher;
  baseUrl: string;
  now: string;
  linkMap: Map<string, string>;
}

interface PlannedChannel {
  channel: ChannelConfig;
  summary: ChannelSummary;
  log: Logger & { replay(into: Logger): void };
  items: Array<{ item: SourceItem; id: string; path: string }>;
}

/** Reads the channel's source and names the new articles; nothing is fetched per article yet. */
async function planChannel(channel: ChannelConfig, head: Manifest, ctx: CollectContext): Promise<PlannedChannel> {
  const summary: ChannelSummary = { id: channel.id, title: channel.title, new: 0, removed: 0, skipped: [] };
  const log = bufferedLogger();
  const planned: PlannedChannel = { channel, summary, log, items: [] };
  let items: SourceItem[];
  try {
    const read = await readChannel(channel, ctx.fetcher);
    items = read.items;
    for (const w of read.warnings) log.warn(`channel ${channel.id}: ${w}`);
  } catch (e) {
    summary.error = e instanceof ChannelError ? e.reason : (e as Error).message;
    log.warn(`channel ${channel.id}: ${summary.error}`);
    return planned;
  }
  const known = new Set(head.articles.map((e) => e.url));
  const taken = new Set(head.articles.map((e) => e.id.toLowerCase()));
  const fresh = pickFresh(items, known, head, channel.retention);
  log.info(`${items.length} items in the source, ${fresh.length} new`);
  // Ids are assigned in source order before any fetching, so they never depend on which page answers first.
  for (const item of fresh) {
    const id = articleId(item.url, taken);
    taken.add(id.toLowerCase());
    planned.items.push({ item, id, path: pagePath(ctx.config, channel.id, id) });
  }
  return planned;
}

/** Gets, cleans and renders each new article of a channel; a failing one is skipped and tried again next run. */
async function buildChannel(p: PlannedChannel, ctx: CollectContext): Promise<Collected> {
  const { channel, summary, log } = p;
  const result: Collected = { channel, entries: [], files: new Map(), summary };
  const fetchPage = async (url: string) => {
    const r = await ctx.fetcher.fetchText(url, 'html', { allowHosts: channel.allowHosts });
    // This answer freed a fetch slot. Let the next request go out before this
    // page's extraction and rendering (milliseconds of CPU) holds the event
    // loop, so the network never waits for CPU work (see BENCHMARKS.md).
    await new Promise((resolve) => setImmediate(resolve));
    return { text: r.text ?? '', finalUrl: r.finalUrl };
  };
  const built = await Promise.all(
    p.items.map(async ({ item, id, path }) => {
      try {
        const article = await buildArticle(item, channel, id, fetchPage);
        const url = publicUrl(ctx.baseUrl, path);
        const page = renderPage(article, {
          config: ctx.config,
          channel,
          path,
          publicUrl: url,
          qrSrc: qrPath(path).split('/').pop()!,
          unlink: channel.unlink,
          resolveLink: (u) => ctx.linkMap.get(u),
        });
        const content = Buffer.from(page, 'utf8');
        const png = await qrPng(url);
        const entry: ManifestEntry = {
          id,
          title: article.title,
          url: item.url,
          ...(article.published ? { published: article.published } : { mirrored: ctx.now }),
          path,
          hash: gitBlobSha(content),
        };
        return { entry, files: [{ path, content }, { path: qrPath(path), content: png }] };
      } catch (e) {
        summary.skipped.push({ url: item.url, reason: (e as Error).message });
        return undefined;
      }
    }),
  );
  summary.skipped.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  for (const s of summary.skipped) log.warn(`skipped ${s.url}: ${s.reason} (tried again next run)`);
  for (const b of built) {
    if (!b) continue;
    result.entries.push(b.entry);
    result.files.set(b.entry.path, b.files);
  }
  return result;
}

/**
 * Items not mirrored yet, newest first, limited to what retention would keep:
 * an item older than everything a full channel holds would be deleted by the
 * same run, so it is not fetched at all.
 */
function pickFresh(items: SourceItem[], known: Set<string>, head: Manifest, retention: number): SourceItem[] {
  const seen = new Set<string>();
  const fresh = items.filter((i) => {
    if (known.has(i.url) || seen.has(i.url)) return false;
    seen.add(i.url);
    return true;
  });
  const oldestKept = head.articles.length >= retention ? head.articles[head.articles.length - 1]?.published : undefined;
  const eligible = oldestKept ? fresh.filter((i) => !i.published || i.published > oldestKept) : fresh;
  // Undated items count as newest (a listing page shows the latest first); sort is stable for ties.
  const key = (i: SourceItem) => i.published ?? '\uffff';
  return eligible.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0)).slice(0, retention);
}

interface Composed {
  files: OutputFile[];
  deletions: string[];
  added: Array<{ channel: string; entry: ManifestEntry }>;
  addedBy: Map<string, number>;
  retiredBy: Map<string, number>;
}

/**
 * The repository's desired state from the head's manifests plus this run's
 * articles. Runs again on every attempt, against the head it will commit on.
 */
function compose(config: Config, state: RepoState, heads: Map<string, Manifest>, collected: Collected[], baseUrl: string, warnings: string[]): Composed {
  const out: Composed = { files: [], deletions: [], added: [], addedBy: new Map(), retiredBy: new Map() };
  const manifests = new Map(heads);
  for (const c of collected) {
    const head = heads.get(c.channel.id)!;
    const merged = mergeManifest(head, c.entries, c.channel.retention);
    manifests.set(c.channel.id, merged.manifest);
    for (const e of merged.added) {
      out.files.push(...(c.files.get(e.path) ?? []));
      out.added.push({ channel: c.channel.id, entry: e });
    }
    for (const e of merged.retired) out.deletions.push(e.path, qrPath(e.path));
    for (const e of merged.collided) warnings.push(`channel ${c.channel.id}: ${e.url} would reuse ${e.path}, held by another article; tried again next run`);
    out.addedBy.set(c.channel.id, merged.added.length);
    out.retiredBy.set(c.channel.id, merged.retired.length);
  }
  const ctx = { config, baseUrl };
  const all = config.channels.map((c) => manifests.get(c.id)!);
  for (const c of config.channels) {
    const m = manifests.get(c.id)!;
    // A channel that has never produced an article gets no files yet: an empty index helps no reader.
    if (m.articles.length === 0 && !state.paths.has(manifestPath(config, c.id))) continue;
    out.files.push({ path: manifestPath(config, c.id), content: Buffer.from(renderManifest(m)) });
    out.files.push({ path: indexPath(config, c.id), content: Buffer.from(renderChannelIndex(m, ctx)) });
    if (config.site.atom) out.files.push({ path: atomPath(config, c.id), content: Buffer.from(renderAtom(m, ctx)) });
  }
  if (all.some((m) => m.articles.length > 0) || state.paths.has(config.paths.home)) {
    out.files.push({ path: config.paths.home, content: Buffer.from(renderHome(all, ctx)) });
  }
  return out;
}

function commitMessage(config: Config, composed: Composed, plan: Plan): PublishMessage {
  const removed = [...composed.retiredBy.values()].reduce((a, b) => a + b, 0);
  const touched = [...new Set([...composed.addedBy.entries(), ...composed.retiredBy.entries()].filter(([, n]) => n > 0).map(([id]) => id))].sort();
  const parts = [`${composed.added.length} new`];
  if (removed > 0) parts.push(`${removed} removed`);
  const title = touched.length > 0 ? `mirror: ${parts.join(', ')} (${touched.join(', ')})` : 'mirror: refresh indexes';
  const lines = composed.added.map((a) => `- ${a.channel}: ${a.entry.title} (${a.entry.path})`);
  const body = [
    ...lines,
    '',
    `${plan.add.length} added, ${plan.change.length} changed, ${plan.delete.length} deleted files.`,
  ].join('\n');
  const articles = composed.added.map((a) => ({ channel: a.channel, title: a.entry.title, url: a.entry.url, path: a.entry.path }));
  return { title, body: body.trim(), articles, indexes: touched.map((id) => indexPath(config, id)) };
}
