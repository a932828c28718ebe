import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../src/config/load.js';
import { Fetcher } from '../../src/http/fetcher.js';
import { ChannelError, readChannel } from '../../src/sources/read-channel.js';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rejection } from '../helpers/rejection.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

let site: FixtureSite;
const fetcher = new Fetcher({ timeoutMs: 2000, retries: 1, retryBaseMs: 1, sleep: async () => {} });

beforeAll(async () => {
  site = await startFixtureSite({
    '/rss2.xml': fixture('rss2.xml'),
    '/atom.xml': { body: fixture('atom.xml'), headers: { 'content-type': 'application/atom+xml; charset=utf-8' } },
    '/rdf.xml': fixture('rdf.xml'),
    // A JSON Feed served as text/plain: recognised by its content.
    '/radio': { body: fixture('feed.json'), headers: { 'content-type': 'text/plain' } },
    // GBK bytes, no charset in the header, no encoding in the XML declaration.
    '/gbk.xml': { body: iconv.encode(fixture('gbk-feed.xml'), 'gbk'), headers: { 'content-type': 'application/xml' } },
    // Big5, declared only in the XML declaration.
    '/big5.xml': { body: iconv.encode(fixture('big5-feed.xml'), 'big5'), headers: { 'content-type': 'text/xml' } },
    // A UTF-8 BOM, and a header that wrongly says GBK.
    '/bom.xml': {
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixture('gbk-feed.xml'))]),
      headers: { 'content-type': 'application/rss+xml; charset=gbk' },
    },
    '/nsc412.xml': { body: readFileSync(new URL('../fixtures/samples/feeds/nsc412.xml', import.meta.url)) },
    '/login.xml': { body: '<!DOCTYPE html><html><body><form>Please log in</form></body></html>', headers: { 'content-type': 'text/html' } },
    '/down.xml': { status: 503, body: 'maintenance' },
    // A GBK listing page that declares its charset only in <meta>, behind a server-default UTF-8 header.
    '/gb/list.htm': {
      body: iconv.encode('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><ul class="l"><li><a href="n1.htm">山城缆车恢复运行</a> <span>2023年3月21日</span></li></ul></body></html>', 'gbk'),
      headers: { 'content-type': 'text/html; charset=utf-8' },
    },
    '/world/': `<html><body>
      <div class="post"><a class="t" href="/world/a.html">Story A</a><span class="d">2023年3月21日</span></div>
      <div class="post"><a class="t" href="/world/b.html">翻墙必看 Story B</a></div>
      <div class="post"><a class="t" href="/world/c.html">Story C</a></div>
    </body></html>`,
  });
});
afterAll(() => site.close());

function channel(source: ChannelConfig['source'], over: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    id: 'news',
    title: 'News',
    source,
    body: 'feed',
    page: { remove: [] },
    excludeTitles: [],
    unlink: [],
    allowHosts: [new URL(source.url).host],
    retention: 300,
    limit: 100,
    ...over,
  };
}
const feed = (path: string, over: Partial<ChannelConfig> = {}) => channel({ type: 'feed', url: site.url(path) }, over);

const channelError = (p: Promise<unknown>) => rejection(p, ChannelError);

