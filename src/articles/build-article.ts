// One source item -> one Article: choose where the body comes from (feed or
// page), extract and clean it, fill title/date/lead image from the page.
import type { ChannelConfig } from '../config/load.js';
import { absoluteHttpUrl } from '../sources/text.js';
import type { Article, SourceItem } from '../types.js';
import { cleanHtml } from './clean.js';
import { loadHtml, rootOf, textOf } from './dom.js';
import { extractBody } from './extract.js';
import { takeLeadImage, type LeadHint } from './lead-image.js';
import { pageMetadata, type PageMetadata } from './metadata.js';
import { convertArticle } from './script.js';

export type FetchPage = (url: string) => Promise<{ text: string; finalUrl: string }>;

/**
 * Why an item got no article: `fetch` (the page could not be fetched; the
 * FetchError is the cause), `extract` (the page was read but the body could
 * not be found),
 * `empty` (nothing left after cleaning). Reports group failures by it.
 */
export type ArticleErrorKind = 'fetch' | 'extract' | 'empty';

export class ArticleError extends Error {
  constructor(
    readonly url: string,
    readonly kind: ArticleErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ArticleError';
  }
}

/** `body: auto` takes the feed's content when it has at least this much text... */
const FULL_TEXT_CHARS = 500;
/** ...or this many paragraphs with text... */
const FULL_TEXT_PARAGRAPHS = 3;
/** ...and is clearly longer than the item's summary. */
const LONGER_THAN_SUMMARY = 1.5;

/**
 * Builds the article for `item`. Throws an Error naming the URL and the
 * problem when the page cannot be fetched or extracted, or when no body is
 * left; the caller skips the item and tries again next run.
 */
export async function buildArticle(
  item: SourceItem,
  channel: ChannelConfig,
  id: string,
  fetchPage: FetchPage,
): Promise<Article> {
  const useFeed = channel.body === 'feed' || (channel.body === 'auto' && isFullContent(item));
  let body: string;
  let meta: PageMetadata = {};
  if (useFeed) {
    const raw = item.html?.trim() ? item.html : item.summary;
    body = raw?.trim() ? cleanHtml(raw, item.url, { remove: channel.page.remove }) : '';
  } else {
    let page: { text: string; finalUrl: string };
    try {
      page = await fetchPage(item.url);
    } catch (e) {
      throw new ArticleError(item.url, 'fetch', `${item.url}: cannot fetch the article page: ${(e as Error).message}`, { cause: e });
    }
    const base = page.finalUrl || item.url;
    // One parse serves both: metadata reads the page before extraction changes it.
    const $ = loadHtml(page.text);
    meta = pageMetadata($, base);
    let extracted;
    try {
      extracted = extractBody($, base, channel.page);
    } catch (e) {
      throw new ArticleError(item.url, 'extract', (e as Error).message, { cause: e });
    }
    body = cleanHtml(extracted.html, base, { remove: channel.page.remove });
  }

  const hint: LeadHint = {};
  const hintSrc = absoluteHttpUrl(item.image, item.url) ?? meta.image;
  if (hintSrc) hint.src = hintSrc;
  if (meta.imageCaption && hintSrc === meta.image) hint.caption = meta.imageCaption;
  const { html, lead } = takeLeadImage(body, hint);
  // `body: feed` promises the feed's text and nothing more: an item without any
  // still gets its page (title, date, original link), so it is not retried forever.
  const empty = !lead && !hasContent(html);
  const noText = empty && channel.body === 'feed';
  if (empty && !noText) {
    throw new ArticleError(item.url, 'empty', `${item.url}: no article body left after ${useFeed ? 'cleaning the feed content' : 'extracting and cleaning the page'}`);
  }

  const article: Article = {
    id,
    channel: channel.id,
    url: item.url,
    title: item.title.trim() || meta.title || item.url,
    html,
  };
  const published = item.published ?? meta.published;
  if (published) article.published = published;
  if (lead) article.lead = lead;
  if (noText) article.noText = true;
  return convertArticle(article, channel.convert);
}

/** True when the feed carries the article itself, not just a teaser. */
export function isFullContent(item: SourceItem): boolean {
  if (!item.html?.trim()) return false;
  const $ = loadHtml(item.html);
  const text = visibleLength(textOf(rootOf($)));
  const paragraphs = $('p').toArray().filter((p) => visibleLength(textOf(p)) >= 20).length;
  if (text < FULL_TEXT_CHARS && paragraphs < FULL_TEXT_PARAGRAPHS) return false;
  const summary = item.summary ? visibleLength(textOf(rootOf(loadHtml(item.summary)))) : 0;
  return text >= summary * LONGER_THAN_SUMMARY;
}

function visibleLength(s: string): number {
  return s.replace(/\s+/g, '').length;
}

function hasContent(html: string): boolean {
  const $ = loadHtml(html);
  return textOf(rootOf($)).trim() !== '' || $('img').length > 0;
}
