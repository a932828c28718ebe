import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { buildArticle, isFullContent, type FetchPage } from '../../src/articles/build-article.js';
import type { ChannelConfig } from '../../src/config/load.js';
import type { SourceItem } from '../../src/types.js';

const URL_ = 'https://news.example.org/world/2024/02/10/harbour.html';
const page = readFileSync(join(import.meta.dirname, '../fixtures/articles/article-page.html'), 'utf8');

function channel(over: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    id: 'world',
    title: 'World',
    source: { type: 'feed', url: 'https://news.example.org/feed.xml' },
    body: 'feed',
    page: { remove: [] },
    excludeTitles: [],
    unlink: [],
    allowHosts: ['news.example.org'],
    retention: 100,
    limit: 50,
    ...over,
  };
}

/** A fetchPage stand-in that records what was asked. */
function pages(map: Record<string, string>, finalUrl?: string): FetchPage & { calls: string[] } {
  const calls: string[] = [];
  const f = async (url: string) => {
    calls.push(url);
    const text = map[url];
    if (text === undefined) throw new Error('HTTP 404');
    return { text, finalUrl: finalUrl ?? url };
  };
  return Object.assign(f, { calls });
}

const noFetch = pages({});
const fullHtml = Array.from({ length: 5 }, (_, i) => `<p>Paragraph ${i + 1} of the full story, long enough to count as a paragraph of text.</p>`).join('');

describe('buildArticle, body: feed', () => {
  it('cleans the feed content and never fetches', async () => {
    const item: SourceItem = {
      url: URL_,
      title: ' Feed title ',
      published: '2024-02-10T00:00:00.000Z',
      html: `<p>Story with <a href="/rel.html" onclick="x()">a link</a>.</p><script>alert(1)</script><div class="share">Share</div>`,
    };
    const a = await buildArticle(item, channel({ page: { remove: ['.share'] } }), 'harbour', noFetch);
    expect(a).toEqual({
      id: 'harbour',
      channel: 'world',
      url: URL_,
      title: 'Feed title',
      published: '2024-02-10T00:00:00.000Z',
      html: '<p>Story with <a href="https://news.example.org/rel.html">a link</a>.</p>',
    });
    expect(noFetch.calls).toEqual([]);
  });

  it('uses the summary when the feed has no content', async () => {
    const a = await buildArticle({ url: URL_, title: 't', summary: 'Just a summary &amp; more' }, channel(), 'x', noFetch);
    expect(a.html).toBe('Just a summary &amp; more');
  });

  it('takes the feed image as the lead image, out of the body', async () => {
    const img = 'https://news.example.org/media/harbour-600x400.jpg';
    const a = await buildArticle(
      { url: URL_, title: 't', html: `<figure><img src="${img}"><figcaption>Cap</figcaption></figure>${fullHtml}`, image: img },
      channel(),
      'x',
      noFetch,
    );
    expect(a.lead).toEqual({ src: img, caption: 'Cap' });
    expect(a.html).not.toContain('<img');
  });

  it('an item with no text still makes an article, marked as such, so it is mirrored once and not retried', async () => {
    const bare = await buildArticle({ url: URL_, title: 't', published: '2026-01-02T00:00:00.000Z' }, channel(), 'x', noFetch);
    expect(bare).toMatchObject({ url: URL_, title: 't', published: '2026-01-02T00:00:00.000Z', html: '', noText: true });
    const emptied = await buildArticle({ url: URL_, title: 't', html: '<script>x</script><p> </p>' }, channel(), 'x', noFetch);
    expect(emptied.noText).toBe(true);
  });

  it('body: auto with nothing at all still throws with the URL', async () => {
    await expect(
      buildArticle({ url: URL_, title: 't' }, channel({ body: 'auto' }), 'x', async () => ({ text: '<html><body><script>x</script></body></html>', finalUrl: URL_ })),
    ).rejects.toThrow(`${URL_}: readability found no article body`);
  });
});

