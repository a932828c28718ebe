// Takes the article body out of a whole page: by the channel's CSS selector
// when it names one, else by Readability. The result is NOT cleaned: the
// caller (build-article.ts) runs cleanHtml with the channel's remove list, so
// the same cleaning applies to feed and page bodies alike.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { elementsOf, loadHtml, removeMatching, resolveUrl, rootOf, type Html } from './dom.js';

export interface ExtractRules {
  select?: string;
  remove: string[];
}

export interface Extracted {
  html: string;
  via: 'selector' | 'readability';
}

/** Pages larger than this many elements are not worth Readability's scoring time. */
const MAX_ELEMS = 200_000;

/**
 * The body of `pageHtml` (served at `pageUrl`), with every href/src absolute.
 * With `rules.select`, the matched elements in order (an Error when nothing
 * matches); `rules.remove` is applied before Readability runs, so it can
 * steer the fallback away from related-links blocks too.
 */
export function extractBody(page: string | Html, pageUrl: string, rules: ExtractRules): Extracted {
  // A parsed page is changed in place (URLs made absolute, removals applied).
  const $ = typeof page === 'string' ? loadHtml(page) : page;
  absolutize($, pageUrl);
  removeMatching($, rules.remove, 'page.remove');
  if (rules.select) return { html: bySelector($, rules.select, pageUrl), via: 'selector' };
  return { html: byReadability($, pageUrl), via: 'readability' };
}

function bySelector($: Html, selector: string, pageUrl: string): string {
  let matched;
  try {
    matched = $(selector);
  } catch (e) {
    throw new Error(`page.select: invalid CSS selector "${selector}": ${(e as Error).message}`);
  }
  if (matched.length === 0) throw new Error(`${pageUrl}: page.select "${selector}" matches nothing on the page`);
  // A selector can match an element and its descendant; keep only the outermost.
  const outer = matched.toArray().filter((el) => !matched.toArray().some((o) => o !== el && isAncestor(o, el)));
  return outer.map((el) => $.html(el)).join('\n');
}

function isAncestor(a: object, el: { parent: unknown }): boolean {
  for (let p = el.parent as { parent: unknown } | null; p; p = p.parent as { parent: unknown } | null) if (p === a) return true;
  return false;
}

function byReadability($: Html, pageUrl: string): string {
  // Scripts and styles only cost parse time in linkedom; Readability drops them anyway.
  removeMatching($, ['script, style, template'], 'internal');
  // Counted here: Readability's own maxElemsToParse check asks getElementsByTagName('*'), which linkedom answers with nothing.
  const elements = elementsOf(rootOf($)).length;
  if (elements > MAX_ELEMS) throw new Error(`${pageUrl}: the page has ${elements} elements, too many to find the article in; set page.select for this channel`);
  const { document } = parseHTML($.html());
  const reader = new Readability(document as unknown as Document, { maxElemsToParse: MAX_ELEMS, keepClasses: true });
  let article;
  try {
    article = reader.parse();
  } catch (e) {
    throw new Error(`${pageUrl}: readability failed: ${(e as Error).message}`);
  }
  if (!article?.content) throw new Error(`${pageUrl}: readability found no article body`);
  return article.content;
}

/**
 * Readability resolves URLs against document.baseURI, which linkedom does not
 * derive from a page URL; resolving them here first makes that moot. A
 * `<base href>` of the page itself is honoured, as a browser would.
 */
function absolutize($: Html, pageUrl: string): void {
  const baseHref = $('base[href]').first().attr('href');
  const declared = baseHref ? resolveUrl(baseHref, pageUrl) : undefined;
  const base = declared && /^https?:$/.test(declared.protocol) ? declared.href : pageUrl;
  for (const el of elementsOf(rootOf($))) {
    for (const name of ['href', 'src', 'poster', 'cite', 'data-src', 'data-original', 'data-lazy-src', 'data-actualsrc']) {
      const v = el.attribs[name];
      if (v === undefined || /^\s*(data|javascript|vbscript|mailto|tel):/i.test(v)) continue;
      const url = resolveUrl(v, base);
      if (url) el.attribs[name] = url.href;
    }
    for (const name of ['srcset', 'data-srcset']) {
      const v = el.attribs[name];
      if (v) el.attribs[name] = absolutizeSrcset(v, base);
    }
  }
}

function absolutizeSrcset(srcset: string, base: string): string {
  return srcset.replace(/(^|,)(\s*)([^\s,][^\s]*)/g, (all, sep: string, ws: string, url: string) => {
    const abs = resolveUrl(url, base);
    return abs ? `${sep}${ws}${abs.href}` : all;
  });
}
