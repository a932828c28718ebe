import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPage, RULE, type PageContext } from '../../src/render/page.js';
import { pagePath, publicUrl } from '../../src/render/paths.js';
import type { Article } from '../../src/types.js';
import { cjkSpaces, makeConfig, missingTokens } from './helpers.js';

// The reference page, taken apart: its title, lead image, caption and body
// HTML (the reference renamed <a> to <ok>; the original had links).
const seed = readFileSync(new URL('../fixtures/reference/seed-page.md', import.meta.url), 'utf8');
const seedTitle = /^### (.*)$/m.exec(seed)![1]!;
const seedLeadSrc = /<img alt="[^"]*" class="[^"]*" src="([^"]+)"/.exec(seed)![1]!;
const seedCaption = /<div class="caption">\n (.*)\n<\/div>/.exec(seed)![1]!;
const seedBody = seed.slice(seed.indexOf('<div><p>'), seed.indexOf('</div>\n<hr/>') + 6).replace(/<ok /g, '<a ').replace(/<\/ok>/g, '</a>');
const seedHeader = /^#### \[首页\].*$/m.exec(seed)![0]!;
const seedFooter = seed.split(`${RULE}\n`)[2]!.split('\n')[0]!;
const seedBanner = seed.slice(seed.indexOf('#### [ 🎬'), seed.indexOf('<div><p>')).trim();

const yamlQuote = (s: string) => JSON.stringify(s);
const config = makeConfig(
  `site:\n  base-url: https://github.com/gfw-breaker/banned-news3/blob/master\n  header: ${yamlQuote(seedHeader)}\n  footer: ${yamlQuote(seedFooter)}\n  banner: ${yamlQuote(seedBanner)}\n  analytics: "http://gfw-breaker.win/banned-news3/{path}"\n`,
);
const channel = config.channels[0]!;
const path = pagePath(config, 'nsc413', 'n13954919');
const url = publicUrl(config.site.baseUrl!, path);

const article: Article = {
  id: 'n13954919',
  channel: 'nsc413',
  url: 'https://www.epochtimes.com/gb/23/3/21/n13954919.htm',
  title: seedTitle,
  html: seedBody,
  lead: { src: seedLeadSrc, caption: seedCaption },
};
const ctx: PageContext = { config, channel, path, publicUrl: url, qrSrc: `${url}.png`, unlink: channel.unlink };

