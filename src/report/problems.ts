// What went wrong (or was left out) in a run, grouped by cause: one problem
// per channel and cause (and host or HTTP status), with its count, a few
// example URLs and the config key that fixes it. The CLI, the Action's log
// and annotations, and the job summary all report these, so a channel of 35
// refused pages says so once everywhere.
import { ArticleError } from '../articles/build-article.js';
import type { ChannelConfig } from '../config/load.js';
import { FetchError } from '../http/errors.js';
import type { DroppedItems } from '../sources/read-channel.js';
import { FeedError } from '../sources/feed.js';
import type { Logger } from '../types.js';

export interface Problem {
  /** `warning`: something failed; `info`: left out on purpose, or a config entry that did nothing. */
  level: 'warning' | 'info';
  /** The channel it concerns; absent for run-wide problems. */
  channel?: string;
  /** Stable name of the cause, e.g. `host-refused:cdn.example.org` or `http-status:404`. */
  cause: string;
  /** How many items it concerns. */
  count: number;
  /** What happened, how many, and which config key fixes it. One line. */
  message: string;
  /** A few of the URLs concerned; the full list is in the channel's log group. */
  examples: string[];
}

/** URLs shown with a problem; more would only repeat the message. */
const EXAMPLES = 3;

/** An item of a channel that got no page this run. */
export interface ItemFailure {
  url: string;
  error: unknown;
}

/** `channels[2]`: where a channel's keys live in the config, so a message names the exact key. */
export interface ChannelRef {
  channel: ChannelConfig;
  index: number;
}

const key = (ref: ChannelRef, name: string) => `\`channels[${ref.index}].${name}\``;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The item failures of one channel, one problem per cause, in order of size. */
export function itemProblems(ref: ChannelRef, failures: ItemFailure[]): Problem[] {
  const groups = new Map<string, { cause: ItemCause; urls: string[] }>();
  for (const f of failures) {
    const cause = itemCause(f.error);
    const g = groups.get(cause.id);
    if (g) g.urls.push(f.url);
    else groups.set(cause.id, { cause, urls: [f.url] });
  }
  const out = [...groups.values()].map(({ cause, urls }) => {
    const sorted = [...urls].sort();
    return {
      level: 'warning' as const,
      channel: ref.channel.id,
      cause: cause.id,
      count: urls.length,
      message: cause.message(urls.length, ref),
      examples: sorted.slice(0, EXAMPLES),
    };
  });
  return out.sort((a, b) => b.count - a.count || (a.cause < b.cause ? -1 : 1));
}

interface ItemCause {
  id: string;
  message(n: number, ref: ChannelRef): string;
}

