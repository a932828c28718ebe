import TurndownService from 'turndown';
import { tables, strikethrough } from '@joplin/turndown-plugin-gfm';
import { MARK, resolveEmphasis } from './emphasis.js';
import { matchingPatterns } from '../config/patterns.js';
import { collapseSpaces, escapeAttr, escapeHtml, escapeMarkdownText, linkDestination } from './escape.js';
import { DROPPED, preprocessHtml } from './preprocess.js';

export interface MarkdownOptions {
  /** Links whose URL matches one of these (substring or `/regex/flags`) become plain text. */
  unlink: string[];
  /** Receives each unlink pattern that turned a link into text (the run reports patterns that never did). */
  unlinked?: Set<string>;
  /** A link target to use instead of the URL (a mirrored article), or undefined. Used verbatim. */
  resolveLink?: (absUrl: string) => string | undefined;
}

type TNode = TurndownService.Node;

/** Sub-headings sit under the page's `###` title. */
const HEADING_LEVEL: Record<string, number> = { H1: 4, H2: 4, H3: 5, H4: 6, H5: 6, H6: 6 };

/** The article body as GitHub-flavoured Markdown. */
export function htmlToMarkdown(html: string, opts: MarkdownOptions): string {
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
  });
  service.escape = (text: string) => escapeMarkdownText(text);
  service.remove(DROPPED as Array<keyof HTMLElementTagNameMap>);
  service.use([tables, strikethrough]);
  const target = (href: string | null) => linkTarget(href, opts);

  service.addRule('heading', {
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content, node) => {
      const text = content.replace(/\s*\n+\s*/g, ' ').trim();
      if (text === '') return '';
      const level = HEADING_LEVEL[node.nodeName] ?? 6;
      return `\n\n${'#'.repeat(level)} ${text.replace(/(\s)(#+)$/, '$1\\$2')}\n\n`;
    },
  });
  service.addRule('strong', {
    filter: ['strong', 'b'],
    replacement: (content) => (content.trim() ? `${MARK.strongOpen}${content}${MARK.strongClose}` : content),
  });
  service.addRule('emphasis', {
    filter: ['em', 'i'],
    replacement: (content) => (content.trim() ? `${MARK.emOpen}${content}${MARK.emClose}` : content),
  });
  service.addRule('link', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      if (content.trim() === '') return content;
      const dest = target((node as HTMLElement).getAttribute('href'));
      return dest === undefined ? content : `[${content}](${linkDestination(dest)})`;
    },
  });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const el = node as HTMLElement;
      const src = (el.getAttribute('src') ?? '').trim();
      const alt = collapseSpaces(el.getAttribute('alt') ?? '');
      if (!/^https?:\/\//i.test(src)) return alt ? escapeMarkdownText(alt, false) : '';
      return `![${escapeMarkdownText(alt, false)}](${linkDestination(src)})`;
    },
  });
  service.addRule('figure', {
    filter: 'figure',
    replacement: (content) => `\n\n${content.trim()}\n\n`,
  });
  service.addRule('figcaption', {
    filter: 'figcaption',
    replacement: (content) => {
      const text = content.replace(/\s*\n+\s*/g, ' ').trim();
      return text ? `\n\n${MARK.emOpen}${text}${MARK.emClose}\n\n` : '';
    },
  });
  // Added last so it wins over the GFM plugin's table rule.
  service.addRule('htmlTable', {
    filter: (node) => node.nodeName === 'TABLE' && !fitsGfm(node),
    replacement: (_content, node) => `\n\n${cleanTable(node, target)}\n\n`,
  });

  const md = service.turndown(preprocessHtml(html));
  return resolveEmphasis(md).replace(/[ \t]+$/, '').trim();
}

