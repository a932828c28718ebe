import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '../../src/render/markdown.js';
import { cjkSpaces, missingTokens, strongSpans } from './helpers.js';

const md = (html: string, opts: Parameters<typeof htmlToMarkdown>[1] = { unlink: [] }) => htmlToMarkdown(html, opts);

describe('htmlToMarkdown', () => {
  it('demotes sub-headings below the page title, as ATX', () => {
    const out = md('<h1>一</h1><h2>二</h2><h3>三</h3><h4>四</h4><h6>六</h6>');
    expect(out.split('\n\n')).toEqual(['#### 一', '#### 二', '##### 三', '###### 四', '###### 六']);
  });

  it('drops scripts, styles and noscript text', () => {
    const out = md('<p>正文</p><script>var x = "脚本";</script><style>p{color:red}</style><noscript>请启用</noscript>');
    expect(out).toBe('正文');
  });

  it('invents no spaces between CJK characters split by source line breaks', () => {
    const html = '<p>\n 在俄罗斯入侵乌克兰一年多之后，\n <a href="https://www.epochtimes.com/gb/tag/x.html">\n  习近平\n </a>\n 出访俄罗斯\n</p>';
    const out = md(html, { unlink: ['/gb/tag/'] });
    expect(out).toBe('在俄罗斯入侵乌克兰一年多之后，习近平出访俄罗斯');
  });

  it('keeps the spaces between Latin words and around mixed text', () => {
    const out = md('<p>The quick\n  brown <b>fox</b>\njumps. 学者 N. S. Lyons（以下简称里昂）\n说</p>');
    expect(out).toBe('The quick brown **fox** jumps. 学者 N. S. Lyons（以下简称里昂）说');
  });

  it('keeps emphasis next to CJK punctuation visible as emphasis', () => {
    const out = md('<p>前文<strong>“重点”</strong>后文，<b>重点</b>后文，<em>“强调”</em>之后</p>');
    // Either form GitHub renders: strict CommonMark spans, or HTML tags.
    const strong = [...strongSpans(out), ...[...out.matchAll(/<strong>(.*?)<\/strong>/g)].map((m) => m[1])];
    expect(strong).toContain('“重点”');
    expect(strong).toContain('重点');
    expect(out).toContain('<em>“强调”</em>');
    expect(out).not.toContain('**“重点”**后');
  });

  it('keeps emphasis ending or starting on a symbol such as ℃ visible', () => {
    expect(md('<p>气温<strong>25℃</strong>以上，<b>℃</b>是单位；<em>约30℃</em>左右</p>')).toBe('气温<strong>25℃</strong>以上，<strong>℃</strong>是单位；<em>约30℃</em>左右');
  });

  it('joins lines next to the quotes, ellipses and dashes Chinese text uses, and only there', () => {
    expect(md('<p>他说\n“你好”\n。然后\n……\n了\n——结束</p>')).toBe('他说“你好”。然后……了——结束');
    expect(md('<p>他说\n‘好’\n。</p>')).toBe('他说‘好’。');
    expect(md('<p>He said\n“hi”\nand left…\nthen — back</p>')).toBe('He said “hi” and left… then — back');
  });

  it('renders unlinked (tag) links as plain text and other links as links', () => {
    const out = md(
      '<p><a href="https://www.epochtimes.com/gb/tag/%E6%99%AE%E4%BA%AC.html">普京</a>与<a href="https://example.org/a">外链</a>；<a href="https://x.org/topic/1">话题</a></p>',
      { unlink: ['www.epochtimes.com/gb/tag/', '/x\\.org\\/topic/i'] },
    );
    expect(out).toBe('普京与[外链](https://example.org/a)；话题');
  });

  it('points links to mirrored articles at their repository copy', () => {
    const out = md('<p><a href="https://www.epochtimes.com/gb/23/3/21/n1.htm">另一篇</a></p>', {
      unlink: [],
      resolveLink: (u) => (u.endsWith('/n1.htm') ? 'n1.md' : undefined),
    });
    expect(out).toBe('[另一篇](n1.md)');
  });

  it('drops links that lead nowhere from the mirror, keeping their text', () => {
    expect(md('<p><a href="javascript:alert(1)">点</a><a href="#top">顶部</a><a>无</a></p>')).toBe('点顶部无');
  });

  it('renders images and figures with their captions in italics below', () => {
    const out = md('<figure><figcaption>图：普京与习近平</figcaption><img src="https://i.example.com/a b.jpg" alt="会见 [1]"></figure><p>后文</p>');
    expect(out).toBe('![会见 \\[1\\]](<https://i.example.com/a b.jpg>)\n\n*图：普京与习近平*\n\n后文');
  });

  it('treats WordPress caption blocks as figures', () => {
    const out = md('<div class="wp-caption"><img src="https://i.example.com/a.jpg" alt=""><p class="wp-caption-text">说明文字</p></div>');
    expect(out).toBe('![](https://i.example.com/a.jpg)\n\n*说明文字*');
  });

  it('keeps simple tables as GFM tables', () => {
    const out = md('<table><thead><tr><th>年份</th><th>贸易额</th></tr></thead><tbody><tr><td>2022</td><td>1902.71 | 亿</td></tr></tbody></table>');
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^\| 年份 +\| 贸易额 +\|$/);
    expect(lines[1]).toMatch(/^\| -+ \| -+ \|$/);
    expect(lines[2]).toContain('1902.71 \\| 亿');
  });

  it('keeps tables GFM cannot hold as clean one-block HTML', () => {
    const out = md(
      '<p>前</p><table class="x" style="color:red"><tr><th colspan="2" onclick="x()">标题</th></tr><tr><td>甲</td><td><ul><li>乙</li><li><a href="https://www.epochtimes.com/gb/tag/y.html">丙</a></li></ul></td></tr></table><p>后</p>',
      { unlink: ['/gb/tag/'] },
    );
    const parts = out.split('\n\n');
    expect(parts).toHaveLength(3);
    expect(parts[1]).toBe('<table><tbody><tr><th colspan="2">标题</th></tr><tr><td>甲</td><td><ul><li>乙</li><li>丙</li></ul></td></tr></tbody></table>');
  });

  it('escapes Markdown syntax in text without over-escaping', () => {
    const out = md('<p>2023. 年</p><p>中共国家统计局发布2022年度统计数据，年增幅达29.3%。1. 第一</p><p># 不是标题 *星号* [方括号] a_b _c_ &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;</p><p>- 不是列表</p>');
    const [p1, p2, p3, p4] = out.split('\n\n');
    expect(p1).toBe('2023\\. 年');
    expect(p2).toBe('中共国家统计局发布2022年度统计数据，年增幅达29.3%。1. 第一');
    expect(p3).toBe('\\# 不是标题 \\*星号\\* \\[方括号\\] a_b \\_c\\_ \\<script>alert(1)\\</script> \\&amp;');
    expect(p4).toBe('\\- 不是列表');
  });

  it('loses none of the text of a mixed article', () => {
    const html = `<div><p>The <b>Kremlin</b> said on Monday (March 20) that talks were "warm".</p>
      <h2>背景：中俄关系</h2><p>中共国家统计局发布2022年度数据，<i>年增幅</i>达29.3%。</p>
      <ul><li>第一点</li><li>Second point</li></ul><blockquote><p>引用的话</p></blockquote>
      <table><tr><td rowspan="2">合并</td><td>单元</td></tr><tr><td>cell</td></tr></table>
      <figure><img src="https://i.example.com/p.jpg" alt="图"><figcaption>Photo by AFP 图片</figcaption></figure>
      <pre><code>code_block();</code></pre><p>结尾<sup>1</sup> <span>span text</span></p></div>`;
    const out = md(html);
    expect(missingTokens(html, out)).toEqual([]);
    expect(cjkSpaces(out)).toEqual([]);
  });
});
