import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ChannelConfig, Config, FailOn } from './config/load.js';
import { inShard, type Shard } from './config/shard.js';
import { articleId } from './articles/ids.js';
import { urlIdentity, type UrlIdentity } from './articles/canonical-url.js';
import { buildArticle } from './articles/build-article.js';
import { Fetcher } from './http/fetcher.js';
import { Limiter } from './http/limiter.js';
import { ChannelError, readChannel } from './sources/read-channel.js';
import { renderPage } from './render/page.js';
import { qrPng } from './render/qr.js';
import { renderChannelIndex, renderManifest, parseManifest } from './render/channel-index.js';
import { renderHome } from './render/home.js';
import { renderAtom } from './render/atom.js';
import { chromeHash } from './render/chrome.js';
import { rerenderChannel, type Rerendered } from './render/rerender.js';
import { atomPath, indexPath, manifestPath, pageFolder, pagePath, publicUrl, qrPath } from './render/paths.js';
import { gitBlobSha } from './plan/blob-sha.js';
import { checkOwnership } from './plan/ownership.js';
import { nextHealth, runFailure } from './run-outcome.js';
import { timeOf } from './render/dates.js';
import { entryDate } from './render/order.js';
import { makePlan, mirrorScope, type PlanScope } from './plan/make-plan.js';
import { mergeManifest } from './plan/merge-manifest.js';
import { orphanFiles, removedChannels, writtenByMirror, type RemovedChannel } from './plan/prune.js';
import { isEmptyPlan, type Plan } from './plan/plan.js';
import type { RepoState } from './plan/repo-state.js';
import { StaleStateError, type Publisher, type PublishMessage, type PublishResult } from './publish/publisher.js';
import { bufferedLogger } from './log.js';
import {
  channelProblem,
  droppedNotes,
  itemProblems,
  logProblems,
  describeProblem,
  reasonWithoutUrl,
  singleProblem,
  unusedUnlinkNotes,
  type ItemFailure,
  type Problem,
} from './report/problems.js';
import { everyChannelFailed } from './report/channel-status.js';
import { PROGRESS_INTERVAL_MS, startProgress, type Progress } from './report/progress.js';
import type { DroppedItems } from './sources/read-channel.js';
import type { ChannelHealth, Logger, Manifest, ManifestEntry, OutputFile, SourceItem } from './types.js';

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
  /** How often a progress line per loading channel is logged (tests make it short). */
  progressIntervalMs?: number;
  /** When failing channels fail the run (default: the config's `fail-on`). */
  failOn?: FailOn;
  /** A channel failing longer than this fails the run (default: the config's `stale-after`). */
  staleAfterMs?: number;
}

export interface ChannelSummary {
  id: string;
  title: string;
  new: number;
  removed: number;
  skipped: Array<{ url: string; reason: string }>;
  /** Set when the whole channel failed (feed unreachable, unparsable...). */
  error?: string;
  /** Articles this run tried to build (new ones); `skipped` is the part that failed. */
  attempted?: number;
  /** Items of the source left out on purpose. */
  dropped?: Omit<DroppedItems, 'unusedExcludes'>;
  /** Channel health from the manifest (first failure's time, consecutive failed runs), when it is failing. */
  failingSince?: string;
  failures?: number;
}

export interface RunSummary {
  newArticles: number;
  added: string[];
  changed: string[];
  deleted: string[];
  /** Held pages rebuilt around their bodies because the site chrome changed. */
  rerendered?: string[];
  /** Page and QR files no manifest entry claimed, deleted by this run. */
  orphans?: string[];
  /** Channels the mirror holds that the config no longer lists; `pruned` when this run deleted their files. */
  removedChannels?: Array<{ id: string; files: number; pruned: boolean }>;
  channels: ChannelSummary[];
  /** One line per problem (the warnings of `problems`, with example URLs). */
  warnings: string[];
  /** What went wrong or was left out, grouped by channel and cause. */
  problems?: Problem[];
  /** Public URL prefix of the mirror's files, for links to them. */
  baseUrl?: string;
  message: PublishMessage;
  /** Undefined when the plan was empty (nothing written). */
  publish?: PublishResult;
  attempts: number;
  dryRun: boolean;
  /** Why the job fails (every channel failed, fail-on, stale-after); undefined when it succeeds. */
  failure?: string;
}