function linkTarget(href: string | null, opts: MarkdownOptions): string | undefined {
  const url = (href ?? '').trim();
  // Only web links lead anywhere from a mirror page; in-page anchors do not exist there.
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return undefined;
  const matched = matchingPatterns(url, opts.unlink);
  if (matched.length > 0) {
    for (const p of matched) opts.unlinked?.add(p);
    return undefined;
  }
  return opts.resolveLink?.(url) ?? url;
}

const BLOCK_IN_CELL = new Set(['UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR', 'BLOCKQUOTE', 'PRE', 'TABLE', 'DL', 'FIGURE']);

/** A table GFM can hold: no merged cells, no block content in cells, no nested tables. */
function fitsGfm(table: TNode): boolean {
  const cells = Array.from(table.querySelectorAll('td, th'));
  if (cells.length <= 1) return true; // one-cell layout tables are unwrapped by the plugin
  for (const c of cells) {
    for (const a of ['colspan', 'rowspan']) {
      const v = c.getAttribute(a);
      if (v !== null && v.trim() !== '' && v.trim() !== '1') return false;
    }
    if (Array.from(c.querySelectorAll('*')).some((e) => BLOCK_IN_CELL.has(e.nodeName))) return false;
    // Several paragraphs in one cell only survive GFM as <br>s; keep them as HTML.
    if (c.querySelectorAll('p').length > 1) return false;
  }
  return true;
}

const TABLE_TAGS = new Set(['TABLE', 'CAPTION', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'TH', 'TD']);
const KEPT_TAGS = new Set([
  'P', 'BR', 'UL', 'OL', 'LI', 'STRONG', 'B', 'EM', 'I', 'SUB', 'SUP', 'DEL', 'S', 'CODE', 'PRE', 'BLOCKQUOTE', 'HR', 'DL', 'DT', 'DD',
]);
const VOID = new Set(['BR', 'HR', 'IMG']);

/**
 * A table as HTML GitHub renders: structure, merged cells, basic formatting,
 * links and images kept; everything else unwrapped. One line, so no blank
 * line can end the HTML block early.
 */
function cleanTable(node: TNode, target: (href: string | null) => string | undefined): string {
  const ser = (n: Node, inPre: boolean): string => {
    if (n.nodeType === 3) {
      const t = n.nodeValue ?? '';
      return inPre ? escapeHtml(t).replace(/\r?\n/g, '&#10;') : escapeHtml(t.replace(/\s+/g, ' '));
    }
    if (n.nodeType !== 1) return '';
    const el = n as Element;
    const name = el.nodeName;
    if (DROPPED.includes(name.toLowerCase())) return '';
    const pre = inPre || name === 'PRE';
    const inner = () => Array.from(el.childNodes).map((c) => ser(c, pre)).join('');
    if (name === 'A') {
      const dest = target(el.getAttribute('href'));
      return dest === undefined ? inner() : `<a href="${escapeAttr(dest)}">${inner()}</a>`;
    }
    if (name === 'IMG') {
      const src = (el.getAttribute('src') ?? '').trim();
      const alt = el.getAttribute('alt') ?? '';
      if (!/^https?:\/\//i.test(src)) return escapeHtml(alt);
      return `<img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}"/>`;
    }
    if (/^H[1-6]$/.test(name)) return `<strong>${inner()}</strong>`;
    if (TABLE_TAGS.has(name) || KEPT_TAGS.has(name)) {
      const tag = name.toLowerCase();
      let attrs = '';
      if (name === 'TD' || name === 'TH') {
        for (const a of ['colspan', 'rowspan']) {
          const v = el.getAttribute(a)?.trim();
          if (v && /^\d{1,3}$/.test(v) && v !== '1') attrs += ` ${a}="${v}"`;
        }
        const align = el.getAttribute('align')?.trim().toLowerCase();
        if (align === 'left' || align === 'right' || align === 'center') attrs += ` align="${align}"`;
      }
      return VOID.has(name) ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${inner()}</${tag}>`;
    }
    return inner();
  };
  return ser(node, false);
}