describe('readChannel over HTTP', () => {
  it('reads RSS 2.0, Atom, RDF and a JSON Feed served as text/plain', async () => {
    const rss = await readChannel(feed('/rss2.xml'), fetcher);
    expect(rss.items.map((i) => i.title)).toEqual(['Ferry timetable changes for winter', 'Market day moves to Saturday', 'Lighthouse reopens']);
    expect(rss.items[0]!.url).toBe(`${site.origin}/news/2024/ferry-timetable.html`); // relative link against the feed URL
    expect(rss.warnings).toEqual([`channel "news" (${site.url('/rss2.xml')}): 2 item(s) without an http(s) link skipped`]);
    expect(rss.title).toBe('Harbour Gazette & Friends');

    const atom = await readChannel(feed('/atom.xml'), fetcher);
    expect(atom.items.map((i) => i.title)).toEqual(['Bridge <closed> for repairs', 'School choir wins prize', 'Plain text note']);

    const rdf = await readChannel(feed('/rdf.xml'), fetcher);
    expect(rdf.items[0]!.html).toBe('<p>Thirty centimetres of fresh snow fell overnight.</p>');

    const json = await readChannel(feed('/radio'), fetcher);
    expect(json.items.map((i) => i.url)).toEqual(['https://radio.example/shows/42', `${site.origin}/shows/41`]);
  });

  it('decodes a GBK feed that declares no charset', async () => {
    const r = await readChannel(feed('/gbk.xml'), fetcher);
    expect(r.title).toBe('山城日报');
    expect(r.items[0]).toMatchObject({ title: '缆车今日恢复运行，市民排队乘坐', published: '2024-03-04T01:00:00.000Z' });
    expect(r.items[0]!.html).toBe('<p>【山城日报讯】停运三个月的长江索道今天上午恢复运行。</p>');
  });

  it('decodes a Big5 feed declared in its XML declaration', async () => {
    const r = await readChannel(feed('/big5.xml'), fetcher);
    expect(r.title).toBe('港灣時報');
    expect(r.items[0]!.title).toBe('颱風過境，渡輪服務暫停');
    expect(r.items[0]!.summary).toBe('<p>天文台懸掛八號風球，所有渡輪服務暫停。</p>');
  });

  it('trusts a BOM over a wrong header', async () => {
    const r = await readChannel(feed('/bom.xml'), fetcher);
    expect(r.items[0]!.title).toBe('缆车今日恢复运行，市民排队乘坐');
  });

  it('reads the real sample feed: 60 items with full bodies, cut to the limit, titles excluded', async () => {
    const all = await readChannel(feed('/nsc412.xml'), fetcher);
    expect(all.items).toHaveLength(60);
    expect(all.items.every((i) => (i.html?.length ?? 0) > 100)).toBe(true);
    expect(all.warnings).toEqual([]);

    const first = all.items[0]!.title;
    const cut = await readChannel(feed('/nsc412.xml', { limit: 10, excludeTitles: [first, '/^美/'] }), fetcher);
    expect(cut.items).toHaveLength(10);
    expect(cut.items.some((i) => i.title === first || i.title.startsWith('美'))).toBe(false);
  });

  it('reads an html listing channel with its selectors', async () => {
    const r = await readChannel(
      channel({ type: 'html', url: site.url('/world/'), item: 'div.post', link: 'a.t', date: '.d' }, { excludeTitles: ['翻墙必看'] }),
      fetcher,
    );
    expect(r.items).toEqual([
      { url: site.url('/world/a.html'), title: 'Story A', published: '2023-03-21T00:00:00.000Z' },
      { url: site.url('/world/c.html'), title: 'Story C' },
    ]);
    const none = await readChannel(channel({ type: 'html', url: site.url('/world/'), item: 'article.nothing' }), fetcher);
    expect(none.items).toEqual([]);
    expect(none.warnings[0]).toMatch(/the item selector "article.nothing" matched no linked items/);
  });

  it('decodes a GBK listing page declared only in <meta>, and warns about the wrong header', async () => {
    const r = await readChannel(channel({ type: 'html', url: site.url('/gb/list.htm'), item: 'ul.l li', date: 'span' }), fetcher);
    expect(r.items).toEqual([{ url: site.url('/gb/n1.htm'), title: '山城缆车恢复运行', published: '2023-03-21T00:00:00.000Z' }]);
    expect(r.warnings).toEqual([`channel "news" (${site.url('/gb/list.htm')}): declared UTF-8 but the bytes are not valid UTF-8`]);
  });

  it('names the channel and the URL when the source is unusable', async () => {
    const html = await channelError(readChannel(feed('/login.xml'), fetcher));
    expect(html.message).toBe(`channel "news": ${site.url('/login.xml')}: not a feed: an HTML page`);
    expect(html).toMatchObject({ channel: 'news', url: site.url('/login.xml') });

    const down = await channelError(readChannel(feed('/down.xml'), fetcher));
    expect(down.message).toBe(`channel "news": GET ${site.url('/down.xml')}: HTTP 503 Service Unavailable after 2 attempts`);

    const missing = await channelError(readChannel(feed('/gone.xml'), fetcher));
    expect(missing.message).toBe(`channel "news": GET ${site.url('/gone.xml')}: HTTP 404 Not Found`);

    const bad = await channelError(readChannel(channel({ type: 'html', url: site.url('/world/'), item: 'div[' }), fetcher));
    expect(bad.message).toBe(
      `channel "news": ${site.url('/world/')}: cannot read the listing page with the channel's selectors (source.item: invalid CSS selector "div[": expected name, found the end of the selector)`,
    );
  });
});