describe('renderPage on the reference article', () => {
  const page = renderPage(article, ctx);

  it('starts with the title and the 24-dash rule, then the header menu', () => {
    expect(page.startsWith(`### 中俄貌似越走越近 双方关系加深的背后\n${RULE}\n\n${seedHeader}\n`)).toBe(true);
    expect(RULE).toBe('-'.repeat(24));
  });

  it('shows the lead image and caption in the reference block, then <hr/>', () => {
    expect(page).toContain(
      `<div><img alt="中俄貌似越走越近 双方关系加深的背后" src="${seedLeadSrc}"/>\n<div class="caption">\n ${seedCaption}\n</div></div><hr/>\n\n`,
    );
  });

  it('puts the banner after the lead image and before the body', () => {
    const lead = page.indexOf('</div></div><hr/>');
    const banner = page.indexOf(seedBanner);
    const body = page.indexOf('【大纪元2023年03月21日讯】');
    expect(lead).toBeGreaterThan(0);
    expect(banner).toBeGreaterThan(lead);
    expect(body).toBeGreaterThan(banner);
  });

  it('renders the body as Markdown: CJK without invented spaces, tag links as plain text, headings demoted', () => {
    expect(page).toContain('在俄罗斯入侵乌克兰一年多之后，习近平出访俄罗斯，西方官员在密切关注中俄关系，以了解北京的真实意图和立场。');
    expect(page).not.toContain('/gb/tag/');
    expect(page).toContain('\n###### 普京想从中国得到什么？\n');
    expect(page).not.toMatch(/<p>|<ok|<a href="https:\/\/www.epochtimes/);
    const body = page.slice(page.indexOf('【大纪元'), page.indexOf('\n<hr/>\n'));
    // The one space between CJK characters is the source's own, in a heading.
    expect(cjkSpaces(body)).toEqual(['益 矛']);
    expect(missingTokens(seedBody, body)).toEqual([]);
  });

  it('ends with the share block, rule, footer and analytics pixel exactly as the reference', () => {
    const tail = seed.slice(seed.indexOf('<hr/>\n手机上'));
    expect(page.endsWith(`${tail}\n`)).toBe(true);
  });

  it('is byte-identical on a second render', () => {
    expect(renderPage(article, ctx)).toBe(page);
  });
});

describe('renderPage options', () => {
  const plain = makeConfig(`site:\n  header: "#### [首页](README.md) | [索引](indexes/) | [外站](https://example.org/x)"\n  footer: "[首页](README.md)"\n`);
  const p = 'pages/nsc413/a1.md';
  const base = { config: plain, channel: plain.channels[0]!, path: p, publicUrl: 'https://github.com/o/r/blob/main/pages/nsc413/a1.md', qrSrc: 'a1.md.png', unlink: [] };
  const a: Article = { id: 'a1', channel: 'nsc413', url: 'https://e.com/a?x=1&y=2', title: 'T', html: '<p>文</p>' };

  it('rewrites repo-relative menu links relative to the page folder, absolute ones untouched', () => {
    const page = renderPage(a, base);
    expect(page).toContain('#### [首页](../../README.md) | [索引](../../indexes/) | [外站](https://example.org/x)');
    expect(page).toContain(`${RULE}\n[首页](../../README.md)\n`);
  });

  it('has no analytics pixel unless configured, and no lead block without a lead image', () => {
    const page = renderPage(a, base);
    expect(page).not.toContain("width='0px'");
    expect(page).not.toContain('<div><img');
    expect(page).toContain("<a href='https://github.com/o/r/blob/main/pages/nsc413/a1.md'><img src='a1.md.png'/></a> <br/>");
    expect(page).toContain('原文地址（需翻墙访问）：https://e.com/a?x=1&amp;y=2\n');
  });

  it('fills analytics placeholders', () => {
    const c = makeConfig(`site:\n  analytics: "https://stats.example/p.gif?p={path}&c={channel}&i={id}&u={url}"\n`);
    const page = renderPage(a, { ...base, config: c });
    expect(page).toContain(
      "<img src='https://stats.example/p.gif?p=pages/nsc413/a1.md&amp;c=nsc413&amp;i=a1&amp;u=https%3A%2F%2Fgithub.com%2Fo%2Fr%2Fblob%2Fmain%2Fpages%2Fnsc413%2Fa1.md' width='0px' height='0px'/>",
    );
  });

  it('shows the published date under the title, in UTC', () => {
    const page = renderPage({ ...a, published: '2023-03-21T02:30:00+08:00' }, base);
    expect(page).toContain(`### T\n${RULE}\n\n发布时间：2023-03-20 18:30 UTC\n\n`);
  });

  it('links mirrored articles relative to the page', () => {
    const page = renderPage({ ...a, html: '<p><a href="https://e.com/b">另一篇</a></p>' }, { ...base, resolveLink: (u) => (u === 'https://e.com/b' ? 'pages/world/b.md' : undefined) });
    expect(page).toContain('[另一篇](../world/b.md)');
  });

  it('uses the locale labels and config overrides', () => {
    const en = makeConfig('locale: en\n');
    expect(renderPage(a, { ...base, config: en })).toContain('Long-press to copy this link or the QR code and share the article: <br/>');
    const tw = makeConfig('locale: zh-TW\nsite:\n  labels:\n    original: "來源："\n');
    const page = renderPage(a, { ...base, config: tw });
    expect(page).toContain('手機上長按並複製下列連結或二維碼分享本文章：<br/>');
    expect(page).toContain('來源：https://e.com/a');
  });

  it('cannot be made to inject HTML through the title or caption', () => {
    const evil: Article = {
      ...a,
      title: `<script>alert('x')</script> "q" #`,
      lead: { src: 'https://i.example.com/a.jpg', caption: '<img src=x onerror=alert(1)>' },
    };
    const page = renderPage(evil, base);
    expect(page).not.toMatch(/(^|[^\\])<script>/m);
    expect(page.split('\n')[0]).toBe(`### \\<script>alert('x')\\</script> "q" \\#`);
    expect(page).toContain('<img alt="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;q&quot; #" src="https://i.example.com/a.jpg"/>');
    expect(page).toContain('\n &lt;img src=x onerror=alert(1)&gt;\n');
  });
});
