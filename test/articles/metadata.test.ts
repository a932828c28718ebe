import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageMetadata } from '../../src/articles/metadata.js';
import { parseDate } from '../../src/sources/dates.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples/articles');
const PAGE = 'https://news.example.org/world/2024/05/story.html';
const sample = (name: string) => ({
  html: readFileSync(join(SAMPLES, name, 'source.html'), 'utf8'),
  expected: JSON.parse(readFileSync(join(SAMPLES, name, 'expected-metadata.json'), 'utf8')) as {
    title: string;
    publishedTime: string | null;
  },
});

describe('pageMetadata on pages we wrote', () => {
  it('prefers Open Graph, resolves the image against the page', () => {
    const m = pageMetadata(
      `<html><head><title>Site | Story</title>
       <meta property="og:title" content="The &quot;Story&quot;">
       <meta property="article:published_time" content="2024-05-01T10:00:00+02:00">
       <meta property="og:image" content="/img/lead.jpg">
       <meta property="og:image:alt" content="A lead photo">
       <meta name="description" content="Plain description">
       </head><body><time datetime="2020-01-01">old</time></body></html>`,
      PAGE,
    );
    expect(m).toEqual({
      title: 'The "Story"',
      published: '2024-05-01T08:00:00.000Z',
      image: 'https://news.example.org/img/lead.jpg',
      imageCaption: 'A lead photo',
      description: 'Plain description',
    });
  });

  it('reads JSON-LD (NewsArticle in @graph, image object) when there is no Open Graph', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Site' },
        {
          '@type': ['NewsArticle'],
          headline: 'Headline from JSON-LD',
          datePublished: '2023-03-21T08:30:00Z',
          image: [{ '@type': 'ImageObject', url: 'https://cdn.example.org/a.jpg', caption: 'Caption from JSON-LD' }],
        },
      ],
    };
    const m = pageMetadata(
      `<head><title>Fallback</title><script type="application/ld+json">${JSON.stringify(ld)}</script>
       <script type="application/ld+json">{ broken json</script></head>`,
      PAGE,
    );
    expect(m.title).toBe('Headline from JSON-LD');
    expect(m.published).toBe('2023-03-21T08:30:00.000Z');
    expect(m.image).toBe('https://cdn.example.org/a.jpg');
    expect(m.imageCaption).toBe('Caption from JSON-LD');
  });

  it('falls back to <title> and <time datetime>', () => {
    const m = pageMetadata('<title> Just a\n title </title><p><time datetime="2021-02-03 04:05">x</time></p>', PAGE);
    expect(m).toEqual({ title: 'Just a title', published: '2021-02-03T04:05:00.000Z' });
  });

  it('ignores non-http images and impossible dates', () => {
    const m = pageMetadata(
      '<meta property="og:image" content="javascript:alert(1)"><meta property="article:published_time" content="not a date">',
      PAGE,
    );
    expect(m).toEqual({});
  });
});

describe('the date forms pages use', () => {
  it.each([
    ['2021-11-01T10:52:50+0100', '2021-11-01T09:52:50.000Z'],
    ['2021-11-01T10:52:50+01:00', '2021-11-01T09:52:50.000Z'],
    ['2019-04-28 06:01:07', '2019-04-28T06:01:07.000Z'],
    ['2019-10-18T17:23:34.816Z', '2019-10-18T17:23:34.000Z'],
    ['2020-01-02', '2020-01-02T00:00:00.000Z'],
    ['Tue, 21 Mar 2023 08:00:00 GMT', '2023-03-21T08:00:00.000Z'],
  ])('%s -> %s', (input, iso) => {
    expect(parseDate(input)).toBe(iso);
  });

  it('rejects garbage', () => {
    expect(parseDate('yesterday')).toBeUndefined();
    expect(parseDate('0001-01-01')).toBeUndefined();
  });
});

describe('pageMetadata on the real samples', () => {
  // Pages whose og:title is the title Readability settled on (others carry a site suffix).
  it.each(['ars-1', 'heise', 'lazy-image-1', 'nytimes-2', 'seattletimes-1', 'wapo-1', 'telegraph'])('%s: title', (name) => {
    const { html, expected } = sample(name);
    expect(pageMetadata(html, 'http://fakehost/test/page.html').title).toBe(expected.title);
  });

  it.each(['aktualne', 'bbc-1', 'lazy-image-1'])('%s: published time matches the expected metadata', (name) => {
    const { html, expected } = sample(name);
    expect(expected.publishedTime).toBeTruthy();
    expect(pageMetadata(html, 'http://fakehost/test/page.html').published).toBe(new Date(parseDate(expected.publishedTime!)!).toISOString());
  });

  it('finds absolute lead images where pages declare one', () => {
    for (const name of ['ars-1', 'cnn', 'heise', 'lemonde-1', 'medium-1', 'seattletimes-1', 'wapo-1']) {
      const { html } = sample(name);
      expect(pageMetadata(html, 'http://fakehost/test/page.html').image, name).toMatch(/^https?:\/\/[^/]+\/.+\.(jpe?g|png)$/i);
    }
  });

  it('reads the Chinese pages as text', () => {
    expect(pageMetadata(sample('gmw').html, 'http://fakehost/test/page.html').title).toContain('宇航员在太空中喝酒会怎么样');
    expect(pageMetadata(sample('pixnet').html, 'http://fakehost/test/page.html').title).toContain('新竹尖石_美樹營地賞楓');
  });
});
