// Small text helpers shared by the feed and listing parsers.
import { load } from 'cheerio';

/** Collapses runs of whitespace (including newlines and NBSP) to one space. */
export function collapse(s: string): string {
  return s.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** Text of an HTML fragment: tags stripped, entities decoded. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html;
  return load(html, null, false).text();
}

/**
 * Longest one-line field kept (title, caption, alt text), in characters. A
 * headline is a line; a feed that sends megabytes as a title is hostile, and
 * every later step (HTML stripping, Markdown escaping, three copies per page)
 * would pay for each byte of it.
 */
export const MAX_LINE = 400;
/** Raw input read for one line: room for markup and entities around MAX_LINE characters of text. */
const MAX_LINE_SOURCE = MAX_LINE * 16;

/** Whitespace collapsed and cut to `max` characters (whole code points, an ellipsis when cut). */
export function capLine(s: string, max = MAX_LINE): string {
  const t = collapse(s.length > max * 4 ? s.slice(0, max * 4) : s);
  if (t.length <= max) return t;
  const points = Array.from(t);
  return points.length <= max ? t : `${points.slice(0, max - 1).join('').trimEnd()}…`;
}

/** A title fit for a page heading: tags stripped (when HTML), entities decoded, whitespace collapsed, length capped. */
export function cleanTitle(s: string | undefined, isHtml = true): string {
  if (!s) return '';
  const source = s.length > MAX_LINE_SOURCE ? s.slice(0, MAX_LINE_SOURCE) : s;
  return capLine(isHtml ? htmlToText(source) : source);
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text as HTML: blank lines separate paragraphs, single newlines become <br>. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * A copy of `s` that shares no memory with the text it was cut from. V8 keeps
 * a substring as a view of its parent string, so a 40-byte title sliced from
 * a feed would keep the whole feed document (hundreds of KB) alive for as long
 * as the run keeps the title, which is until it publishes. JSON round-trips
 * every code unit, lone surrogates included.
 */
export function detached(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** `href` made absolute against `base`, when the result is http(s); else undefined. */
export function absoluteHttpUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves a (possibly relative) xml:base against an outer base; keeps the outer one unless the result is http(s). */
export function resolveBase(base: string | undefined, outer: string): string {
  return absoluteHttpUrl(base, outer) ?? outer;
}
