// The page shows the lead image with its caption above the body (as in the
// reference page), so it is taken out of the body to avoid showing it twice.
import type { Element } from 'domhandler';
import { capLine } from '../sources/text.js';
import { elementsOf, htmlOf, isElement, loadHtml, nodesOf, rootOf, textOf, type Html } from './dom.js';

export interface LeadImage {
  src: string;
  caption?: string;
  alt?: string;
}

export interface LeadHint {
  /** og:image, or the image the feed names. */
  src?: string;
  caption?: string;
}

/** Text before the first image longer than this means the image illustrates the body, not the article. */
const LEAD_TEXT_LIMIT = 150;
const CAPTION_CLASS = /(^|\s)(caption|wp-caption-text|image-caption|img-caption|figure-caption|photo-caption)(\s|$)/i;
/** Wrappers that may hold nothing but the image (and its caption). */
const WRAPPERS = new Set(['a', 'p', 'div', 'span', 'picture', 'figure', 'center']);

/**
 * Takes the lead image out of `html` (already cleaned: absolute URLs). The lead
 * image is the body image matching `hint.src` (same file, any size variant),
 * else the first image when no substantial text comes before it; else the hint
 * itself, leaving the body untouched. Its caption is the figcaption, a
 * `.caption`/`.wp-caption-text` next to it, the hint's caption, or the image title.
 */
export function takeLeadImage(html: string, hint: LeadHint = {}): { html: string; lead?: LeadImage } {
  const $ = loadHtml(html);
  const images = $('img[src]').toArray();
  const hinted = hint.src ? images.find((img) => sameImage(img.attribs.src!, hint.src!)) : undefined;
  const first = images[0];
  const img = hinted ?? (first && textBefore($, first) <= LEAD_TEXT_LIMIT ? first : undefined);
  if (!img) {
    if (!hint.src) return { html };
    return { html, lead: withOptional({ src: hint.src }, { caption: hint.caption }) };
  }

  const box = container(img);
  const caption = captionOf(img, box) ?? hint.caption ?? img.attribs.title?.trim();
  const lead = withOptional({ src: img.attribs.src! }, { caption: caption || undefined, alt: img.attribs.alt?.trim() || undefined });
  removeWithEmptyParents($, box.caption ? [box.root, box.caption] : [box.root]);
  return { html: htmlOf($), lead };
}

function withOptional(base: LeadImage, extra: { caption?: string; alt?: string }): LeadImage {
  const out: LeadImage = { ...base };
  if (extra.caption) out.caption = capLine(extra.caption);
  if (extra.alt) out.alt = capLine(extra.alt);
  return out;
}

/** Length of the text that comes before `img` in document order. */
function textBefore($: Html, img: Element): number {
  let n = 0;
  for (const node of nodesOf(rootOf($))) {
    if (node === img) return n;
    if (node.type === 'text') n += node.data.replace(/\s+/g, '').length;
    if (n > LEAD_TEXT_LIMIT) return n;
  }
  return n;
}

/**
 * The element to remove with the image: its figure, else the outermost
 * wrapper holding only the image (and a caption); `caption` is a caption
 * element outside that wrapper (the next sibling), when there is one.
 */
function container(img: Element): { root: Element; caption?: Element } {
  let root: Element = img;
  for (let p = img.parent; p && isElement(p) && WRAPPERS.has(p.name); p = p.parent) {
    if (p.name === 'figure') return { root: p };
    const others = p.children.filter((c) => c !== root && !(c.type === 'text' && c.data.trim() === ''));
    if (!others.every((c) => isElement(c) && isCaption(c))) break;
    root = p;
  }
  const next = nextElement(root);
  return next && isCaption(next) ? { root, caption: next } : { root };
}

function isCaption(el: Element): boolean {
  return el.name === 'figcaption' || CAPTION_CLASS.test(el.attribs.class ?? '');
}

function nextElement(el: Element): Element | undefined {
  for (let n = el.next; n; n = n.next) {
    if (n.type === 'text' && n.data.trim() === '') continue;
    return isElement(n) ? n : undefined;
  }
  return undefined;
}

function captionOf(img: Element, box: { root: Element; caption?: Element }): string | undefined {
  const inside = box.root === img ? undefined : elementsOf(box.root).find((e) => e !== img && isCaption(e));
  const el = inside ?? box.caption;
  // Capped with the other fields in withOptional.
  const text = el ? textOf(el).trim() : '';
  return text || undefined;
}

function removeWithEmptyParents($: Html, elements: Element[]): void {
  const parents = elements.map((e) => e.parent);
  for (const e of elements) $(e).remove();
  for (let p of parents) {
    while (p && isElement(p) && WRAPPERS.has(p.name) && textOf(p).trim() === '' && !p.children.some(isElement)) {
      const up = p.parent;
      $(p).remove();
      p = up;
    }
  }
}

/** Same picture, maybe another size: compare file names without size suffixes. */
export function sameImage(a: string, b: string): boolean {
  const key = (u: string) => {
    let path = u;
    try {
      path = new URL(u).pathname;
    } catch {
      // keep the raw string
    }
    const file = safeDecode(path.split('/').pop() ?? '').toLowerCase();
    return file.replace(/\.(jpe?g|png|gif|webp|avif)$/, '').replace(/([-_@](\d+x\d+|\d+w|\d+x|scaled|large|medium|small|thumb))+$/, '');
  };
  const ka = key(a);
  return ka !== '' && ka === key(b);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