function itemCause(error: unknown): ItemCause {
  const pages = (n: number, ref: ChannelRef) => `${plural(n, 'article page', 'article pages')} of channel \`${ref.channel.id}\``;
  const were = (n: number) => (n === 1 ? 'was' : 'were');
  const have = (n: number) => (n === 1 ? 'has' : 'have');
  const fetchError = findCause(error, FetchError);
  if (error instanceof ArticleError && error.kind === 'fetch' && fetchError) {
    const e = fetchError;
    switch (e.kind) {
      case 'blocked':
        if (e.host) {
          return {
            id: `host-refused:${e.host}`,
            message: (n, ref) =>
              `${pages(n, ref)} ${were(n)} refused: their host \`${e.host}\` is not the channel's host. Add it to ${key(ref, 'allow-hosts')} if the channel's articles live there.`,
          };
        }
        return { id: 'bad-url', message: (n, ref) => `${pages(n, ref)} ${have(n)} a link that is not an http(s) URL; leave those items out with ${key(ref, 'exclude-titles')}.` };
      case 'status':
        return { id: `http-status:${e.status}`, message: (n, ref) => `${pages(n, ref)} answered HTTP ${e.status}: ${statusAdvice(e.status ?? 0, ref)}` };
      case 'timeout':
        return { id: 'timeout', message: (n, ref) => `${pages(n, ref)} did not load in time; they are tried again next run. Raise \`fetch.timeout-ms\` if the site is just slow.` };
      case 'too-large':
        return { id: 'too-large', message: (n, ref) => `${pages(n, ref)} ${were(n)} larger than the size cap. Raise \`fetch.max-bytes\` to mirror them.` };
      case 'network':
        return { id: 'network', message: (n, ref) => `${pages(n, ref)} could not be reached (the connection failed); they are tried again next run, and \`fetch.retries\` sets how often a run retries.` };
      case 'redirect':
        return { id: 'redirect', message: (n, ref) => `${pages(n, ref)} redirect too often or to an invalid URL; they are tried again next run, or leave them out with ${key(ref, 'exclude-titles')}.` };
      case 'decode':
        return { id: 'decode', message: (n, ref) => `${pages(n, ref)} could not be decoded as text; they are tried again next run, or leave them out with ${key(ref, 'exclude-titles')}.` };
    }
  }
  if (error instanceof ArticleError) {
    switch (error.kind) {
      case 'extract': {
        // The element count differs per page; the cause does not.
        const detail = / elements, too many to find the article in/.test(error.message)
          ? 'too large to find the article in without a selector'
          : withoutUrl(error.message, error.url);
        return {
          id: `extract:${detail}`,
          message: (n, ref) => `${pages(n, ref)}: ${detail}. Set ${key(ref, 'page.select')} to the CSS selector of the article body.`,
        };
      }
      case 'empty':
        return {
          id: 'empty',
          message: (n, ref) =>
            `${pages(n, ref)} had no article text left after cleaning. Check ${key(ref, 'page.select')} and ${key(ref, 'page.remove')}${ref.channel.body === 'feed' ? `, or set ${key(ref, 'body')} to \`page\`` : ''}.`,
        };
    }
  }
  const detail = error instanceof ArticleError ? withoutUrl(error.message, error.url) : error instanceof Error ? error.message : String(error);
  return { id: `other:${detail}`, message: (n, ref) => `${pages(n, ref)} failed: ${detail}. They are tried again next run.` };
}

function statusAdvice(status: number, ref: ChannelRef): string {
  if (status === 404 || status === 410) return `the source links pages that are not there. They are tried again next run; leave such items out with ${key(ref, 'exclude-titles')}.`;
  if (status === 401 || status === 403) return 'the site refuses the mirror. Try another `fetch.user-agent`.';
  if (status === 429) return 'the site asks for fewer requests. Lower `fetch.per-host`.';
  if (status >= 500) return 'the site failed. They are tried again next run; `fetch.retries` sets how often a run retries.';
  return `they are tried again next run; leave such items out with ${key(ref, 'exclude-titles')}.`;
}

/** A whole channel failed: one problem, with the key to check. */
export function channelProblem(ref: ChannelRef, reason: string, error: unknown): Problem {
  return {
    level: 'warning',
    channel: ref.channel.id,
    cause: 'channel-failed',
    count: 1,
    message: `channel ${ref.channel.id}: ${reason}. ${channelAdvice(ref, error)}`,
    examples: [ref.channel.source.url],
  };
}

function channelAdvice(ref: ChannelRef, error: unknown): string {
  const f = findCause(error, FetchError);
  if (f?.kind === 'timeout') return 'Raise `fetch.timeout-ms` if the site is just slow.';
  if (f?.kind === 'too-large') return 'Raise `fetch.max-bytes` if the source is really that large.';
  if (f?.kind === 'status' && (f.status === 401 || f.status === 403)) return 'The site refuses the mirror: try another `fetch.user-agent`.';
  if (f?.kind === 'status' && f.status === 429) return 'The site asks for fewer requests: lower `fetch.per-host`.';
  if (findCause(error, FeedError)) return `Check ${key(ref, 'source.url')}; a web page rather than a feed needs ${key(ref, 'source.type')}: html.`;
  if (ref.channel.source.type === 'html' && !f) return `Check ${key(ref, 'source.item')} and the other selectors of ${key(ref, 'source')}.`;
  return `Check ${key(ref, 'source.url')}; the channel is tried again next run.`;
}

/** Items of a channel left out on purpose, and patterns that left nothing out. Info, not warnings. */
export function droppedNotes(ref: ChannelRef, d: DroppedItems): Problem[] {
  const id = ref.channel.id;
  const note = (cause: string, count: number, message: string): Problem => ({ level: 'info', channel: id, cause, count, message, examples: [] });
  const out: Problem[] = [];
  if (d.overLimit > 0) {
    out.push(note('over-limit', d.overLimit, `channel ${id}: ${d.inSource - d.duplicates - d.excluded} in the source, ${ref.channel.limit} taken: limit ${ref.channel.limit} (${key(ref, 'limit')}).`));
  }
  if (d.duplicates > 0) out.push(note('duplicates', d.duplicates, `channel ${id}: ${plural(d.duplicates, 'item was listed twice and taken once', 'items were listed twice and taken once')}.`));
  if (d.excluded > 0) out.push(note('excluded', d.excluded, `channel ${id}: ${plural(d.excluded, 'item', 'items')} left out by title (${key(ref, 'exclude-titles')}).`));
  if (d.inSource > 0) {
    for (const p of d.unusedExcludes) {
      out.push(note(`unused-exclude:${p}`, 0, `channel ${id}: the ${key(ref, 'exclude-titles')} pattern ${JSON.stringify(p)} matched none of its ${d.inSource} items.`));
    }
  }
  return out;
}

/**
 * Unlink patterns that turned no link into text though pages were rendered:
 * a channel's own (with `ref`), or the top-level ones over the whole run.
 */
export function unusedUnlinkNotes(patterns: string[], used: Set<string>, pages: number, ref?: ChannelRef): Problem[] {
  if (pages === 0) return [];
  const rendered = plural(pages, 'new page', 'new pages');
  return patterns
    .filter((p) => !used.has(p))
    .map((p) => ({
      level: 'info' as const,
      ...(ref ? { channel: ref.channel.id } : {}),
      cause: `unused-unlink:${p}`,
      count: 0,
      message: ref
        ? `channel ${ref.channel.id}: the ${key(ref, 'unlink')} pattern ${JSON.stringify(p)} matched no link in its ${rendered}.`
        : `the top-level \`unlink\` pattern ${JSON.stringify(p)} matched no link in the ${rendered} of this run.`,
      examples: [],
    }));
}

