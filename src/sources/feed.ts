// Feed text → SourceItem[]. feedsmith does the XML/JSON work; this module
// maps its four shapes onto one, resolves URLs, and turns parser failures
// into messages a maintainer can act on.
//
// Hostile XML: feedsmith runs fast-xml-parser with entity processing off, so
// DTD entities (billion laughs) are never expanded, and with a nesting limit,
// so deep markup fails fast instead of exhausting the stack.
import { DetectError, MalformedError, parseFeed as feedsmithParse, type AnyFeed } from 'feedsmith';
import type { SourceItem } from '../types.js';
import { parseDate } from './dates.js';
import { absoluteHttpUrl, cleanTitle, detached, escapeHtml, resolveBase, textToHtml } from './text.js';

export type FeedFormat = AnyFeed['format'];

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  items: SourceItem[];
  /** Items dropped because they had no http(s) URL. */
  dropped: number;
}

/** The input is not a usable feed; the message says what it is instead. */
export class FeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedError';
  }
}

type Feed<F extends FeedFormat> = Extract<AnyFeed, { format: F }>['feed'];

/** Parses RSS 2.0, RSS 1.0/RDF, Atom 1.0 or JSON Feed 1.x; throws FeedError on anything else. */
export function parseFeed(text: string, feedUrl: string): ParsedFeed {
  const src = text.replace(/^\ufeff/, '');
  const start = src.trimStart();
  if (!start) throw new FeedError('not a feed: the document is empty');

  let parsed: AnyFeed;
  try {
    if (start.startsWith('{') || start.startsWith('[')) {
      let json: unknown;
      try {
        json = JSON.parse(start);
      } catch (e) {
        throw new FeedError(`not a feed: broken JSON (${(e as Error).message})`);
      }
      parsed = feedsmithParse(json);
    } else {
      if (!start.startsWith('<')) throw new FeedError(`not a feed: not XML or JSON (starts with ${JSON.stringify(start.slice(0, 40))})`);
      const root = rootElement(start);
      if (root && /^html$/i.test(root)) throw new FeedError('not a feed: an HTML page');
      parsed = feedsmithParse(/^rss$/i.test(root ?? '') ? plainContentAsEncoded(start) : start);
    }
  } catch (e) {
    if (e instanceof FeedError) throw e;
    if (e instanceof DetectError) throw new FeedError(`not a feed: ${describeUnknown(start)}`);
    if (e instanceof MalformedError) throw new FeedError('not a feed: malformed XML (truncated, broken or too deeply nested)');
    throw new FeedError(`not a feed: ${(e as Error).message}`);
  }

  const candidates = mapItems(parsed, feedUrl);
  const items = candidates.filter((i): i is SourceItem => i !== undefined);
  const title = feedTitle(parsed);
  return { format: parsed.format, ...(title ? { title } : {}), items, dropped: candidates.length - items.length };
}

function mapItems(parsed: AnyFeed, feedUrl: string): Array<SourceItem | undefined> {
  switch (parsed.format) {
    case 'rss':
      return (parsed.feed.items ?? []).map((i) => rssItem(i, resolveBase(parsed.feed.xml?.base, feedUrl)));
    case 'rdf':
      return (parsed.feed.items ?? []).map((i) => rdfItem(i, feedUrl));
    case 'atom': {
      const base = resolveBase(parsed.feed.xml?.base, feedUrl);
      return (parsed.feed.entries ?? []).map((e) => atomEntry(e, base));
    }
    case 'json':
      return (parsed.feed.items ?? []).map((i) => jsonItem(i, feedUrl));
  }
}

function feedTitle(parsed: AnyFeed): string | undefined {
  const f = parsed.feed;
  const t = parsed.format === 'atom' ? textOf(parsed.feed.title) : (f as { title?: string }).title;
  return t ? cleanTitle(t, parsed.format !== 'json') || undefined : undefined;
}

type RssItem = NonNullable<Feed<'rss'>['items']>[number];
type RdfItem = NonNullable<Feed<'rdf'>['items']>[number];
type AtomEntry = NonNullable<Feed<'atom'>['entries']>[number];
type JsonItem = NonNullable<Feed<'json'>['items']>[number];
type AtomText = { value?: string; type?: string } | undefined;

function rssItem(i: RssItem, feedBase: string): SourceItem | undefined {
  const base = resolveBase(i.xml?.base, feedBase);
  const guid = i.guid?.value;
  const url =
    absoluteHttpUrl(i.link, base) ??
    (i.guid?.isPermaLink !== false ? absoluteHttpUrl(guid, base) : undefined) ??
    absoluteHttpUrl(i.atom?.links?.find((l) => !l.rel || l.rel === 'alternate')?.href, base);
  if (!url) return undefined;
  const image =
    i.enclosures?.find((e) => e.type?.startsWith('image/'))?.url ??
    mediaImage(i.media);
  return item({
    url,
    title: cleanTitle(i.title),
    published: parseDate(i.pubDate) ?? parseDate(i.dc?.dates?.[0]) ?? parseDate(i.atom?.published) ?? parseDate(i.atom?.updated),
    html: i.content?.encoded,
    summary: i.description,
    guid,
    image: absoluteHttpUrl(image, base),
  });
}

function rdfItem(i: RdfItem, feedUrl: string): SourceItem | undefined {
  const base = resolveBase(i.xml?.base, feedUrl);
  const url = absoluteHttpUrl(i.link, base) ?? absoluteHttpUrl(i.rdf?.about, base);
  if (!url) return undefined;
  return item({
    url,
    title: cleanTitle(i.title),
    published: parseDate(i.dc?.dates?.[0]) ?? parseDate(i.dcterms?.modified?.[0]),
    html: i.content?.encoded,
    summary: i.description,
    guid: i.rdf?.about,
    image: absoluteHttpUrl(mediaImage(i.media), base),
  });
}

