// Sites without full-text feeds, end to end through dist/cli.js: an HTML
// listing page, article pages fetched and extracted, failures retried on the
// next run, and links to addresses the config does not allow never fetched.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rss2 } from '../helpers/feeds.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

let site: FixtureSite;

const article = (n: number, extra = '') => `<!doctype html><html><head><meta charset="utf-8">
<title>Site title | Article ${n}</title>
<meta property="og:title" content="Article ${n}: the headline">
<meta property="article:published_time" content="2026-03-0${n}T10:00:00Z">
</head><body>
<nav><a href="/">Home</a></nav>
<div class="post"><figure><img data-src="/img/${n}.jpg" src="/img/blank.gif" alt="Photo ${n}"><figcaption>Caption of photo ${n}.</figcaption></figure>
<p>First paragraph of article ${n}, with a <a href="/news/a1.html">link to article 1</a>.</p>
<p onclick="steal()">Second paragraph of article ${n}.</p>${extra}
<div class="share">Share on social</div>
<script>alert(1)</script></div>
<aside>Most read: other stories</aside></body></html>`;

beforeAll(async () => {
  site = await startFixtureSite();
  site.set(
    '/news/',
    `<!doctype html><html><body><ul>
<li class="item"><a class="t" href="a1.html">Article 1 listing title</a><span class="d">2026-03-01</span></li>
<li class="item"><a class="t" href="/news/a2.html">Article 2 listing title</a><span class="d">2026-03-02</span></li>
<li class="item"><a class="t" href="a3.html">Article 3 listing title</a><span class="d">2026-03-03</span></li>
<li class="item"><a class="t" href="http://169.254.169.254/latest/meta-data/">Cloud metadata</a></li>
<li class="item"><a class="t" href="http://10.0.0.1/admin">Private network</a></li>
</ul></body></html>`,
  );
  site.set('/news/a1.html', article(1));
  site.set('/news/a2.html', article(2, '<table><tr><th>Team</th><th>Score</th></tr><tr><td>Red</td><td>3</td></tr></table>'));
  site.set('/news/a3.html', { status: 503, body: 'busy' });
  // A GBK article page that declares its charset only in <meta>.
  site.set('/gb/feed.xml', rss2([{ url: `${site.origin}/gb/n1.htm`, title: '摘要', published: '2026-03-05T00:00:00Z', html: '<p>摘要</p>' }]));
  site.set('/gb/n1.htm', {
    headers: { 'content-type': 'text/html' },
    body: iconv.encode('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>中文标题</title></head><body><div id="c"><p>这是一篇用国标码编码的文章，读者应当看到正确的中文。</p></div></body></html>', 'gbk'),
  });
});
afterAll(() => site.close());

async function setup(): Promise<{ dir: string; config: string }> {
  const dir = tempDir('nm-pages-');
  const config = join(dir, 'mirror.yml');
  await writeFile(
    config,
    `site: { base-url: "https://github.com/acme/mirror/blob/main" }
fetch: { retries: 0, timeout-ms: 5000 }
channels:
  - id: news
    title: News
    source: { type: html, url: "${site.url('/news/')}", item: "li.item", link: "a.t", date: "span.d" }
    body: page
    page: { select: "div.post", remove: [".share"] }
  - id: gb
    title: 国标
    source: { type: feed, url: "${site.url('/gb/feed.xml')}" }
    body: page
    page: { select: "#c" }
`,
  );
  return { dir, config };
}

describe('html listing + article pages', () => {
  it('mirrors listing items from their pages, skips failures and blocked hosts, retries failures next run', async () => {
    const { dir, config } = await setup();
    const first = await runCli(['run', '--config', config, '--out', dir, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const s = JSON.parse(first.stdout);
    const news = s.channels.find((c: { id: string }) => c.id === 'news');
    expect(news.new).toBe(2);
    const skipped = news.skipped as Array<{ url: string; reason: string }>;
    expect(skipped.map((k) => k.url).sort()).toEqual(['http://10.0.0.1/admin', 'http://169.254.169.254/latest/meta-data/', site.url('/news/a3.html')].sort());
    expect(skipped.find((k) => k.url.includes('a3'))!.reason).toMatch(/503/);
    expect(skipped.find((k) => k.url.includes('169.254'))!.reason).toMatch(/host 169.254.169.254 is not in the allowed hosts/);
    expect(site.requests.filter((r) => r.includes('meta-data') || r.includes('admin'))).toEqual([]);

    const page = await readFile(join(dir, 'pages/news/a2.md'), 'utf8');
    expect(page.split('\n')[0]).toBe('### Article 2 listing title');
    expect(page).toContain(`<img alt="Photo 2" src="${site.url('/img/2.jpg')}"/>`);
    expect(page).toContain('Caption of photo 2.');
    expect(page).toContain('First paragraph of article 2');
    expect(page).toContain('Second paragraph of article 2.');
    expect(page).toContain('| Team | Score |');
    // Links to an article this mirror holds point at its page, not at the origin.
    expect(page).toContain('[link to article 1](a1.md)');
    for (const gone of ['Share on social', 'alert(1)', 'steal()', 'Most read', 'Home']) expect(page).not.toContain(gone);

    const gb = await readFile(join(dir, 'pages/gb/n1.md'), 'utf8');
    expect(gb).toContain('这是一篇用国标码编码的文章，读者应当看到正确的中文。');

    // The failed article is tried again, and now it answers.
    site.set('/news/a3.html', article(3));
    const before = site.requests.length;
    const second = await runCli(['run', '--config', config, '--out', dir, '--json']);
    // Articles already mirrored are not fetched again: only the listing, the feed and the retried page.
    expect(site.requests.slice(before).sort()).toEqual(['/gb/feed.xml', '/news/', '/news/a3.html']);
    const s2 = JSON.parse(second.stdout);
    expect(s2.channels.find((c: { id: string }) => c.id === 'news').new).toBe(1);
    expect(s2.added).toContain('pages/news/a3.md');
    const index = await readFile(join(dir, 'indexes/news.md'), 'utf8');
    expect(index.indexOf('Article 3 listing')).toBeLessThan(index.indexOf('Article 2 listing'));
  });
});