/** What one channel's run produced before it meets the repository state. */
interface Collected {
  channel: ChannelConfig;
  entries: ManifestEntry[];
  /** Page and QR files of each entry, by page path. */
  files: Map<string, OutputFile[]>;
  summary: ChannelSummary;
  /** Items that got no page, with the error (reports group them by cause). */
  failures: ItemFailure[];
  /** Unlink patterns that matched a link in this run's pages. */
  unlinked: Set<string>;
}

export async function runPipeline(opts: RunOptions): Promise<RunSummary> {
  const { config, publisher, logger } = opts;
  const baseUrl = config.site.baseUrl ?? opts.baseUrl;
  const scope: PlanScope = mirrorScope(config);
  const fetcher = opts.fetcher ?? new Fetcher(config.fetch);
  const now = (opts.now ?? new Date()).toISOString();
  const mine = config.channels.filter((c) => inShard(c.id, opts.shard));
  if (opts.shard) logger.info(`shard ${opts.shard.index}/${opts.shard.total}: ${mine.map((c) => c.id).join(', ') || 'no channels'}`);

  let state = await logger.group('Read the mirror', () => publisher.readState(scope.roots, scope.files));
  await checkOwnership(config, state);
  const manifestWarnings: string[] = [];
  const damaged = new Set<string>();
  const heads = await readManifests(config, state, manifestWarnings, damaged);
  const identity = urlIdentity(config.trackingParams);
  const chrome = chromeHash(config, baseUrl);
  const linkMap = new Map<string, string>();
  for (const m of heads.values()) for (const e of m.articles) linkMap.set(identity(e.url), e.path);

  // Held pages whose chrome changed are rebuilt from the state read now; compose
  // applies them to whichever head it commits on.
  const rerendered = new Map<string, Rerendered>();
  for (const channel of mine) {
    const r = await rerenderChannel(channel, heads.get(channel.id)!, state, { config, baseUrl, chrome });
    if (r.entries.size > 0) logger.info(`channel ${channel.id}: ${r.entries.size} held pages rebuilt with the new site chrome`);
    manifestWarnings.push(...r.warnings);
    rerendered.set(channel.id, r);
  }

  // Channels run at once (the fetcher bounds concurrency per host and overall),
  // in two phases so every page sees the same link map whatever the timing:
  // first all sources are read and new articles named, then all are built.
  // Their logs are replayed one group per channel so they stay readable.
  const cctx: CollectContext = { config, fetcher, baseUrl, now, linkMap, identity, chrome, held: state.paths, builds: new Limiter(BUILDS_AT_ONCE) };
  const planned = await Promise.all(mine.map((channel) => planChannel(channel, heads.get(channel.id)!, cctx)));
  for (const p of planned) for (const i of p.items) linkMap.set(identity(i.item.url), i.path);
  const progress = startProgress(logger, opts.progressIntervalMs ?? PROGRESS_INTERVAL_MS);
  let built: Collected[];
  try {
    built = await Promise.all(planned.map((p) => buildChannel(p, cctx, progress)));
  } finally {
    progress.stop();
  }
  const collected: Collected[] = [];
  for (const [i, c] of built.entries()) {
    const outcome = c.summary.error ? 'failed' : `${c.entries.length} new, ${c.summary.skipped.length} skipped`;
    await logger.group(`Channel ${c.channel.id}: ${outcome}`, async () => planned[i]!.log.replay(logger));
    collected.push(c);
  }
  // Each problem once, after the channels' groups: annotations stay few and name the fix.
  const problems: Problem[] = [...manifestWarnings.map((m) => singleProblem('manifest', m)), ...runProblems(config, planned, collected)];
  logProblems(logger, problems);

  const failOn = opts.failOn ?? config.failOn;
  const staleAfterMs = opts.staleAfterMs ?? config.staleAfterMs;
  const channelSummaries = (composed?: Composed): ChannelSummary[] =>
    collected.map((c) => {
      // As written into the manifest of the head this attempt commits on; without a compose (every channel failed), from the run's start.
      const health = composed ? composed.health.get(c.channel.id) : nextHealth(heads.get(c.channel.id)!.health, c.summary.error, now);
      return {
        ...c.summary,
        new: composed?.addedBy.get(c.channel.id) ?? 0,
        removed: composed?.retiredBy.get(c.channel.id) ?? 0,
        ...(health && { failingSince: health.since, failures: health.failures }),
      };
    });

  if (everyChannelFailed(collected.map((c) => c.summary))) {
    // Nothing was read, so nothing true can be written: not even the home page or the channels' health.
    const channels = channelSummaries();
    logger.warn(`Every channel failed: nothing is written.`);
    return {
      newArticles: 0,
      added: [],
      changed: [],
      deleted: [],
      channels,
      warnings: problems.filter((p) => p.level === 'warning').map(describeProblem),
      problems,
      baseUrl,
      message: { title: 'mirror: every channel failed', body: '', articles: [] },
      attempts: 1,
      dryRun: publisher.mode === 'dry-run',
      failure: runFailure(channels, { failOn, staleAfterMs, now }),
    };
  }

  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  for (let attempt = 1; ; attempt++) {
    // The manifests read at the start serve the first attempt; a retry reads the new head's.
    const atHead = attempt === 1 ? heads : await readManifests(config, state, [], damaged);
    const removed = await removedChannels(state, config, (id) => inShard(id, opts.shard));
    const foreign = await foreignPageFiles(state, config, atHead, collected, damaged);
    const late: string[] = [];
    const composed = compose({ config, state, heads: atHead, collected, baseUrl, now, identity, chrome, rerendered, damaged, removed, foreign }, late);
    if (attempt === 1) {
      const found = late.map((m) => singleProblem('compose', m));
      logProblems(logger, found);
      problems.push(...found);
    }
    const plan = await makePlan(state, composed.files, composed.deletions, scope);
    const written = new Set([...plan.add, ...plan.change].map((f) => f.path));
    const deleted = new Set(plan.delete);
    const message = commitMessage(config, composed, { written, deleted }, plan);
    const summary: RunSummary = {
      newArticles: composed.added.length,
      added: plan.add.map((f) => f.path),
      changed: plan.change.map((f) => f.path),
      deleted: plan.delete,
      rerendered: composed.rerendered.filter((p) => written.has(p)),
      orphans: composed.orphans.filter((p) => deleted.has(p)),
      removedChannels: composed.removedChannels.map((r) => ({ id: r.id, files: r.files.length, pruned: config.pruneRemovedChannels })),
      channels: channelSummaries(composed),
      warnings: problems.filter((p) => p.level === 'warning').map(describeProblem),
      problems,
      baseUrl,
      message,
      attempts: attempt,
      dryRun: publisher.mode === 'dry-run',
    };
    summary.failure = runFailure(summary.channels, { failOn, staleAfterMs, now });
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
      await checkOwnership(config, state);
    }
  }
}

