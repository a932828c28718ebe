import { describe, expect, it } from 'vitest';
import { chromeHash } from '../../src/render/chrome.js';
import { BODY_END, BODY_START, readKeptBody } from '../../src/render/kept-body.js';
import { renderPage, renderPageAround } from '../../src/render/page.js';
import type { Article } from '../../src/types.js';
import { makeConfig } from './helpers.js';

const config = makeConfig('site:\n  header: "#### [首页](README.md)"\n  banner: "**banner**"\n  footer: "#### [首页](README.md)"\n');
const channel = config.channels[0]!;
const path = 'pages/nsc413/n1.md';
const ctx = { config, channel, path, publicUrl: `https://github.com/o/r/blob/main/${path}`, qrSrc: 'n1.md.png', unlink: [] };
const article: Article = {
  id: 'n1',
  channel: 'nsc413',
  url: 'https://www.example.com/gb/n1.htm',
  title: 'A title',
  published: '2026-03-21T08:00:00Z',
  html: '<p>First &lt;!-- news-mirror:body:end --&gt; paragraph.</p><pre><code>&lt;!-- news-mirror:body:start --&gt;\n&lt;!-- news-mirror:body:end --&gt;\n</code></pre><p>Last.</p>',
  lead: { src: 'https://img.example.com/a.jpg?x=1&y="2"', alt: 'Alt with -->, \'quotes\' & <tags>', caption: 'Line one\nline two' },
};

describe('kept body', () => {
  const page = renderPage(article, ctx);

  it('re-renders a page from its kept body and lead to the same bytes', () => {
    const kept = readKeptBody(page)!;
    expect(kept.lead).toEqual(article.lead);
    expect(renderPageAround({ ...article, lead: kept.lead }, kept.body, ctx)).toBe(page);
  });

  it('cannot be cut short by article text that spells a marker', () => {
    // The body is between the first start marker and the last end marker: the chrome around it holds none.
    expect(page.split(BODY_END).length).toBeGreaterThan(2);
    const body = readKeptBody(page)!.body;
    expect(body.startsWith('First')).toBe(true);
    expect(body.endsWith('Last.')).toBe(true);
  });

  it('keeps an empty body and reports a page without markers', () => {
    const empty = renderPageAround({ ...article, lead: undefined }, '', ctx);
    expect(empty).toContain(`${BODY_START}\n${BODY_END}\n`);
    expect(readKeptBody(empty)).toEqual({ body: '' });
    expect(readKeptBody(page.replace(BODY_START, ''))).toBeUndefined();
  });

  it('hashes what shapes a page, and nothing that only shapes the home page', () => {
    const base = chromeHash(config, 'https://github.com/o/r/blob/main');
    expect(chromeHash(config, 'https://github.com/o/r/blob/main/')).toBe(base);
    expect(chromeHash(config, 'https://example.org/m')).not.toBe(base);
    const other = (extra: string) => chromeHash(makeConfig(extra), 'https://github.com/o/r/blob/main');
    const plain = other('');
    expect(other('site:\n  header: "x"\n')).not.toBe(plain);
    expect(other('site:\n  footer: "x"\n')).not.toBe(plain);
    expect(other('site:\n  banner: "x"\n')).not.toBe(plain);
    expect(other('site:\n  analytics: "https://a.example/{path}"\n')).not.toBe(plain);
    expect(other('locale: en\n')).not.toBe(plain);
    expect(other('site:\n  labels: { share: "Share:" }\n')).not.toBe(plain);
    expect(other('site:\n  labels: { latest: "Newest" }\n')).toBe(plain);
    expect(other('site:\n  title: "Another"\n')).toBe(plain);
  });
});