/** A problem that stands alone (a damaged manifest, a charset the source got wrong). */
export function singleProblem(cause: string, message: string, channel?: string): Problem {
  return { level: 'warning', ...(channel ? { channel } : {}), cause, count: 1, message, examples: [] };
}

/** The message with its example URLs, as the log and the terminal show it. */
export function describeProblem(p: Problem): string {
  if (p.examples.length === 0 || p.cause === 'channel-failed') return p.message;
  const more = p.count > p.examples.length ? `, and ${p.count - p.examples.length} more` : '';
  return `${p.message} For example: ${p.examples.join(', ')}${more}.`;
}

/** Logs each problem once: warnings as warnings (annotations in Actions), the rest as info. */
export function logProblems(logger: Logger, problems: Problem[]): void {
  for (const p of problems) {
    if (p.level === 'warning') logger.warn(describeProblem(p));
    else logger.info(describeProblem(p));
  }
}

function findCause<T extends Error>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof type) return e;
  }
  return undefined;
}

/** An item's failure for a log line that already names its URL: the URL is not repeated. */
export function reasonWithoutUrl(url: string, reason: string): string {
  return reason.split(`GET ${url}: `).join('').split(`${url}: `).join('');
}

/** An error message without the URL it starts with ("https://x/a.html: page.select … matches nothing" → "page.select … matches nothing"). */
function withoutUrl(message: string, url: string): string {
  const rest = message.startsWith(`${url}: `) ? message.slice(url.length + 2) : message;
  return rest.replace(/^https?:\/\/\S+: /, '');
}