/** The head's manifests; a channel whose manifest does not parse is added to `damaged`. */
async function readManifests(config: Config, state: RepoState, warnings: string[], damaged: Set<string>): Promise<Map<string, Manifest>> {
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
        const folder = pageFolder(config, c.id);
        const stray = m.articles.filter((e) => !e.path.startsWith(folder));
        if (stray.length > 0) {
          warnings.push(`${path}: dropped ${stray.length} entries whose page is not in ${folder} (their files are left alone): ${stray.slice(0, 3).map((e) => JSON.stringify(e.path)).join(', ')}`);
          m = { ...m, articles: m.articles.filter((e) => e.path.startsWith(folder)) };
        }
      } catch (e) {
        // A damaged manifest must not stop the mirror: its pages stay where they are
        // and the channel starts a fresh list; the warning says so.
        warnings.push(`${(e as Error).message}; starting the channel's list afresh (its unclaimed pages are pruned from the next run on)`);
        damaged.add(c.id);
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
  /** Keyed by canonical URL (identity). */
  linkMap: Map<string, string>;
  identity: UrlIdentity;
  /** The current chrome hash, recorded on every page built. */
  chrome: string;
  /** Files the repository holds: a page file the manifest does not list is someone else's, and its name is not reused. */
  held: ReadonlySet<string>;
  /** Articles being built at once, across channels (fetches wait outside it). */
  builds: Limiter;
}

/**
 * Building is CPU work on one thread: a few at once keep it busy between
 * awaits, more would only hold more bodies and pages in the making.
 */
const BUILDS_AT_ONCE = 4;

