// A page keeps what re-rendering needs, in the page itself: its Markdown body
// between two invisible markers, and its lead image in an invisible comment.
// The rest of an article's facts (title, URL, date, id) are in its manifest
// entry. So a page can be rebuilt around its body when the chrome changes
// (render/chrome.ts) without guessing where the old header or banner ended,
// and without keeping a second copy of every body anywhere else.
import type { Article } from '../types.js';
import { escapeAttr } from './escape.js';

export const BODY_START = '<!-- news-mirror:body:start -->';
export const BODY_END = '<!-- news-mirror:body:end -->';
const LEAD_PREFIX = '<!-- news-mirror:lead ';

type Lead = NonNullable<Article['lead']>;

// Attribute escaping turns every ">" into "&gt;", so no value can close the
// comment early; line breaks are escaped too so the comment stays one line.
const attr = (s: string) => escapeAttr(s).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;');

/** The invisible comment recording a page's lead image as the article gave it. */
export function leadMarker(lead: Lead): string {
  const parts = [`src="${attr(lead.src)}"`];
  if (lead.alt !== undefined) parts.push(`alt="${attr(lead.alt)}"`);
  if (lead.caption !== undefined) parts.push(`caption="${attr(lead.caption)}"`);
  return `${LEAD_PREFIX}${parts.join(' ')} -->`;
}

export interface KeptBody {
  /** The Markdown body exactly as written. */
  body: string;
  lead?: Lead;
}

/**
 * The body and lead image of a page written with markers; undefined for a
 * page without them (written before they existed, or edited by hand).
 * Article text cannot forge a marker: Markdown escaping writes `<!` as `\<!`.
 */
export function readKeptBody(page: string): KeptBody | undefined {
  const start = page.indexOf(`${BODY_START}\n`);
  const end = page.lastIndexOf(`\n${BODY_END}\n`);
  if (start < 0 || end < start + BODY_START.length) return undefined;
  const inner = page.slice(start + BODY_START.length + 1, end);
  let body: string;
  if (inner === '') body = '';
  else if (inner.startsWith('\n') && inner.endsWith('\n')) body = inner.slice(1, -1);
  else return undefined;
  const head = page.slice(0, start);
  const line = head.split('\n').find((l) => l.startsWith(LEAD_PREFIX) && l.endsWith(' -->'));
  if (!line) return { body };
  const values = new Map<string, string>();
  for (const m of line.matchAll(/ (src|alt|caption)="([^"]*)"/g)) values.set(m[1]!, unescapeAttr(m[2]!));
  const src = values.get('src');
  if (src === undefined) return undefined;
  const lead: Lead = { src };
  if (values.has('alt')) lead.alt = values.get('alt');
  if (values.has('caption')) lead.caption = values.get('caption');
  return { body, lead };
}

function unescapeAttr(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
  return s.replace(/&(amp|lt|gt|quot|#\d+);/g, (_m, e: string) => (e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : named[e]!));
}
