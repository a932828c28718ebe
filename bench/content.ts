// Deterministic inputs for the benchmark: feeds that name article pages, and
// article pages shaped like a real news site's (navigation, scripts, a body
// with links and lazy images, related blocks, a sidebar), so extraction and
// cleaning do realistic work. Same numbers in, same bytes out.

export const ARTICLE_SELECT = 'div.post_content';
export const ARTICLE_REMOVE = ['.post_related', '.print_link'];

/** URL path of article `n` of a channel (the id the mirror derives is `a<n>`). */
export const articlePath = (channel: string, n: number) => `/${channel}/2026/${n}/a${n}.html`;
export const feedPath = (channel: string) => `/${channel}/feed.xml`;

/** Publication date of article `n`: later n is newer, one minute apart. */
export function publishedOf(n: number): string {
  return new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString().replace('.000Z', 'Z');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const titleOf = (channel: string, n: number) => `${channel} 第${n}号新闻：城市“新”变化 & more`;

/** RSS 2.0 listing articles first..first+count-1, newest first, with a summary only (body: page). */
export function feedXml(origin: string, channel: string, first: number, count: number): string {
  const items: string[] = [];
  for (let n = first + count - 1; n >= first; n--) {
    const url = `${origin}${articlePath(channel, n)}`;
    items.push(`<item>
  <title>${esc(titleOf(channel, n))}</title>
  <link>${esc(url)}</link>
  <guid>${esc(url)}</guid>
  <pubDate>${new Date(publishedOf(n)).toUTCString()}</pubDate>
  <description>第${n}篇示例文章的摘要，讲述城市的变化。</description>
</item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Bench ${channel}</title><link>${origin}/${channel}/</link><description>bench</description>
${items.join('\n')}
</channel></rss>
`;
}

const PARAGRAPH =
  '记者走访了城市的多个街区，发现老旧小区改造之后，居民的生活条件明显改善。一位居民表示，过去每逢下雨，楼道里就会积水，如今排水系统更新，' +
  'The council said the works would continue through the spring, with the next phase covering the riverside district and its markets. ';

/** A full article page, about 30 KB, the body inside `div.post_content`. */
export function articleHtml(origin: string, channel: string, n: number): string {
  const nav = Array.from({ length: 40 }, (_, i) => `<li><a href="/section/${i}/">栏目${i}</a></li>`).join('');
  const side = Array.from({ length: 30 }, (_, i) => `<li><a href="${articlePath(channel, Math.max(1, n - i - 1))}">热门文章 ${i}：一个较长的标题用来占位</a></li>`).join('');
  const body: string[] = [];
  for (let p = 0; p < 12; p++) {
    body.push(`<p>${PARAGRAPH}<a href="/tag/${p}.html">标签${p}</a> ${PARAGRAPH.slice(0, 60 + p * 5)}</p>`);
    if (p === 3) body.push(`<p><img data-src="images/${n}-2.jpg" src="/img/blank.gif" alt="配图"></p>`);
    if (p === 6) body.push(`<h2>小标题 ${p}</h2><table><tr><th>项目</th><th>数值</th></tr><tr><td>投资</td><td>${n} 亿元</td></tr></table>`);
    if (p === 8) body.push(`<div class="post_related"><h3>相关新闻</h3><ul>${side.slice(0, 600)}</ul></div><script>track(${n})</script>`);
  }
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${esc(titleOf(channel, n))} | Bench News</title>
<meta property="og:title" content="${esc(titleOf(channel, n))}">
<meta property="og:image" content="/media/${channel}-${n}-1200.jpg">
<meta property="article:published_time" content="${publishedOf(n)}">
<script>${'window.ads=window.ads||[];ads.push({slot:"top",size:[728,90]});'.repeat(60)}</script>
<style>${'body{font-family:serif}.nav li{display:inline}'.repeat(40)}</style>
</head><body>
<header><ul class="nav">${nav}</ul></header>
<main><article><h1>${esc(titleOf(channel, n))}</h1>
<div class="post_content">
<figure><img src="/media/${channel}-${n}-600.jpg" alt="现场"><figcaption>第${n}篇的现场图片。</figcaption></figure>
${body.join('\n')}
<div class="print_link"><a href="javascript:window.print()">打印</a></div>
</div></article></main>
<aside><h2>热门</h2><ol>${side}</ol></aside>
<footer>Copyright Bench News. <a href="/privacy" onclick="track()">Privacy</a></footer>
</body></html>
`;
}
