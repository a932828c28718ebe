import { describe, expect, it } from 'vitest';
import { parseListing } from '../../src/sources/html-listing.js';

const page = `<!doctype html><html><head><meta charset="utf-8"><title>World</title></head><body>
<nav><a href="/">Home</a></nav>
<div class="one_post">
  <h2><a class="title" href="/world/2023/03/21/bridge.html">  Bridge
     reopens </a></h2>
  <span class="date">2023年3月21日</span>
</div>
<div class="one_post">
  <a class="thumb" href="/world/2023/03/20/ferry.html"><img src="/i.jpg" alt="ferry"></a>
  <a class="title" href="2023/03/20/ferry.html#comments" title="Ferry">Ferry service resumes</a>
  <time datetime="2023-03-20T08:00:00+08:00">Monday</time>
</div>
<div class="one_post">
  <a class="title" href="javascript:alert(1)">Bad link</a>
</div>
<div class="one_post"><p>No link at all</p></div>
<div class="one_post">
  <a class="title" href="https://news.example/world/2023/03/21/bridge.html">Bridge reopens (again)</a>
</div>
<div class="one_post">
  <a class="title" href="/world/2023/03/19/empty.html" title="Title from the attribute"></a>
  <span class="date">Posted 2023-03-19</span>
</div>
</body></html>`;

describe('parseListing', () => {
  it('reads items with link and date selectors, resolves links, de-duplicates, keeps order', () => {
    const items = parseListing(page, 'https://news.example/world/', { item: 'div.one_post', link: 'a.title', date: '.date, time' });
    expect(items).toEqual([
      { url: 'https://news.example/world/2023/03/21/bridge.html', title: 'Bridge reopens', published: '2023-03-21T00:00:00.000Z' },
      { url: 'https://news.example/world/2023/03/20/ferry.html', title: 'Ferry service resumes', published: '2023-03-20T00:00:00.000Z' },
      { url: 'https://news.example/world/2023/03/19/empty.html', title: 'Title from the attribute', published: '2023-03-19T00:00:00.000Z' },
    ]);
  });

  it('defaults to the first a[href] of the item and a title selector when given', () => {
    const items = parseListing(page, 'https://news.example/world/', { item: 'div.one_post', title: 'a.title' });
    expect(items[1]).toEqual({
      url: 'https://news.example/world/2023/03/20/ferry.html',
      title: 'Ferry service resumes',
      published: '2023-03-20T00:00:00.000Z', // time[datetime] by default
    });
  });

  it('takes the item itself when it is a link, and a wrapper selector means its link', () => {
    const html = '<ul><li><a class="x" href="/a">A</a></li><li><a class="x" href="/b">B</a></li></ul><h3 class="t"><a href="/c">C</a></h3>';
    expect(parseListing(html, 'https://n.example/', { item: 'a.x' }).map((i) => i.url)).toEqual(['https://n.example/a', 'https://n.example/b']);
    expect(parseListing(html, 'https://n.example/', { item: 'body', link: 'h3.t' })).toEqual([{ url: 'https://n.example/c', title: 'C' }]);
  });

  it('honours <base href> on the same host only', () => {
    const same = '<base href="https://n.example/news/"><div class="i"><a href="a.html">A</a></div>';
    expect(parseListing(same, 'https://n.example/', { item: 'div.i' })[0]!.url).toBe('https://n.example/news/a.html');
    const other = '<base href="http://169.254.169.254/"><div class="i"><a href="a.html">A</a></div>';
    expect(parseListing(other, 'https://n.example/list/', { item: 'div.i' })[0]!.url).toBe('https://n.example/list/a.html');
  });

  it('reads a GBK-era Chinese listing after decoding', () => {
    const html = '<div class="list"><a href="/gb/23/3/21/n13954919.htm">缆车今日恢复运行</a><span>2023-03-21</span></div>';
    expect(parseListing(html, 'http://www.example.cn/gb/nsc413.htm', { item: 'div.list', date: 'span' })).toEqual([
      { url: 'http://www.example.cn/gb/23/3/21/n13954919.htm', title: '缆车今日恢复运行', published: '2023-03-21T00:00:00.000Z' },
    ]);
  });

  it('throws on an invalid selector, naming its key', () => {
    expect(() => parseListing(page, 'https://news.example/', { item: 'div[' })).toThrow('source.item: invalid CSS selector "div[": expected name, found the end of the selector');
    expect(() => parseListing(page, 'https://news.example/', { item: 'li', date: 'span:nosuch' })).toThrow('source.date: invalid CSS selector "span:nosuch": unknown pseudo-class :nosuch');
  });
});
