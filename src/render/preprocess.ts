import { load } from 'cheerio';
import { joinCjkBreaks } from './cjk.js';

// What turndown cannot be told through rules is done here on the parsed
// HTML: dropping non-text elements, normalising figure markup, and removing
// the line breaks between CJK characters before turndown turns them into spaces.

/** Elements whose text is never article text. */
export const DROPPED = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas'];

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul', 'br', 'img', 'video', 'audio', 'textarea',
]);

interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

export function preprocessHtml(html: string): string {
  const $ = load(html, null, false);
  $(DROPPED.join(',')).remove();
  // Code is taken as text, where a <br> would vanish and join two lines into one.
  $('pre br').replaceWith('\n');
  // Turndown fences only <pre><code>; a bare <pre> would become a paragraph whose lines Markdown joins.
  $('pre').each((_, pre) => {
    const first = pre.children.find((c) => !(c.type === 'text' && c.data.trim() === ''));
    if (first && first.type === 'tag' && first.name === 'code' && pre.children.length === 1) return;
    if (pre.children.length > 0) $(pre).contents().wrapAll('<code></code>');
  });
  // WordPress-style captioned images are figures in all but name.
  $('div.wp-caption').each((_, el) => void (el.tagName = 'figure'));
  $('figure .wp-caption-text').each((_, el) => void (el.tagName = 'figcaption'));
  // "image then caption": the caption goes last whatever the source order.
  $('figure').each((_, fig) => {
    const cap = $(fig).children('figcaption').first();
    if (cap.length > 0) $(fig).append(cap);
  });
  const root = $.root()[0] as unknown as DomNode;
  stripMarks(root);
  fixCjkBreaks(root);
  return $.html();
}

/** The converter's emphasis placeholders must not come from the input. */
function stripMarks(node: DomNode): void {
  if (node.type === 'text' && node.data !== undefined) node.data = node.data.replace(/[\uE000-\uE00F]/g, '');
  for (const c of node.children ?? []) stripMarks(c);
}

/** Collects the text nodes of each inline flow (split at block boundaries) and fixes each flow. */
function fixCjkBreaks(root: DomNode): void {
  let flow: DomNode[] = [];
  const flush = () => {
    if (flow.length > 1 || (flow.length === 1 && /[\n\r]/.test(flow[0]!.data ?? ''))) {
      const fixed = joinCjkBreaks(flow.map((t) => t.data ?? ''));
      flow.forEach((t, i) => void (t.data = fixed[i]));
    }
    flow = [];
  };
  const walk = (node: DomNode) => {
    for (const c of node.children ?? []) {
      if (c.type === 'text') flow.push(c);
      else if (c.type === 'tag' || c.type === 'script' || c.type === 'style') {
        const name = (c.name ?? '').toLowerCase();
        if (name === 'pre' || name === 'textarea' || name === 'code') {
          flush();
          continue;
        }
        if (BLOCK.has(name)) {
          flush();
          walk(c);
          flush();
        } else walk(c);
      }
    }
  };
  walk(root);
  flush();
}
