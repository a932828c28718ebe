// Makes an article body safe and self-contained: no active content, no
// hidden or tracking bits, real image URLs instead of lazy-loading
// placeholders, every URL absolute. Attributes are kept by allowlist, so
// event handlers, inline styles and unknown URL-bearing attributes go without
// being named one by one.
import type { Element, ParentNode } from 'domhandler';
import { elementsOf, htmlOf, isElement, loadHtml, rebuild, removeMatching, resolveUrl, rootOf, type Html } from './dom.js';

export interface CleanOptions {
  /** CSS selectors of blocks to drop (share bars, related links, ads...), from the config. */
  remove?: string[];
}

const DROP_TAGS = new Set([
  'script', 'style', 'noscript', 'iframe', 'frame', 'frameset', 'noframes', 'object', 'embed', 'applet',
  'param', 'form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output',
  'link', 'meta', 'base', 'svg', 'math', 'template', 'canvas', 'head', 'title', 'dialog', 'portal',
  'audio', 'video', 'source', 'track', 'map', 'area', 'noembed', 'xml', 'slot',
]);

const UNWRAP = new Set(['picture', 'html', 'body']);

/** Attributes worth keeping for Markdown/HTML rendering; everything else goes. */
const KEEP_ATTRS: Record<string, Set<string>> = {
  '*': new Set(['title', 'lang', 'dir', 'class']),
  a: new Set(['href']),
  img: new Set(['src', 'alt']),
  td: new Set(['colspan', 'rowspan', 'headers']),
  th: new Set(['colspan', 'rowspan', 'headers', 'scope', 'abbr']),
  ol: new Set(['start', 'reversed', 'type']),
  li: new Set(['value']),
  time: new Set(['datetime']),
  blockquote: new Set(['cite']),
  q: new Set(['cite']),
  del: new Set(['cite', 'datetime']),
  ins: new Set(['cite', 'datetime']),
};
const URL_ATTRS = new Set(['href', 'src', 'cite']);

