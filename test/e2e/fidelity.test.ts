// Fidelity through dist/cli.js: what a reader sees on the page is what the
// source said, in the right characters, the right lines and the right script.
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rss2, type FixtureItem } from '../helpers/feeds.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const BASE = 'https://github.com/acme/mirror/blob/main';
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(() => site.close());

const item = (path: string, title: string, html: string): FixtureItem => ({ url: site.url(path), title, published: '2026-03-01T08:00:00Z', html });

async function mirror(channels: string): Promise<string> {
  const dir = tempDir('nm-fidelity-');
  const config = join(dir, 'mirror.yml');
  await writeFile(config, `locale: zh-CN\nsite:\n  base-url: ${BASE}\nchannels:\n${channels}`);
  const r = await runCli(['run', '--config', config, '--out', dir, '--json']);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  const summary = JSON.parse(r.stdout) as { warnings: string[]; newArticles: number };
  expect(summary.warnings).toEqual([]);
  return dir;
}

const feedChannel = (id: string, path: string, more = '') => `  - id: ${id}\n    title: Channel ${id}\n    source: { type: feed, url: "${site.url(path)}" }\n${more}`;

describe('fidelity', () => {
  it('reads an XML feed served as text/html as XML, in the encoding its declaration names (ISO-8859-2)', async () => {
    const czech = 'Příliš žluťoučký kůň úpěl ďábelské ódy';
    const feed = rss2([item('/cz/1.html', `Zprávy: ${czech}`, `<p>${czech}. Łódź, Šťastný nový rok.</p>`)], {
      declaration: '<?xml version="1.0" encoding="ISO-8859-2"?>',
    });
    site.set('/cz.xml', { headers: { 'content-type': 'text/html' }, body: iconv.encode(feed, 'iso-8859-2') });
    const dir = await mirror(feedChannel('cz', '/cz.xml'));
    const page = await readFile(join(dir, 'pages/cz/1.md'), 'utf8');
    expect(page.split('\n')[0]).toBe(`### Zprávy: ${czech}`);
    expect(page).toContain(`${czech}. Łódź, Šťastný nový rok.`);
  });

  it('keeps the lines of code split by <br>, drops spacer tables, and keeps a link to the original as a link to the original', async () => {
    const url = site.url('/misc/1.html');
    const html = [
      '<p>Before the code.</p>',
      '<pre><code>int a = 1;<br>int b = 2;<br/>return a + b;</code></pre>',
      '<pre>plain one<br>plain two</pre>',
      `<table><tr><td><img src="${site.origin}/img/spacer.gif" width="1" height="20"></td><td><img src="${site.origin}/img/dot.gif"></td></tr><tr><td>&nbsp;</td><td></td></tr></table>`,
      `<p>Read <a href="${url}">the original article</a> or <a href="${site.origin}/other.html">another</a>.</p>`,
      `<table><tr><td>kept</td><td>data</td></tr><tr><td>1</td><td>2</td></tr></table>`,
    ].join('');
    site.set('/misc.xml', rss2([item('/misc/1.html', 'Code and tables', html)]));
    const dir = await mirror(feedChannel('misc', '/misc.xml'));
    const page = await readFile(join(dir, 'pages/misc/1.md'), 'utf8');
    expect(page).toContain('```\nint a = 1;\nint b = 2;\nreturn a + b;\n```');
    expect(page).toContain('```\nplain one\nplain two\n```');
    // The empty layout table is gone; the table with text stays.
    expect(page.slice(page.indexOf('plain two'), page.indexOf('Read [the'))).not.toMatch(/[|<]/);
    expect(page.match(/\| --- \| --- \|/g)).toHaveLength(1);
    expect(page).toContain('| kept | data |');
    expect(page).not.toContain('spacer.gif');
    expect(page).toContain(`[the original article](${url})`);
    expect(page).not.toContain('](1.md)');
  });

  it('converts Traditional to Simplified Chinese (t2s) in titles, bodies, captions and indexes, never in URLs or code', async () => {
    const url = new URL(site.url('/tw/臺灣.html')).href;
    const html = [
      '<p>颱風過境，臺北市民注意安全。</p>',
      `<figure><img src="${site.origin}/img/颱風.jpg" alt="颱風圖片"><figcaption>颱風來襲時的臺北街頭</figcaption></figure>`,
      '<p>請看<a href="http://news.example.com/標籤/颱風">颱風專題</a>與程式碼 <code>顯示(臺灣)</code>：</p>',
      '<pre><code>const 臺灣 = "颱風";</code></pre>',
    ].join('');
    site.set('/tw.xml', rss2([item('/tw/臺灣.html', '臺灣新聞：颱風過境', html)]));
    const dir = await mirror(feedChannel('tw', '/tw.xml', '    convert: t2s\n'));
    const manifest = JSON.parse(await readFile(join(dir, 'indexes/tw.json'), 'utf8')) as { articles: Array<{ title: string; url: string; path: string }> };
    const entry = manifest.articles[0]!;
    expect(entry.title).toBe('台湾新闻：台风过境');
    expect(entry.url).toBe(url);
    const page = await readFile(join(dir, entry.path), 'utf8');
    expect(page.split('\n')[0]).toBe('### 台湾新闻：台风过境');
    expect(page).toContain('台风过境，台北市民注意安全。');
    expect(page).toContain('台风来袭时的台北街头');
    // The figure is the lead image: its alt and caption converted, its URL as it was.
    expect(page).toContain(`<img alt="台风图片" src="${new URL(site.url('/img/颱風.jpg')).href}"/>`);
    expect(page).toContain('[台风专题](http://news.example.com/%E6%A8%99%E7%B1%A4/%E9%A2%B1%E9%A2%A8)');
    expect(page).toContain('`顯示(臺灣)`');
    expect(page).toContain('```\nconst 臺灣 = "颱風";\n```');
    expect(page).toContain(`原文地址（需翻墙访问）：${url}`);
    expect(page).not.toContain('颱風過境');
    expect(await readFile(join(dir, 'indexes/tw.md'), 'utf8')).toContain('台湾新闻：台风过境');
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toContain('台湾新闻：台风过境');
  });

  it('converts the real Traditional Chinese sample (pixnet) to Simplified, images untouched', async () => {
    const source = readFileSync('test/fixtures/samples/articles/pixnet/source.html');
    site.set('/pixnet/post.html', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: source });
    site.set('/pixnet.xml', rss2([item('/pixnet/post.html', '新竹尖石_美樹營地賞楓 (2)', '<p>摘要</p>')]));
    const dir = await mirror(feedChannel('pixnet', '/pixnet.xml', '    body: page\n    page: { select: "#article-content-inner" }\n    convert: t2s\n'));
    const page = await readFile(join(dir, 'pages/pixnet/post.md'), 'utf8');
    expect(page.split('\n')[0]).toBe('### 新竹尖石_美树营地赏枫 (2)');
    expect(page).toContain('接续性');
    expect(page).toContain('低温寒流报到 已将新竹尖石乡后山一带层层山峦披上嫣红的彩衣');
    expect(page).not.toContain('接續性');
    expect(page).not.toContain('層層山巒');
    // Image and photo-album URLs are the source's, character for character.
    expect(page).toContain('http://pic.pimg.tw/stevenhgm/1387894842-1217674167.jpg');
    expect(page).toContain('http://stevenhgm.pixnet.net/album/photo/470389413');
  });
});
