// The bundled demo news site: fictional articles written for this project,
// in the three shapes News Mirror reads (Atom, a GBK-encoded RSS feed with
// full text, an HTML listing whose bodies live on article pages).

export interface DemoArticle {
  slug: string;
  title: string;
  published: string;
  html: string;
}

export const worldArticles: DemoArticle[] = [
  {
    slug: 'harbour-bridge-reopens',
    title: 'Harbour bridge reopens after two years of repairs',
    published: '2026-11-20T08:30:00Z',
    html: `<figure><img src="/img/bridge.png" alt="The bridge at dawn"><figcaption>The repaired bridge at dawn. (Demo Photo Desk)</figcaption></figure>
<p>The city's harbour bridge reopened to traffic on Friday, two years after engineers found <em>corroded cables</em> under its deck.</p>
<h2>What changed</h2>
<p>Crews replaced 112 cables and resurfaced the deck. The toll stays at <strong>two dollars</strong>.</p>
<table><thead><tr><th>Year</th><th>Daily crossings</th></tr></thead>
<tbody><tr><td>2023</td><td>41,000</td></tr><tr><td>2026</td><td>45,500 (forecast)</td></tr></tbody></table>
<p>Read the <a href="/world/harbour-history.html">history of the harbour</a> or the <a href="/tag/transport">transport tag</a>.</p>
<script>trackReader()</script>`,
  },
  {
    slug: 'library-late-fees',
    title: 'Public libraries drop late fees for good',
    published: '2026-11-19T14:00:00Z',
    html: `<p>All forty branches of the public library will stop charging late fees from next month, the council said on Thursday.</p>
<p>Officials said the fees cost more to collect than they brought in, and kept young readers away.</p>
<blockquote><p>"A book on a shelf helps no one," the head librarian said.</p></blockquote>
<ul><li>Overdue notices continue by e-mail.</li><li>Lost books are still charged.</li></ul>`,
  },
  {
    slug: 'night-trains-return',
    title: 'Night trains return to the northern line',
    published: '2026-11-18T21:15:00Z',
    html: `<p>Sleeper services between the capital and the northern coast will run again from March, the rail operator announced.</p>
<p>Tickets go on sale in January. A couchette costs <b>49</b> euros; a private cabin from 120.</p>
<img src="/img/pixel.gif" width="1" height="1">`,
  },
];

export const chinaArticles: DemoArticle[] = [
  {
    slug: 'n10000001',
    title: '山区小学通上高速网络 学生首次上网课',
    published: '2026-11-21T02:00:00Z',
    html: `<p>
 【示例新闻2026年11月21日讯】位于西部山区的一所小学本周接入了
 <a href="/gb/tag/教育.html">教育</a>
 专网，全校一百二十名学生第一次在教室里上了网课。
</p>
<p>校长说：“孩子们<strong>“第一次”</strong>看到了海边学校的同学。”</p>
<h2>接下来的计划</h2>
<p>当地计划明年再为十所学校接入网络，资金来自
 <a href="/gb/tag/公益.html">公益</a>
 基金。</p>
<figure><img data-src="/img/school.png" src="/img/blank.gif" alt="学生上网课"><figcaption>学生们在上第一节网课。（示例图片）</figcaption></figure>
<p>责任编辑：示例编辑</p>`,
  },
  {
    slug: 'n10000002',
    title: '老城区改造方案公布 居民可在线提意见',
    published: '2026-11-20T09:30:00Z',
    html: `<p>市政府周五公布了老城区改造方案，居民可以在三十天内通过网站提交意见。</p>
<p>方案包括：</p>
<ol><li>修缮一百座老房子；</li><li>新建两座公园；</li><li>拓宽三条街道。</li></ol>
<p>详情见<a href="/gb/26/11/21/n10000001.htm">山区小学新闻</a>（示例链接）。</p>`,
  },
];

export const techArticles: DemoArticle[] = [
  {
    slug: 'open-source-weather-model',
    title: 'University releases an open-source weather model',
    published: '2026-11-22T10:00:00Z',
    html: `<p>Researchers published the code and training data of a regional weather model under an open licence on Monday.</p>
<p>The model runs on a single workstation and forecasts rain six hours ahead.</p>
<h3>How to try it</h3>
<pre><code>pip install demo-weather
demo-weather --region north</code></pre>`,
  },
  {
    slug: 'solar-roofs-record',
    title: 'Solar roofs set a record in October',
    published: '2026-11-21T16:45:00Z',
    html: `<p>Rooftop panels covered a record share of the grid's demand in October, the grid operator reported.</p>
<p><img data-original="/img/roofs.png" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Roofs with panels"></p>
<p>The operator expects the share to fall again in winter.</p>`,
  },
];