const LAZY_SRC_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-original-src', 'data-hi-res-src', 'data-url'];
const DATA_IMAGE = /^data:image\/(png|jpeg|jpg|gif|webp)[;,]/i;
const PLACEHOLDER = /(^|\/)(blank|spacer|transparent|pixel|loading|lazy|lazyload|grey|gray|empty|1x1|clear|dot)\.(gif|png|svg)([?#]|$)|placeholder/i;

/** Wrappers that mean nothing once empty. */
const COLLAPSIBLE = new Set([
  'div', 'span', 'p', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'main', 'figure', 'figcaption',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'b', 'i', 'u', 'em', 'strong', 'small', 'font', 'center', 'blockquote',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'picture', 'label', 'details', 'summary',
]);

/**
 * Returns `html` with active content, hidden elements, tracking pixels and the
 * blocks named by `opts.remove` removed, lazy images resolved, and every
 * href/src absolute against `baseUrl` (a `<base>` inside the content is
 * ignored). Bounded in time and memory on hostile input: see dom.ts.
 */
export function cleanHtml(html: string, baseUrl: string, opts: CleanOptions = {}): string {
  const $ = loadHtml(html);
  const root = rootOf($);

  const unwrapNoscript = useNoscriptFallbacks($);
  removeMatching($, opts.remove ?? [], 'page.remove');
  rebuild(root, (node) => {
    if (node.type === 'comment' || node.type === 'directive' || node.type === 'cdata') return 'remove';
    if (!isElement(node)) return 'keep';
    if (unwrapNoscript.has(node)) return 'unwrap';
    return DROP_TAGS.has(node.name) || isHidden(node) ? 'remove' : 'keep';
  });

  for (const el of elementsOf(root)) {
    if (el.name === 'img') resolveLazyImage(el);
    sanitizeAttributes(el, baseUrl);
  }
  rebuild(root, (node) => {
    if (!isElement(node)) return 'keep';
    if (node.name === 'img' && !node.attribs.src) return 'remove';
    if (node.name === 'a' && !node.attribs.href) return 'unwrap';
    // Odd tag names (`<scr<script>` parses as one) are unwrapped: no renderer should have to guess.
    return UNWRAP.has(node.name) || !/^[a-z][a-z0-9-]*$/.test(node.name) ? 'unwrap' : 'keep';
  });
  collapseEmpty(root);
  return htmlOf($);
}

function isHidden(el: Element): boolean {
  const a = el.attribs;
  if ('hidden' in a) return true;
  if (a['aria-hidden']?.trim().toLowerCase() === 'true') return true;
  const style = a.style?.toLowerCase().replace(/\s+/g, '');
  return !!style && /(^|;)(display:none|visibility:hidden)(!important)?(;|$)/.test(style);
}

/**
 * `<img placeholder><noscript><img real></noscript>`: the noscript image is the
 * real one. Noscript images with no image before them are kept as images:
 * the returned noscripts are to be unwrapped (their other content is dropped).
 */
function useNoscriptFallbacks($: Html): Set<Element> {
  const unwrap = new Set<Element>();
  for (const ns of $('noscript').toArray()) {
    const fallback = $(ns).find('img').toArray();
    if (fallback.length === 0) continue;
    const real = fallback[0]!;
    const prev = previousElement(ns);
    const target = prev?.name === 'img' ? prev : prev ? $(prev).find('img').last()[0] : undefined;
    if (target) {
      if (!realSrc(target)) {
        target.attribs.src = realSrc(real) ?? real.attribs.src ?? '';
        if (!target.attribs.alt && real.attribs.alt) target.attribs.alt = real.attribs.alt;
        for (const a of [...LAZY_SRC_ATTRS, 'srcset', 'data-srcset']) delete target.attribs[a];
      }
      continue;
    }
    fallback.forEach((img, i) => {
      img.parent = ns;
      img.prev = fallback[i - 1] ?? null;
      img.next = fallback[i + 1] ?? null;
    });
    ns.children = fallback;
    unwrap.add(ns);
  }
  return unwrap;
}

function previousElement(el: Element): Element | undefined {
  for (let n = el.prev; n; n = n.prev) {
    if (n.type === 'text' && n.data.trim() === '') continue;
    return n.type === 'tag' ? n : undefined;
  }
  return undefined;
}

/** The image URL a browser would end up showing, or undefined when only placeholders are known. */
function realSrc(img: Element): string | undefined {
  const a = img.attribs;
  for (const name of LAZY_SRC_ATTRS) {
    const v = a[name]?.trim();
    if (v && !isPlaceholder(v)) return v;
  }
  for (const name of ['data-srcset', 'srcset']) {
    const best = a[name] ? bestSrcsetCandidate(a[name]) : undefined;
    if (best && !isPlaceholder(best)) return best;
  }
  const src = a.src?.trim();
  return src && !isPlaceholder(src) ? src : undefined;
}

function resolveLazyImage(img: Element): void {
  const src = realSrc(img);
  if (src) img.attribs.src = src;
  else delete img.attribs.src;
  if (isTrackingPixel(img)) delete img.attribs.src;
}

export function isPlaceholder(src: string): boolean {
  if (/^data:/i.test(src)) return /^data:image\/(gif|svg)/i.test(src) || src.length < 200 || !DATA_IMAGE.test(src);
  return PLACEHOLDER.test(src);
}

function isTrackingPixel(img: Element): boolean {
  const dims = [img.attribs.width, img.attribs.height].map((v) => (v === undefined ? undefined : parseFloat(v)));
  return dims.some((d) => d !== undefined && !Number.isNaN(d) && d <= 1);
}

/** The srcset candidate with the largest width (`800w`) or density (`2x`). */
export function bestSrcsetCandidate(srcset: string): string | undefined {
  let best: { url: string; score: number } | undefined;
  // After the HTML spec's parser, simplified: a URL runs to whitespace (a
  // trailing comma ends the candidate), then descriptors run to the next comma.
  const re = /[\s,]*([^\s,][^\s]*?)(,+(?=\s|$)|\s+([^,]*)(,|$)|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < srcset.length && (m = re.exec(srcset)) !== null) {
    if (m[0] === '') break;
    const url = m[1]!.replace(/,+$/, '');
    const d = /(\d+(?:\.\d+)?)([wx])/i.exec(m[3] ?? '');
    const score = d ? parseFloat(d[1]!) * (d[2]!.toLowerCase() === 'w' ? 1 : 1000) : 1000;
    if (url && (!best || score > best.score)) best = { url, score };
  }
  return best?.url;
}

function sanitizeAttributes(el: Element, baseUrl: string): void {
  const keep = KEEP_ATTRS[el.name];
  const next: Record<string, string> = {};
  for (const [name, value] of Object.entries(el.attribs)) {
    if (!KEEP_ATTRS['*']!.has(name) && !keep?.has(name)) continue;
    if (URL_ATTRS.has(name)) {
      const safe = safeUrl(value, baseUrl, el.name === 'img' && name === 'src');
      if (safe) next[name] = safe;
      continue;
    }
    next[name] = value;
  }
  el.attribs = next;
}

/** Absolute http(s)/mailto URL, or a data: image where images allow it; else undefined. */
function safeUrl(value: string, baseUrl: string, isImage: boolean): string | undefined {
  if (isImage && DATA_IMAGE.test(value.trim())) return value.trim();
  const url = resolveUrl(value, baseUrl);
  if (!url) return undefined;
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  if (url.protocol === 'mailto:' && !isImage) return url.href;
  return undefined;
}

/**
 * Removes wrappers left with no text and no images, and tables that hold
 * neither (layout tables of spacer images, which are gone by now: GitHub
 * would draw them as empty bordered boxes). Post-order over the elements
 * (children before parents), so it is linear in the document size.
 */
function collapseEmpty(root: ParentNode): void {
  const elements = elementsOf(root);
  const empty = new Set<Element>();
  const filled = new Set<Element>();
  for (let i = elements.length - 1; i >= 0; i--) {
    const el = elements[i]!;
    if (el.children.some((c) => (c.type === 'text' ? c.data.trim() !== '' : isElement(c) && (c.name === 'img' || filled.has(c))))) filled.add(el);
    if (el.name === 'table' && !filled.has(el)) {
      empty.add(el);
      continue;
    }
    if (!COLLAPSIBLE.has(el.name)) continue;
    const isEmpty = el.children.every((c) =>
      c.type === 'text' ? c.data.trim() === '' : c.type === 'comment' || (isElement(c) && empty.has(c)),
    );
    if (isEmpty) empty.add(el);
  }
  if (empty.size > 0) rebuild(root, (n) => (isElement(n) && empty.has(n) ? 'remove' : 'keep'));
}
