import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import iconv from 'iconv-lite';
import QRCode from 'qrcode';
import { chinaArticles, techArticles, worldArticles, type DemoArticle } from './content.js';

export interface DemoSite {
  origin: string;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function atomFeed(origin: string): string {
  const entries = worldArticles
    .map(
      (a) => `  <entry>
    <title>${esc(a.title)}</title>
    <id>${origin}/world/${a.slug}.html</id>
    <link rel="alternate" href="/world/${a.slug}.html"/>
    <published>${a.published}</published>
    <updated>${a.published}</updated>
    <content type="html">${esc(a.html)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${origin}/">
  <title>Demo World News</title>
  <id>${origin}/world/</id>
  <updated>${worldArticles[0]!.published}</updated>
${entries}
</feed>
`;
}

/** RSS 2.0 with full text in content:encoded, encoded as GBK and declared only in the HTTP header. */
function gbkFeed(origin: string): Buffer {
  const items = chinaArticles
    .map(
      (a) => `<item>
<title>${esc(a.title)}</title>
<link>${origin}/gb/26/11/21/${a.slug}.htm</link>
<pubDate>${new Date(a.published).toUTCString()}</pubDate>
<description>${esc(a.html.replace(/<[^>]+>/g, '').slice(0, 60))}</description>
<content:encoded><![CDATA[${a.html}]]></content:encoded>
</item>`,
    )
    .join('\n');
  const xml = `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>示例新闻 大陆频道</title>
<link>${origin}/gb/</link>
<description>示例新闻网</description>
${items}
</channel>
</rss>
`;
  return iconv.encode(xml, 'gbk');
}

function listingPage(): string {
  const items = techArticles
    .map(
      (a) => `<div class="story"><a class="headline" href="/tech/${a.slug}.html">${esc(a.title)}</a>
<time datetime="${a.published}">${a.published.slice(0, 10)}</time></div>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Demo Tech</title></head>
<body><nav><a href="/">Home</a></nav><main>${items}</main><footer>Demo footer</footer></body></html>`;
}

function articlePage(a: DemoArticle): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(a.title)} | Demo Tech</title>
<meta property="og:title" content="${esc(a.title)}">
<meta property="article:published_time" content="${a.published}">
</head><body><nav><a href="/">Home</a> <a href="/tech/">Tech</a></nav>
<article><h1>${esc(a.title)}</h1>
<div class="story-body">${a.html}
<div class="share-bar"><a href="javascript:share()">Share</a></div>
<aside class="related"><a href="/tech/other.html">Related: other story</a></aside>
</div></article>
<div class="ad">Advertisement</div><script>track()</script></body></html>`;
}

export const DEMO_PORT = 47_931;

/** Starts the demo site on 127.0.0.1 (DEMO_PORT when free, unless anyPortIfBusy is false). */
export async function startDemoSite(port = DEMO_PORT, opts: { anyPortIfBusy?: boolean } = {}): Promise<DemoSite> {
  const anyPortIfBusy = opts.anyPortIfBusy ?? true;
  const png = await QRCode.toBuffer('News Mirror demo image', { type: 'png', margin: 1, scale: 4 });
  const gif = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64');
  const routes = new Map<string, { type: string; body: string | Buffer }>();
  let origin = '';
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': route.type });
    res.end(route.body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A fixed port keeps the articles' URLs the same from one demo run to the next,
  // so a second run finds nothing new; a busy port falls back to any free one.
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EADDRINUSE' || port === 0 || !anyPortIfBusy) return reject(e);
      server.listen(0, '127.0.0.1', resolve);
    });
    server.listen(port, '127.0.0.1', resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  routes.set('/world/atom.xml', { type: 'application/atom+xml; charset=utf-8', body: atomFeed(origin) });
  routes.set('/gb/china.xml', { type: 'application/rss+xml; charset=GBK', body: gbkFeed(origin) });
  routes.set('/tech/', { type: 'text/html; charset=utf-8', body: listingPage() });
  for (const a of techArticles) routes.set(`/tech/${a.slug}.html`, { type: 'text/html; charset=utf-8', body: articlePage(a) });
  for (const name of ['bridge', 'school', 'roofs']) routes.set(`/img/${name}.png`, { type: 'image/png', body: png });
  routes.set('/img/blank.gif', { type: 'image/gif', body: gif });
  routes.set('/img/pixel.gif', { type: 'image/gif', body: gif });

  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The demo mirror's config, pointing at the running demo site. */
export function demoConfig(origin: string): string {
  return `# The demo mirror: three channels of the bundled sample site.
locale: zh-CN
site:
  base-url: https://github.com/news-mirror/demo-mirror/blob/main
  title: News Mirror demo
  header: "#### [首页](README.md) &nbsp;|&nbsp; [索引](indexes/)"
  footer: "#### [首页](README.md)"
retention: 50
channels:
  - id: world
    title: World (Atom)
    source: { type: feed, url: "${origin}/world/atom.xml" }
    body: feed
    unlink: ["${origin}/tag/"]
  - id: china
    title: 大陆新闻 (GBK RSS)
    source: { type: feed, url: "${origin}/gb/china.xml" }
    body: feed
    unlink: ["/gb/tag/"]
  - id: tech
    title: Tech (HTML listing)
    source:
      type: html
      url: "${origin}/tech/"
      item: "div.story"
      link: "a.headline"
      date: "time"
    body: page
    page:
      select: "div.story-body"
      remove: [".share-bar", ".related"]
`;
}
