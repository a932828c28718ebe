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

/** A title fit for a page heading: tags stripped (when HTML), entities decoded, whitespace collapsed. */
export function cleanTitle(s: string | undefined, isHtml = true): string {
  if (!s) return '';
  return collapse(isHtml ? htmlToText(s) : s);
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
