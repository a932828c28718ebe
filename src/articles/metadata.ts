// What a page says about itself (Open Graph, Twitter cards, JSON-LD, <time>),
// used when the source item lacks a title, date or lead image.
import { parseDate } from '../sources/dates.js';
import { absoluteHttpUrl, capLine } from '../sources/text.js';
import { loadHtml, type Html } from './dom.js';

export interface PageMetadata {
  title?: string;
  /** ISO 8601, UTC. */
  published?: string;
  /** Absolute http(s) URL. */
  image?: string;
  imageCaption?: string;
  description?: string;
}

const ARTICLE_TYPES = /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|OpinionNewsArticle|BackgroundNewsArticle)$/;

/**
 * Metadata of the page at `pageUrl`. Each field takes the first source that
 * has it: Open Graph, then Twitter, then JSON-LD, then plain HTML.
 */
export function pageMetadata(page: string | Html, pageUrl: string): PageMetadata {
  const $ = typeof page === 'string' ? loadHtml(page) : page;
  const ld = jsonLdArticle($);
  const meta = (...keys: string[]) => metaContent($, keys);

  const title = clean(meta('og:title', 'twitter:title') ?? str(ld?.headline) ?? str(ld?.name) ?? $('title').first().text());
  const published = firstDate(
    meta('article:published_time', 'article:published', 'og:published_time', 'datepublished', 'pubdate', 'publishdate'),
    str(ld?.datePublished),
    $('time[datetime]').first().attr('datetime'),
    $('[itemprop="datePublished"]').first().attr('content') ?? $('[itemprop="datePublished"]').first().attr('datetime'),
  );
  const ldImage = imageOf(ld?.image);
  const imageRaw = meta('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src') ?? ldImage?.url ?? $('link[rel="image_src"]').attr('href');
  const image = absoluteHttpUrl(imageRaw, pageUrl);
  const imageCaption = clean(meta('og:image:alt', 'twitter:image:alt') ?? ldImage?.caption);
  const description = clean(meta('og:description', 'twitter:description', 'description') ?? str(ld?.description));

  const out: PageMetadata = {};
  if (title) out.title = title;
  if (published) out.published = published;
  if (image) out.image = image;
  if (image && imageCaption) out.imageCaption = imageCaption;
  if (description) out.description = description;
  return out;
}

function metaContent($: Html, keys: string[]): string | undefined {
  const metas = $('meta').toArray();
  for (const key of keys) {
    for (const m of metas) {
      const name = (m.attribs.property ?? m.attribs.name ?? m.attribs.itemprop ?? '').trim().toLowerCase();
      const content = m.attribs.content?.trim();
      if (name === key && content) return content;
    }
  }
  return undefined;
}

type Json = Record<string, unknown>;

/** The first JSON-LD object typed as an article, searched through arrays and @graph. */
function jsonLdArticle($: Html): Json | undefined {
  for (const script of $('script[type="application/ld+json"]').toArray()) {
    let data: unknown;
    try {
      data = JSON.parse($(script).text().trim());
    } catch {
      continue; // Broken JSON-LD is common; the other sources still apply.
    }
    const queue: Array<[unknown, number]> = [[data, 0]];
    while (queue.length > 0) {
      const [v, depth] = queue.shift()!;
      if (depth > 6 || v === null || typeof v !== 'object') continue;
      if (Array.isArray(v)) {
        for (const x of v.slice(0, 50)) queue.push([x, depth + 1]);
        continue;
      }
      const o = v as Json;
      const types = ([] as unknown[]).concat(o['@type'] ?? []);
      if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) return o;
      if (o['@graph']) queue.push([o['@graph'], depth + 1]);
      if (o.mainEntity) queue.push([o.mainEntity, depth + 1]);
    }
  }
  return undefined;
}

/** JSON-LD image: a URL, an ImageObject, or a list of either. */
function imageOf(v: unknown): { url: string; caption?: string } | undefined {
  if (typeof v === 'string') return { url: v };
  if (Array.isArray(v)) return imageOf(v[0]);
  if (v && typeof v === 'object') {
    const o = v as Json;
    const url = str(o.url) ?? str(o.contentUrl) ?? str(o['@id']);
    if (!url) return undefined;
    const caption = str(o.caption) ?? str(o.description);
    return caption ? { url, caption } : { url };
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function clean(s: string | undefined): string | undefined {
  const t = s === undefined ? '' : capLine(s);
  return t ? t : undefined;
}


function firstDate(...values: Array<string | undefined>): string | undefined {
  for (const v of values) {
    const iso = parseDate(v);
    if (iso) return iso;
  }
  return undefined;
}