interface PlannedChannel {
  channel: ChannelConfig;
  summary: ChannelSummary;
  /** Why the channel failed, when it did. */
  failure?: unknown;
  /** Problems the source reported that did not stop the channel. */
  sourceWarnings: string[];
  dropped?: DroppedItems;
  log: Logger & { replay(into: Logger): void };
  items: PlannedItem[];
}

/**
 * A new item as the plan holds it until its article is built. Its feed body
 * and summary wait as bytes outside the V8 heap: a plan can hold thousands,
 * and V8 lets its heap grow to a multiple of what is live on it, so bodies
 * held as strings cost several times their size (BENCHMARKS.md 4b). UTF-16
 * bytes, so the strings come back exactly as they were.
 */
interface PlannedItem {
  item: Omit<SourceItem, 'html' | 'summary'>;
  html?: Buffer;
  summary?: Buffer;
  id: string;
  path: string;
}

function plannedItem({ html, summary, ...item }: SourceItem, id: string, path: string): PlannedItem {
  const out: PlannedItem = { item, id, path };
  if (html !== undefined) out.html = Buffer.from(html, 'utf16le');
  if (summary !== undefined) out.summary = Buffer.from(summary, 'utf16le');
  return out;
}

function sourceItem(p: PlannedItem): SourceItem {
  const out: SourceItem = { ...p.item };
  if (p.html) out.html = p.html.toString('utf16le');
  if (p.summary) out.summary = p.summary.toString('utf16le');
  return out;
}

/** Reads the channel's source and names the new articles; nothing is fetched per article yet. */
async function planChannel(channel: ChannelConfig, head: Manifest, ctx: CollectContext): Promise<PlannedChannel> {
  const summary: ChannelSummary = { id: channel.id, title: channel.title, new: 0, removed: 0, skipped: [] };
  const log = bufferedLogger();
  const planned: PlannedChannel = { channel, summary, log, items: [], sourceWarnings: [] };
  let items: SourceItem[];
  try {
    const read = await readChannel(channel, ctx.fetcher);
    items = read.items;
    planned.sourceWarnings = read.warnings;
    planned.dropped = read.dropped;
    const { unusedExcludes: _, ...dropped } = read.dropped;
    summary.dropped = dropped;
    // Warnings are reported once for the run (logProblems); the group keeps the details.
    for (const w of read.warnings) log.info(w);
  } catch (e) {
    summary.error = e instanceof ChannelError ? e.reason : (e as Error).message;
    planned.failure = e;
    log.info(`the channel failed: ${summary.error}`);
    return planned;
  }
  const known = new Set(head.articles.map((e) => ctx.identity(e.url)));
  const taken = new Set(head.articles.map((e) => e.id.toLowerCase()));
  const folder = pageFolder(ctx.config, channel.id);
  for (const p of ctx.held) {
    if (p.startsWith(folder) && p.endsWith('.md')) taken.add(p.slice(folder.length, -3).toLowerCase());
  }
  const fresh = pickFresh(items, known, head, channel.retention, ctx.now, ctx.identity);
  log.info(`${items.length} items in the source, ${fresh.length} new`);
  // Ids are assigned in source order before any fetching, so they never depend on which page answers first.
  for (const item of fresh) {
    const id = articleId(item.url, taken);
    taken.add(id.toLowerCase());
    planned.items.push(plannedItem(item, id, pagePath(ctx.config, channel.id, id)));
  }
  return planned;
}

