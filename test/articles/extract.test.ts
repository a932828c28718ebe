import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { cleanHtml } from '../../src/articles/clean.js';
import { extractBody } from '../../src/articles/extract.js';

const PAGE_URL = 'https://news.example.org/world/2024/02/10/harbour.html';
const page = readFileSync(join(import.meta.dirname, '../fixtures/articles/article-page.html'), 'utf8');

describe('extractBody with a selector', () => {
  it('returns the selected element with absolute URLs and without the removed blocks', () => {
    const { html, via } = extractBody(page, PAGE_URL, { select: 'div.post_content', remove: ['.post_related', '.print_link'] });
    expect(via).toBe('selector');
    const $ = load(html, null, false);
    expect($.text()).toContain('The harbour reopened on Saturday morning');
    expect($.text()).not.toContain('Unrelated older story');
    expect($.text()).not.toContain('Print');
    expect($.text()).not.toContain('Most read');
    expect($('a').attr('href')).toBe('https://news.example.org/world/2024/02/09/storm-damage.html');
    expect($('figure img').attr('src')).toBe('https://news.example.org/media/harbour-600x400.jpg');
    expect($('img[alt="A crane"]').attr('data-src')).toBe('https://news.example.org/world/2024/02/10/images/crane.jpg');
  });

  it('keeps several matches in order, outermost only', () => {
    const { html } = extractBody('<div class="a"><p class="a">one</p></div><p class="a">two</p>', PAGE_URL, { select: '.a', remove: [] });
    expect(html).toBe('<div class="a"><p class="a">one</p></div>\n<p class="a">two</p>');
  });

  it('throws a clear error when the selector matches nothing', () => {
    expect(() => extractBody(page, PAGE_URL, { select: 'div.article-body', remove: [] })).toThrow(
      `${PAGE_URL}: page.select "div.article-body" matches nothing on the page`,
    );
  });

  it('throws a clear error on an invalid selector', () => {
    expect(() => extractBody(page, PAGE_URL, { select: 'div[[', remove: [] })).toThrow(/page\.select: invalid CSS selector "div\[\["/);
  });

  it('honours the page\'s own http(s) <base href>, ignores a javascript: one', () => {
    const html = (base: string) => `<head><base href="${base}"></head><body><div id="b"><a href="x.html">x</a></div></body>`;
    expect(extractBody(html('https://cdn.example.org/dir/'), PAGE_URL, { select: '#b', remove: [] }).html).toContain(
      'href="https://cdn.example.org/dir/x.html"',
    );
    expect(extractBody(html('javascript:alert(1)//'), PAGE_URL, { select: '#b', remove: [] }).html).toContain(
      'href="https://news.example.org/world/2024/02/10/x.html"',
    );
  });
});

describe('extractBody with Readability (no selector)', () => {
  const { html, via } = extractBody(page, PAGE_URL, { remove: ['.post_related'] });
  const cleaned = cleanHtml(html, PAGE_URL);
  const $ = load(cleaned, null, false);

  it('finds the article text and leaves out navigation, sidebars and footer', () => {
    expect(via).toBe('readability');
    for (const t of ['three days of closure', 'ferry to the islands', 'breakwater held', 'busy weekend']) expect($.text()).toContain(t);
    for (const t of ['Most read', 'Celebrity news', 'All rights reserved', 'Unrelated older story']) expect($.text()).not.toContain(t);
  });

  it('comes out with absolute link and image URLs, lazy image resolved after cleaning', () => {
    expect($('a[href*="storm-damage"]').attr('href')).toBe('https://news.example.org/world/2024/02/09/storm-damage.html');
    const srcs = $('img').map((_, e) => $(e).attr('src')).get();
    expect(srcs).toContain('https://news.example.org/world/2024/02/10/images/crane.jpg');
    for (const s of srcs) expect(s).toMatch(/^https:\/\/news\.example\.org\//);
    expect(cleaned).not.toContain('javascript:');
  });

  it('throws a clear error on a page with no article', () => {
    expect(() => extractBody('<html><body></body></html>', PAGE_URL, { remove: [] })).toThrow(`${PAGE_URL}: readability found no article body`);
  });

  it('completes on a deeply nested hostile page', () => {
    const n = 100_000;
    const hostile = '<html><body>' + '<div>'.repeat(n) + '<p>' + 'Some text here. '.repeat(50) + '</p><script>alert(1)</script>' + '</div>'.repeat(n) + '</body></html>';
    const out = cleanHtml(extractBody(hostile, PAGE_URL, { remove: [] }).html, PAGE_URL);
    // The article is found and kept; its script is not.
    expect(out).toBe(`<div class="page"><div><p>${'Some text here. '.repeat(50)}</p></div></div>`);
    expect(out).not.toContain('alert');
  });
});
