// One channel's source → its items: fetch, decode, parse, exclude, limit.
import type { ChannelConfig } from '../config/load.js';
import { decodeBody, type BodyKind } from '../http/charset.js';
import { FetchError, type Fetcher } from '../http/fetcher.js';
import type { SourceItem } from '../types.js';
import { FeedError, parseFeed } from './feed.js';
import { excludeByTitle } from './filter.js';
import { parseListing } from './html-listing.js';

export interface ChannelRead {
  /** After exclusion and the channel's limit, in source order. */
  items: SourceItem[];
  /** Problems worth telling the maintainer that did not stop the channel. */
  warnings: string[];
  /** The feed's own title, when it has one. */
  title?: string;
  /** Where the source ended up after redirects. */
  finalUrl: string;
  /** What was left out on purpose, so a run can account for every item of the source. */
  dropped: DroppedItems;
}

export interface DroppedItems {
  /** Items the source listed (with a usable link). */
  inSource: number;
  /** Listed twice (same URL but for the fragment). */
  duplicates: number;
  /** Matched an `exclude-titles` pattern. */
  excluded: number;
  /** Beyond the channel's `limit`. */
  overLimit: number;
  /** `exclude-titles` patterns that matched no item. */
  unusedExcludes: string[];
}

/** The channel's source could not be read; the message names the channel and the URL. */
export class ChannelError extends Error {
  constructor(
    readonly channel: string,
    readonly url: string,
    /** What went wrong, without the channel prefix (for reports that already name the channel). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`channel "${channel}": ${reason}`, options);
    this.name = 'ChannelError';
  }
}

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/**
 * Reads a channel's source. The source URL comes from the config, so it is
 * trusted; its redirects may change host (e.g. to a CDN) but reach a private
 * address only when the config allows that host. Article URLs found in it are
 * held tighter: see Fetcher.
 */
export async function readChannel(channel: ChannelConfig, fetcher: Fetcher): Promise<ChannelRead> {
  const { url } = channel.source;
  const fail = (message: string, cause: unknown): never => {
    throw new ChannelError(channel.id, url, message, { cause });
  };
  const warnings: string[] = [];

  let res;
  try {
    res = await fetcher.fetchBytes(url, { allowHosts: channel.allowHosts, otherHosts: 'public-only', headers: { accept: channel.source.type === 'feed' ? FEED_ACCEPT : 'text/html, */*;q=0.5' } });
  } catch (e) {
    if (e instanceof FetchError) return fail(e.message, e);
    throw e;
  }

  const kind: BodyKind = channel.source.type === 'html' ? 'html' : sniffKind(res.contentType, res.bytes);
  const decoded = decodeBody(res.bytes, res.contentType, kind);
  if (decoded.warning) warnings.push(`channel "${channel.id}" (${url}): ${decoded.warning}`);

  let items: SourceItem[];
  let title: string | undefined;
  if (channel.source.type === 'feed') {
    try {
      const feed = parseFeed(decoded.text, res.finalUrl);
      items = feed.items;
      title = feed.title;
      if (feed.dropped > 0) warnings.push(`channel "${channel.id}" (${url}): ${feed.dropped} item(s) without an http(s) link skipped`);
    } catch (e) {
      if (e instanceof FeedError) return fail(`${url}: ${e.message}`, e);
      throw e;
    }
  } else {
    const { item, link, title: titleSel, date } = channel.source;
    try {
      items = parseListing(decoded.text, res.finalUrl, { item, ...(link ? { link } : {}), ...(titleSel ? { title: titleSel } : {}), ...(date ? { date } : {}) });
    } catch (e) {
      return fail(`${url}: cannot read the listing page with the channel's selectors (${(e as Error).message})`, e);
    }
    if (items.length === 0) warnings.push(`channel "${channel.id}" (${url}): the item selector "${item}" matched no linked items`);
  }

  const unique = dedupe(items);
  const { kept, used } = excludeByTitle(unique, channel.excludeTitles);
  const dropped: DroppedItems = {
    inSource: items.length,
    duplicates: items.length - unique.length,
    excluded: unique.length - kept.length,
    overLimit: Math.max(0, kept.length - channel.limit),
    unusedExcludes: channel.excludeTitles.filter((p) => !used.has(p)),
  };
  return { items: kept.slice(0, channel.limit), warnings, ...(title ? { title } : {}), finalUrl: res.finalUrl, dropped };
}

/** A feed URL may serve XML or a JSON Feed; look at the type, then at the first byte. */
function sniffKind(contentType: string | undefined, bytes: Buffer): BodyKind {
  if (contentType && /json/i.test(contentType)) return 'json';
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) return 'json';
  // Servers often label a feed text/html; the body says what it is, and an
  // XML body's own encoding declaration must be honoured, not a <meta> guess.
  if (contentType && /html/i.test(contentType) && !looksLikeXml(bytes.subarray(i, i + 512))) return 'html';
  return 'xml';
}

/** An XML declaration or a feed's root element at the start (comments, doctype and processing instructions skipped). */
function looksLikeXml(start: Buffer): boolean {
  const head = start.toString('latin1').replace(/^(\s*(<!--[\s\S]*?-->|<![A-Za-z][^>]*>|<\?xml-stylesheet[^>]*\?>))*\s*/, '');
  return /^<\?xml[\s?]/.test(head) || /^<(rss|feed|rdf:RDF)[\s>/]/.test(head);
}

function dedupe(items: SourceItem[]): SourceItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = i.url.replace(/#.*$/, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