function atomEntry(e: AtomEntry, feedBase: string): SourceItem | undefined {
  const base = resolveBase(e.xml?.base, feedBase);
  const links = e.links ?? [];
  const alternates = links.filter((l) => !l.rel || l.rel === 'alternate');
  const link = alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
  const url = absoluteHttpUrl(link?.href, base) ?? absoluteHttpUrl(e.id, undefined);
  if (!url) return undefined;
  const content = e.content?.src ? undefined : atomHtml(e.content);
  const image = links.find((l) => l.rel === 'enclosure' && l.type?.startsWith('image/'))?.href ?? mediaImage(e.media);
  return item({
    url,
    title: atomTitle(e.title),
    published: parseDate(e.published) ?? parseDate(e.updated),
    html: content,
    summary: atomHtml(e.summary),
    guid: e.id,
    image: absoluteHttpUrl(image, base),
  });
}

function jsonItem(i: JsonItem, feedUrl: string): SourceItem | undefined {
  const url = absoluteHttpUrl(i.url, feedUrl) ?? absoluteHttpUrl(i.external_url, feedUrl);
  if (!url) return undefined;
  const html = i.content_html ?? (i.content_text ? textToHtml(i.content_text) : undefined);
  return item({
    url,
    title: cleanTitle(i.title, false),
    published: parseDate(i.date_published) ?? parseDate(i.date_modified),
    html,
    summary: i.summary ? escapeHtml(i.summary) : undefined,
    guid: i.id,
    image: absoluteHttpUrl(i.image ?? i.banner_image, feedUrl),
  });
}

function textOf(t: AtomText): string | undefined {
  return t?.value;
}

function atomTitle(t: AtomText): string {
  return cleanTitle(t?.value, t?.type === 'html' || t?.type === 'xhtml');
}

/** Atom text constructs as HTML: html and xhtml as they are, text escaped. */
function atomHtml(t: AtomText): string | undefined {
  if (!t?.value) return undefined;
  if (t.type === 'html' || t.type === 'xhtml' || t.type === 'application/xhtml+xml' || t.type === 'text/html') return t.value;
  return textToHtml(t.value);
}

interface MediaLike {
  contents?: Array<{ url?: string; medium?: string; type?: string }>;
  thumbnails?: Array<{ url?: string }>;
  groups?: Array<{ contents?: Array<{ url?: string; medium?: string; type?: string }> }>;
}

function mediaImage(m: MediaLike | undefined): string | undefined {
  if (!m) return undefined;
  const isImage = (c: { medium?: string; type?: string }) => c.medium === 'image' || !!c.type?.startsWith('image/');
  const contents = [...(m.contents ?? []), ...(m.groups ?? []).flatMap((g) => g.contents ?? [])];
  return contents.find(isImage)?.url ?? m.thumbnails?.[0]?.url;
}

/**
 * Builds a SourceItem without undefined keys; a missing title falls back to
 * the body's first words, then the URL. Its strings are detached from the feed
 * text, which is then free to go while the items live on.
 */
function item(f: { url: string; title: string; published?: string; html?: string; summary?: string; guid?: string; image?: string }): SourceItem {
  const title = f.title || fallbackTitle(f.html ?? f.summary) || f.url;
  const out: SourceItem = { url: detached(f.url), title: detached(title) };
  if (f.published) out.published = detached(f.published);
  if (f.html?.trim()) out.html = detached(f.html);
  if (f.summary?.trim()) out.summary = detached(f.summary);
  if (f.guid) out.guid = detached(f.guid);
  if (f.image) out.image = detached(f.image);
  return out;
}

function fallbackTitle(html: string | undefined): string {
  if (!html) return '';
  const text = cleanTitle(html);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Some mirrors' tooling rewrote `content:encoded` to a plain `<content>`
 * element, which feedsmith ignores. Rename it back (outside CDATA and
 * comments) when the feed has no `content:encoded` of its own.
 */
function plainContentAsEncoded(xml: string): string {
  if (/<content:encoded[\s>]/i.test(xml) || !/<content[\s>]/i.test(xml)) return xml;
  const re = /<!\[CDATA\[|<!--|<(\/?)content(?=[\s>/])/gi;
  let out = '';
  let last = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[0] === '<![CDATA[' || m[0] === '<!--') {
      const end = xml.indexOf(m[0] === '<!--' ? '-->' : ']]>', re.lastIndex);
      if (end < 0) break;
      re.lastIndex = end + 3;
      continue;
    }
    out += `${xml.slice(last, m.index)}<${m[1]}content:encoded`;
    last = m.index + m[0].length;
  }
  return out + xml.slice(last);
}

/** Name of the first element, skipping the XML declaration, comments, processing instructions and DOCTYPE. */
function rootElement(xml: string): string | undefined {
  const head = xml.slice(0, 64 * 1024).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  if (/^\s*<!doctype\s+html/i.test(head)) return 'html';
  const m = /<([A-Za-z_][\w:.-]*)/.exec(head.replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i, ''));
  return m?.[1];
}

function describeUnknown(text: string): string {
  if (text.startsWith('{') || text.startsWith('[')) return 'JSON, but not a JSON Feed (no "version": "https://jsonfeed.org/version/1…" and "items")';
  const root = rootElement(text);
  return root ? `an XML document with root <${root}>, not <rss>, <feed> or <rdf:RDF>` : 'no XML element found';
}
