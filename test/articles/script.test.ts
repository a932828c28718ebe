// The four conversions map to OpenCC's locale pairs (t→cn, cn→t, twp→cn, cn→twp),
// and only readable text is converted.
import { describe, expect, it } from 'vitest';
import { convertArticle, convertHtml, scriptConverter } from '../../src/articles/script.js';

describe('Chinese script conversion', () => {
  it('maps each mode to its OpenCC pair, building each converter once', async () => {
    expect((await scriptConverter('t2s'))('臺灣颱風，電腦軟體')).toBe('台湾台风，电脑软体');
    expect((await scriptConverter('tw2sp'))('電腦軟體，計程車')).toBe('电脑软件，出租车');
    expect((await scriptConverter('s2t'))('计算机软件，出租车')).toBe('計算機軟件，出租車');
    expect((await scriptConverter('s2twp'))('计算机软件，出租车')).toBe('計算機軟體，計程車');
    expect(scriptConverter('t2s')).toBe(scriptConverter('t2s'));
  });

  it('converts text nodes, alt and title; never URLs, other attributes or code', async () => {
    const html = '<p title="颱風" class="颱風">颱風<a href="http://e.example/颱風">臺北</a><img src="http://e.example/體.jpg" alt="體育"></p><pre><code>var 體 = "臺";</code></pre><p><code>臺</code> <kbd>臺</kbd></p>';
    expect(convertHtml(html, await scriptConverter('t2s'))).toBe(
      '<p title="台风" class="颱風">台风<a href="http://e.example/颱風">台北</a><img src="http://e.example/體.jpg" alt="体育"></p><pre><code>var 體 = "臺";</code></pre><p><code>臺</code> <kbd>臺</kbd></p>',
    );
  });

  it('leaves an article alone without a mode, and converts title, caption and alt with one', async () => {
    const a = { id: 'x', channel: 'c', url: 'http://e.example/臺灣', title: '臺灣', html: '<p>臺灣</p>', lead: { src: 'http://e.example/臺.jpg', caption: '颱風', alt: '颱風' } };
    expect(await convertArticle(a, undefined)).toBe(a);
    expect(await convertArticle(a, 't2s')).toEqual({ ...a, title: '台湾', html: '<p>台湾</p>', lead: { src: a.lead.src, caption: '台风', alt: '台风' } });
  });
});
