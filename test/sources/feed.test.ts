import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedError, parseFeed } from '../../src/sources/feed.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const sample = () => readFileSync(new URL('../fixtures/samples/feeds/nsc412.xml', import.meta.url), 'utf8');

function feedError(text: string): FeedError {
  try {
    parseFeed(text, 'https://news.example/feed.xml');
  } catch (e) {
    expect(e).toBeInstanceOf(FeedError);
    return e as FeedError;
  }
  throw new Error('expected a FeedError');
}

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 with content:encoded as the body', () => {
    const f = parseFeed(fixture('rss2.xml'), 'https://gazette.example/feeds/rss2.xml');
    expect(f.format).toBe('rss');
    expect(f.title).toBe('Harbour Gazette & Friends');
    expect(f.items[0]).toEqual({
      url: 'https://gazette.example/news/2024/ferry-timetable.html',
      title: 'Ferry timetable changes for winter',
      published: '2024-03-05T00:30:00.000Z',
      html: '<p>The winter timetable starts on <b>11 March</b>.</p><p>Boats leave every <a href="/timetable">two hours</a>.</p>',
      summary: '<p>The winter timetable starts next week.</p>',
      guid: 'gazette-1001',
      image: 'https://gazette.example/img/ferry.jpg',
    });
    // HTML in a title is stripped; dc:date is a date; media:content is the image.
    expect(f.items[1]).toMatchObject({ title: 'Market day moves to Saturday', published: '2024-03-04T10:00:00.000Z', image: 'https://gazette.example/img/market.jpg' });
    expect(f.items[1]!.html).toBeUndefined();
    // A permalink guid stands in for a missing link; an unreadable date is left out.
    expect(f.items[2]).toMatchObject({ url: 'https://gazette.example/news/2024/lighthouse.html', title: 'Lighthouse reopens' });
    expect(f.items[2]!.published).toBeUndefined();
    // No link, and a mailto: link: dropped and counted.
    expect(f.items).toHaveLength(3);
    expect(f.dropped).toBe(2);
  });

  it('reads Atom 1.0: html, xhtml and text content, xml:base, rel=alternate', () => {
    const f = parseFeed(fixture('atom.xml'), 'https://blog.example/feeds/atom.xml');
    expect(f).toMatchObject({ format: 'atom', title: 'Valley Weekly', dropped: 0 });
    expect(f.items.map((i) => i.url)).toEqual([
      'https://blog.example/en/posts/bridge.html', // feed xml:base
      'https://other.example/archive/choir.html', // entry xml:base
      'https://blog.example/en/notes/1', // rel=alternate, not rel=self
    ]);
    expect(f.items[0]).toMatchObject({
      title: 'Bridge <closed> for repairs',
      published: '2024-03-04T07:00:00.000Z',
      html: '<p>The old bridge closes on <em>Monday</em> for three weeks.</p>',
      summary: '<p>The old bridge closes on Monday.</p>',
      guid: 'tag:blog.example,2024:bridge',
      image: 'https://blog.example/en/img/bridge.png',
    });
    expect(f.items[1]!.html).toBe('<p>The choir won <strong>first prize</strong>.</p>');
    expect(f.items[1]!.published).toBe('2024-03-03T18:00:00.000Z'); // updated when no published
    expect(f.items[2]!.html).toBe('<p>Line one &lt;not a tag&gt;</p>\n<p>Line two</p>');
  });

  it('reads RSS 1.0 / RDF', () => {
    const f = parseFeed(fixture('rdf.xml'), 'https://rdf.example/index.rdf');
    expect(f.format).toBe('rdf');
    expect(f.items).toEqual([
      {
        url: 'https://rdf.example/notes/snow',
        title: 'Fresh snow on the pass',
        published: '2024-02-28T05:15:00.000Z',
        html: '<p>Thirty centimetres of fresh snow fell overnight.</p>',
        summary: 'Thirty centimetres overnight.',
        guid: 'https://rdf.example/notes/snow',
      },
      {
        url: 'https://rdf.example/notes/path',
        title: 'Path to the lake reopened',
        summary: 'The path is clear again.',
        guid: 'https://rdf.example/notes/path',
      },
    ]);
  });

  it('reads JSON Feed 1.1: content_html, content_text as escaped paragraphs, image, dates', () => {
    const f = parseFeed(fixture('feed.json'), 'https://radio.example/feed.json');
    expect(f).toMatchObject({ format: 'json', title: 'River Radio', dropped: 1 });
    expect(f.items[0]).toEqual({
      url: 'https://radio.example/shows/42',
      title: 'Evening show: flood update',
      published: '2024-03-02T00:00:00.000Z',
      html: '<p>The river level is <b>falling</b>.</p>',
      summary: 'River level falling.',
      guid: 'radio-42',
      image: 'https://radio.example/img/42.jpg',
    });
    expect(f.items[1]).toMatchObject({
      url: 'https://radio.example/shows/41',
      html: '<p>First line &amp; &lt;second&gt;</p>\n<p>New paragraph.</p>',
      published: '2024-02-29T00:00:00.000Z',
    });
  });

  it('reads JSON Feed 1.0 and a BOM before the document', () => {
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'T', items: [{ id: '1', url: 'https://a.example/1', title: 'One' }] });
    expect(parseFeed(`\ufeff${json}`, 'https://a.example/feed.json').items).toEqual([{ url: 'https://a.example/1', title: 'One', guid: '1' }]);
    expect(parseFeed(`\ufeff${fixture('rdf.xml')}`, 'https://rdf.example/').items).toHaveLength(2);
  });
});