/** Gets, cleans and renders each new article of a channel; a failing one is skipped and tried again next run. */
async function buildChannel(p: PlannedChannel, ctx: CollectContext, progress: Progress): Promise<Collected> {
  const { channel, summary, log } = p;
  const result: Collected = { channel, entries: [], files: new Map(), summary, failures: [], unlinked: new Set() };
  if (!summary.error) summary.attempted = p.items.length;
  const tracked = progress.track(channel.id, p.items.length);
  const fetchPage = async (url: string) => {
    const r = await ctx.fetcher.fetchText(url, 'html', { allowHosts: channel.allowHosts });
    // This answer freed a fetch slot. Let the next request go out before this
    // page's extraction and rendering (milliseconds of CPU) holds the event
    // loop, so the network never waits for CPU work (see BENCHMARKS.md).
    await nextTurn();
    return { text: r.text ?? '', finalUrl: r.finalUrl };
  };
  const buildOne = async (planned: PlannedItem) => {
    const { id, path } = planned;
    // A build slot is held while the article is worked on, never while its
    // page is awaited: without it, `body: feed` items (no fetch) would all
    // be cleaned in one burst and every cleaned body held until the
    // renders that follow, memory growing with the number of new articles.
    let release = await ctx.builds.acquire();
    await nextTurn();
    const item = sourceItem(planned);
    const fetchInFlight = async (url: string) => {
      release();
      try {
        return await fetchPage(url);
      } finally {
        release = await ctx.builds.acquire();
      }
    };
    try {
      const article = await buildArticle(item, channel, id, fetchInFlight);
      const self = ctx.identity(item.url);
      const url = publicUrl(ctx.baseUrl, path);
      const page = renderPage(article, {
        config: ctx.config,
        channel,
        path,
        publicUrl: url,
        qrSrc: qrPath(path).split('/').pop()!,
        unlink: channel.unlink,
        unlinked: result.unlinked,
        // A link to the article's own original stays a link to the original (the share block says the same).
        resolveLink: (u) => {
          const key = ctx.identity(u);
          return key === self ? undefined : ctx.linkMap.get(key);
        },
      });
      const content = Buffer.from(page, 'utf8');
      const png = qrPng(url);
      const entry: ManifestEntry = {
        id,
        title: article.title,
        url: item.url,
        ...(article.published ? { published: article.published } : { mirrored: ctx.now }),
        path,
        hash: gitBlobSha(content),
        chrome: ctx.chrome,
      };
      return { entry, files: [{ path, content }, { path: qrPath(path), content: png }] };
    } catch (e) {
      summary.skipped.push({ url: item.url, reason: (e as Error).message });
      result.failures.push({ url: item.url, error: e });
      return undefined;
    } finally {
      release();
      tracked.done();
    }
  };
  // Taken out of the plan, and each item out of the queue as its build
  // starts: from then on only that build holds it, so a built item's feed
  // body is free to go while the others are built.
  const queue = p.items.splice(0);
  const built = await Promise.all(Array.from({ length: queue.length }, () => buildOne(queue.shift()!)));
  summary.skipped.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  // The full list stays in the channel's log group; the warning for them is grouped by cause (logProblems).
  for (const s of summary.skipped) log.info(`skipped ${s.url}: ${reasonWithoutUrl(s.url, s.reason)} (tried again next run)`);
  for (const b of built) {
    if (!b) continue;
    result.entries.push(b.entry);
    result.files.set(b.entry.path, b.files);
  }
  return result;
}

/** The run's problems, grouped by channel and cause, in config order. */
function runProblems(config: Config, planned: PlannedChannel[], collected: Collected[]): Problem[] {
  const out: Problem[] = [];
  const siteUnlinkUsed = new Set<string>();
  let pages = 0;
  for (const [i, c] of collected.entries()) {
    const p = planned[i]!;
    const ref = { channel: c.channel, index: config.channels.indexOf(c.channel) };
    if (c.summary.error) out.push(channelProblem(ref, c.summary.error, p.failure));
    for (const w of p.sourceWarnings) out.push(singleProblem('source', w, c.channel.id));
    out.push(...itemProblems(ref, c.failures));
    if (p.dropped) out.push(...droppedNotes(ref, p.dropped));
    const own = c.channel.unlink.filter((u) => !config.unlink.includes(u));
    out.push(...unusedUnlinkNotes(own, c.unlinked, c.entries.length, ref));
    for (const u of c.unlinked) siteUnlinkUsed.add(u);
    pages += c.entries.length;
  }
  out.push(...unusedUnlinkNotes(config.unlink, siteUnlinkUsed, pages));
  return out;
}

/**
 * Items not mirrored yet, newest first, limited to what retention will keep:
 * the held articles and the new items are ranked together (an undated item
 * counts as mirrored now), and only new items among the newest `retention`
 * are fetched. An item the same run would retire is never fetched.
 */