describe('buildArticle, body: page', () => {
  it('fetches the page, extracts with the channel selector, fills title/date/lead from the page', async () => {
    const fetch = pages({ [URL_]: page });
    const a = await buildArticle(
      { url: URL_, title: '' },
      channel({ body: 'page', page: { select: 'div.post_content', remove: ['.post_related', '.print_link'] } }),
      'harbour',
      fetch,
    );
    expect(fetch.calls).toEqual([URL_]);
    expect(a.title).toBe('Harbour reopens after storm');
    expect(a.published).toBe('2024-02-09T23:30:00.000Z');
    expect(a.lead).toEqual({
      src: 'https://news.example.org/media/harbour-600x400.jpg',
      caption: 'Boats return to the harbour on Saturday.',
      alt: 'The harbour',
    });
    const $ = load(a.html, null, false);
    expect($.text()).toContain('The harbour reopened on Saturday morning');
    expect($.text()).not.toContain('Unrelated older story');
    expect($.text()).not.toContain('Boats return to the harbour');
    expect($('img').map((_, e) => $(e).attr('src')).get()).toEqual(['https://news.example.org/world/2024/02/10/images/crane.jpg']);
    expect(a.html).not.toContain('javascript:');
  });

  it('resolves relative URLs against the final URL after a redirect', async () => {
    const fetch = pages({ [URL_]: '<div id="b"><p>Text <a href="next.html">next</a></p></div>' }, 'https://www.example.org/moved/here.html');
    const a = await buildArticle({ url: URL_, title: 't' }, channel({ body: 'page', page: { select: '#b', remove: [] } }), 'x', fetch);
    expect(a.html).toContain('href="https://www.example.org/moved/next.html"');
    expect(a.url).toBe(URL_);
  });

  it('keeps the item title and date over the page ones', async () => {
    const a = await buildArticle(
      { url: URL_, title: 'Item title', published: '2024-01-01T00:00:00.000Z' },
      channel({ body: 'page' }),
      'x',
      pages({ [URL_]: page }),
    );
    expect(a.title).toBe('Item title');
    expect(a.published).toBe('2024-01-01T00:00:00.000Z');
  });

  it('throws with the URL when the fetch fails or the selector misses', async () => {
    await expect(buildArticle({ url: URL_, title: 't' }, channel({ body: 'page' }), 'x', pages({}))).rejects.toThrow(
      `${URL_}: cannot fetch the article page: HTTP 404`,
    );
    await expect(
      buildArticle({ url: URL_, title: 't' }, channel({ body: 'page', page: { select: '.nope', remove: [] } }), 'x', pages({ [URL_]: page })),
    ).rejects.toThrow(`${URL_}: page.select ".nope" matches nothing`);
  });
});

describe('buildArticle, body: auto', () => {
  it('uses full feed content without fetching', async () => {
    const fetch = pages({ [URL_]: page });
    const a = await buildArticle({ url: URL_, title: 't', html: fullHtml, summary: 'Short teaser.' }, channel({ body: 'auto' }), 'x', fetch);
    expect(fetch.calls).toEqual([]);
    expect(a.html).toContain('Paragraph 5 of the full story');
  });

  it('fetches the page when the feed carries only a teaser', async () => {
    const fetch = pages({ [URL_]: page });
    const a = await buildArticle(
      { url: URL_, title: 't', html: '<p>The harbour reopened…</p>', summary: 'The harbour reopened…' },
      channel({ body: 'auto' }),
      'x',
      fetch,
    );
    expect(fetch.calls).toEqual([URL_]);
    expect(a.html).toContain('breakwater held');
  });
});

describe('isFullContent', () => {
  it('needs real length or several paragraphs, clearly longer than the summary', () => {
    expect(isFullContent({ url: URL_, title: 't' })).toBe(false);
    expect(isFullContent({ url: URL_, title: 't', html: '<p>short</p>' })).toBe(false);
    expect(isFullContent({ url: URL_, title: 't', html: fullHtml })).toBe(true);
    expect(isFullContent({ url: URL_, title: 't', html: fullHtml, summary: fullHtml })).toBe(false);
    expect(isFullContent({ url: URL_, title: 't', html: `<p>${'中文内容。'.repeat(120)}</p>` })).toBe(true);
  });
});