describe('parseFeed: the real sample feed (plain <content> element)', () => {
  const f = parseFeed(sample(), 'http://www.epochtimes.com/gb/nsc412.htm/feed');

  it('keeps all 60 items, each with its full HTML body', () => {
    expect(f.format).toBe('rss');
    expect(f.items).toHaveLength(60);
    expect(f.dropped).toBe(0);
    for (const i of f.items) {
      expect(i.url).toMatch(/^http:\/\/www\.epochtimes\.com\/gb\/\d+\/\d+\/\d+\/n\d+\.htm$/);
      expect(i.title.length).toBeGreaterThan(3);
      expect(i.published).toMatch(/^2018-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      expect(i.html).toMatch(/^<p>/);
      expect(i.html!.length).toBeGreaterThan(i.summary?.length ?? 0);
    }
  });

  it('gives the first article its text, title and date', () => {
    expect(f.items[0]).toMatchObject({
      url: 'http://www.epochtimes.com/gb/18/10/5/n10762779.htm',
      title: '美媒：贸易战中 美国股市比中国股市具优势',
      published: '2018-10-05T07:51:58.000Z',
    });
    expect(f.items[0]!.html).toContain('【大纪元2018年10月05日讯】（大纪元记者陈俊村编译报导）');
    expect(f.items[0]!.html).toContain('<a href="http://www.epochtimes.com/gb/tag/');
  });

  it('does not rename <content> text inside CDATA, and prefers a real content:encoded', () => {
    const rss = (body: string) =>
      `<rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://a.example/1</link>${body}</item></channel></rss>`;
    const plain = parseFeed(rss('<content><![CDATA[<p>say <content> and </content> literally</p>]]></content>'), 'https://a.example/');
    expect(plain.items[0]!.html).toBe('<p>say <content> and </content> literally</p>');
    const both = parseFeed(
      rss('<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>full</p>]]></content:encoded><content>other</content>'),
      'https://a.example/',
    );
    expect(both.items[0]!.html).toBe('<p>full</p>');
  });
});

describe('parseFeed: titles', () => {
  it('decodes entities, strips tags, collapses whitespace', () => {
    const f = parseFeed(
      `<rss version="2.0"><channel><title>t</title>
        <item><title>  Tom &amp;amp; Jerry\n\t&lt;em&gt;return&lt;/em&gt; &#8212; 「新」  </title><link>https://a.example/1</link></item>
        <item><title><![CDATA[<b>粗体</b>&nbsp;标题]]></title><link>https://a.example/2</link></item>
      </channel></rss>`,
      'https://a.example/',
    );
    expect(f.items.map((i) => i.title)).toEqual(['Tom & Jerry return — 「新」', '粗体 标题']);
  });
});

describe('parseFeed: input that is not a feed', () => {
  it('says so clearly', () => {
    expect(feedError('').message).toBe('not a feed: the document is empty');
    expect(feedError('  \n ').message).toBe('not a feed: the document is empty');
    expect(feedError('<!DOCTYPE html><html><head><title>Login</title></head><body></body></html>').message).toBe('not a feed: an HTML page');
    expect(feedError('<html><body>Access denied</body></html>').message).toBe('not a feed: an HTML page');
    expect(feedError('<?xml version="1.0"?><rss version="2.0"><channel><title>cut off<item><title>a').message).toMatch(/malformed XML/);
    expect(feedError('<?xml version="1.0"?><sitemap><url/></sitemap>').message).toBe(
      'not a feed: an XML document with root <sitemap>, not <rss>, <feed> or <rdf:RDF>',
    );
    expect(feedError('{"version": "https://jsonfeed.org/version/1.1", "items": [').message).toMatch(/^not a feed: broken JSON/);
    expect(feedError('{"hello": "world"}').message).toMatch(/JSON, but not a JSON Feed/);
    expect(feedError('Service temporarily unavailable').message).toBe('not a feed: not XML or JSON (starts with "Service temporarily unavailable")');
  });
});

describe('parseFeed: hostile XML', () => {
  it('does not expand a billion-laughs entity bomb', () => {
    let dtd = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [${dtd}]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://a.example/1</link><description>&lol9;</description></item></channel></rss>`;
    const started = performance.now();
    // The feed is read; the entity stays an unexpanded reference (10^9 "lol"s would be 3 GB).
    const f = parseFeed(xml, 'https://a.example/');
    expect(f.title).toBe('&lol9;');
    expect(f.items).toEqual([{ url: 'https://a.example/1', title: '&lol9;', summary: '&lol9;' }]);
    expect(performance.now() - started).toBeLessThan(5_000); // a hang guard, not a benchmark
  });

  it('survives 100,000 nested elements, in the channel and in an item', () => {
    const deep = '<x>'.repeat(100_000) + '</x>'.repeat(100_000);
    // In the channel, the nesting hides the items: the feed is refused, saying why.
    let started = performance.now();
    const inChannel = feedError(`<rss version="2.0"><channel><title>t</title>${deep}<item><title>a</title><link>https://a.example/1</link></item></channel></rss>`);
    expect(inChannel.message).toBe('not a feed: malformed XML (truncated, broken or too deeply nested)');
    expect(performance.now() - started).toBeLessThan(5_000); // a hang guard, not a benchmark
    // In an item's body, the item is still read.
    for (const xml of [
      `<rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://a.example/1</link><description>${deep}</description></item></channel></rss>`,
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>x</id><title>a</title><link href="https://a.example/1"/><content type="xhtml">${deep}</content></entry></feed>`,
    ]) {
      started = performance.now();
      const f = parseFeed(xml, 'https://a.example/');
      expect(f.items.map((i) => [i.url, i.title])).toEqual([['https://a.example/1', 'a']]);
      expect(performance.now() - started).toBeLessThan(5_000); // a hang guard, not a benchmark
    }
  });
});

describe('parseFeed: xml:base', () => {
  it('ignores a non-http xml:base', () => {
    const f = parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(1)//"><title>t</title><entry><id>1</id><title>a</title><link href="/a"/></entry></feed>',
      'https://a.example/feed.xml',
    );
    expect(f.items[0]!.url).toBe('https://a.example/a');
  });
});