function pickFresh(items: SourceItem[], known: Set<string>, head: Manifest, retention: number, now: string, identity: UrlIdentity): SourceItem[] {
  const seen = new Set<string>();
  const fresh = items.filter((i) => {
    const key = identity(i.url);
    if (known.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const nowTime = timeOf(now);
  const timeOfItem = (i: SourceItem) => (i.published ? timeOf(i.published) : nowTime);
  // Sort is stable: items of the same date keep source order.
  const byDate = fresh.map((item) => ({ item, t: timeOfItem(item) })).sort((a, b) => b.t - a.t);
  const held = head.articles.map((e) => timeOf(entryDate(e)));
  // On a tie the held article stays: it needs no fetch.
  const ranked = [...held.map((t) => ({ t, item: undefined as SourceItem | undefined })), ...byDate].sort((a, b) => b.t - a.t || (a.item ? 1 : 0) - (b.item ? 1 : 0));
  return ranked
    .slice(0, retention)
    .map((r) => r.item)
    .filter((i): i is SourceItem => i !== undefined);
}

interface Composed {
  files: OutputFile[];
  deletions: string[];
  added: Array<{ channel: string; entry: ManifestEntry }>;
  addedBy: Map<string, number>;
  retiredBy: Map<string, number>;
  rerendered: string[];
  orphans: string[];
  removedChannels: RemovedChannel[];
  /** Each collected channel's health as its manifest records it (undefined: healthy). */
  health: Map<string, ChannelHealth | undefined>;
}

/** The page and QR paths of `entries`, and the paths of `files` a run writes. */
function claimedPaths(entries: ManifestEntry[], files: OutputFile[]): Set<string> {
  const claimed = new Set<string>();
  for (const e of entries) claimed.add(e.path).add(qrPath(e.path));
  for (const f of files) claimed.add(f.path);
  return claimed;
}

/**
 * Unclaimed files in the channels' page folders that the mirror did not write
 * (a page without its marker): never pruned. Only files no held entry claims
 * are read, so a run with nothing to prune reads nothing here.
 */
async function foreignPageFiles(state: RepoState, config: Config, heads: Map<string, Manifest>, collected: Collected[], damaged: Set<string>): Promise<Set<string>> {
  const foreign = new Set<string>();
  for (const c of collected) {
    if (damaged.has(c.channel.id)) continue;
    const unclaimed = orphanFiles(state, config, c.channel.id, claimedPaths(heads.get(c.channel.id)?.articles ?? [], [...c.files.values()].flat()));
    if (unclaimed.length === 0) continue;
    const mine = new Set(await writtenByMirror(state, unclaimed));
    for (const p of unclaimed) if (!mine.has(p)) foreign.add(p);
  }
  return foreign;
}

interface ComposeInput {
  config: Config;
  state: RepoState;
  heads: Map<string, Manifest>;
  collected: Collected[];
  baseUrl: string;
  /** The run's clock: when a failing channel's streak began. */
  now: string;
  /** Unclaimed page files a person put there: never pruned. */
  foreign: ReadonlySet<string>;
  identity: UrlIdentity;
  chrome: string;
  rerendered: Map<string, Rerendered>;
  /** Channels whose manifest did not parse: their pages are not pruned in this run. */
  damaged: ReadonlySet<string>;
  /** Channels the mirror holds that the config no longer lists (this shard's). */
  removed: RemovedChannel[];
}

/**
 * The repository's desired state from the head's manifests plus this run's
 * articles. Runs again on every attempt, against the head it will commit on.
 */
function compose(input: ComposeInput, warnings: string[]): Composed {
  const { config, state, heads, collected, baseUrl } = input;
  const out: Composed = { files: [], deletions: [], added: [], addedBy: new Map(), retiredBy: new Map(), rerendered: [], orphans: [], removedChannels: [], health: new Map() };
  const manifests = new Map(heads);
  for (const c of collected) {
    const head = heads.get(c.channel.id)!;
    const merged = mergeManifest(head, c.entries, c.channel.retention, input.identity);
    const health = nextHealth(head.health, c.summary.error, input.now);
    out.health.set(c.channel.id, health);
    const { health: _old, ...rest } = merged.manifest;
    merged.manifest = health ? { ...rest, health } : rest;
    // Rebuilt pages apply only to entries still holding the page they were rebuilt from.
    const rebuilt = input.rerendered.get(c.channel.id)?.entries;
    if (rebuilt && rebuilt.size > 0) {
      merged.manifest.articles = merged.manifest.articles.map((e) => {
        const r = rebuilt.get(e.path);
        if (!r || e.chrome === input.chrome || e.hash !== r.from) return e;
        out.files.push(...r.files);
        if (r.files.length > 0) out.rerendered.push(e.path);
        return r.entry;
      });
    }
    manifests.set(c.channel.id, merged.manifest);
    for (const e of merged.added) {
      out.files.push(...(c.files.get(e.path) ?? []));
      out.added.push({ channel: c.channel.id, entry: e });
    }
    for (const e of merged.retired) out.deletions.push(e.path, qrPath(e.path));
    for (const e of merged.collided) warnings.push(`channel ${c.channel.id}: ${e.url} would reuse ${e.path}, held by another article; tried again next run`);
    out.addedBy.set(c.channel.id, merged.added.length);
    out.retiredBy.set(c.channel.id, merged.retired.length);
    if (!input.damaged.has(c.channel.id)) {
      const orphans = orphanFiles(state, config, c.channel.id, claimedPaths(merged.manifest.articles, out.files)).filter((p) => !input.foreign.has(p));
      out.orphans.push(...orphans);
      out.deletions.push(...orphans);
    }
  }
  out.removedChannels = input.removed;
  for (const r of out.removedChannels) {
    if (config.pruneRemovedChannels) out.deletions.push(...r.files);
    else warnings.push(`channel ${r.id} is no longer in the config; its ${r.files.length} files are kept (set prune-removed-channels: true to delete them)`);
  }
  const ctx = { config, baseUrl };
  const all = config.channels.map((c) => manifests.get(c.id)!);
  const indexed = new Set<string>();
  for (const c of config.channels) {
    const m = manifests.get(c.id)!;
    // A channel that has never produced an article, and is not failing, gets no files yet (and no link from the home page).
    if (m.articles.length === 0 && !m.health && !state.paths.has(manifestPath(config, c.id))) continue;
    indexed.add(c.id);
    out.files.push({ path: manifestPath(config, c.id), content: Buffer.from(renderManifest(m)) });
    out.files.push({ path: indexPath(config, c.id), content: Buffer.from(renderChannelIndex(m, ctx)) });
    if (config.site.atom) out.files.push({ path: atomPath(config, c.id), content: Buffer.from(renderAtom(m, ctx)) });
  }
  if (all.some((m) => m.articles.length > 0) || state.paths.has(config.paths.home)) {
    out.files.push({ path: config.paths.home, content: Buffer.from(renderHome(all, ctx, indexed)) });
  }
  return out;
}

function commitMessage(config: Config, composed: Composed, touchedFiles: { written: Set<string>; deleted: Set<string> }, plan: Plan): PublishMessage {
  const pruneRemoved = config.pruneRemovedChannels;
  const removed = [...composed.retiredBy.values()].reduce((a, b) => a + b, 0);
  const touched = [...new Set([...composed.addedBy.entries(), ...composed.retiredBy.entries()].filter(([, n]) => n > 0).map(([id]) => id))].sort();
  const parts = [`${composed.added.length} new`];
  if (removed > 0) parts.push(`${removed} removed`);
  const upkeep: string[] = [];
  const rebuilt = composed.rerendered.filter((p) => touchedFiles.written.has(p));
  if (rebuilt.length > 0) upkeep.push(`${rebuilt.length} pages re-rendered`);
  const orphans = composed.orphans.filter((p) => touchedFiles.deleted.has(p));
  if (orphans.length > 0) upkeep.push(`${orphans.length} orphaned files pruned`);
  const pruned = pruneRemoved ? composed.removedChannels.filter((r) => r.files.some((f) => touchedFiles.deleted.has(f))).map((r) => r.id) : [];
  if (pruned.length > 0) upkeep.push(`removed channels pruned: ${pruned.join(', ')}`);
  const title =
    touched.length > 0
      ? `mirror: ${[...parts, ...upkeep].join(', ')} (${touched.join(', ')})`
      : upkeep.length > 0
        ? `mirror: ${upkeep.join(', ')}`
        : 'mirror: refresh indexes';
  const lines = composed.added.map((a) => `- ${a.channel}: ${a.entry.title} (${a.entry.path})`);
  const body = [
    ...lines,
    '',
    `${plan.add.length} added, ${plan.change.length} changed, ${plan.delete.length} deleted files.`,
  ].join('\n');
  const articles = composed.added.map((a) => ({ channel: a.channel, title: a.entry.title, url: a.entry.url, path: a.entry.path }));
  return { title, body: body.trim(), articles, indexes: touched.map((id) => indexPath(config, id)) };
}
