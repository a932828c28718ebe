import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { bestSrcsetCandidate, cleanHtml } from '../../src/articles/clean.js';

const BASE = 'https://www.example.org/gb/24/1/2/n100.htm';
const fixture = readFileSync(join(import.meta.dirname, '../fixtures/articles/lazy-and-junk.html'), 'utf8');

/** Every tag name and attribute in the output, for "none of the active content" checks. */
function inventory(html: string): { tags: Set<string>; attrs: string[]; urls: string[] } {
  const $ = load(html, null, false);
  const tags = new Set<string>();
  const attrs: string[] = [];
  const urls: string[] = [];
  $('*').each((_, el) => {
    if (el.type !== 'tag' && el.type !== 'script' && el.type !== 'style') return;
    tags.add(el.name);
    for (const [k, v] of Object.entries(el.attribs)) {
      attrs.push(k);
      if (k === 'href' || k === 'src' || k === 'cite') urls.push(v);
    }
  });
  return { tags, attrs, urls };
}

const ACTIVE_TAGS = ['script', 'style', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'svg', 'base', 'link', 'meta', 'noscript', 'template', 'canvas', 'math'];

function expectInert(html: string): void {
  const { tags, attrs, urls } = inventory(html);
  for (const t of ACTIVE_TAGS) expect(tags.has(t), `<${t}> left in output`).toBe(false);
  expect(attrs.filter((a) => a.startsWith('on') || a === 'style' || a === 'srcdoc' || a === 'formaction')).toEqual([]);
  for (const u of urls) {
    expect(u, 'URL scheme').toMatch(/^(https?:|mailto:|data:image\/(png|jpeg|gif|webp)[;,])/);
  }
  expect(html).not.toMatch(/<!--/);
}

describe('cleanHtml on a CMS body', () => {
  const out = cleanHtml(fixture, BASE, { remove: ['.share-bar', '.post_related'] });
  const $ = load(out, null, false);

  it('keeps the text', () => {
    expect($.text()).toContain('First paragraph with a tag link and a fake link.');
    expect($.text()).toContain('The caption of the photo.');
    expect($.text()).toContain('Last paragraph, 中文内容保留。');
  });

  it('drops active content, hidden elements and the configured blocks', () => {
    expectInert(out);
    for (const gone of ['alert', 'color: red', 'Hidden text', 'Also hidden', 'icon text', 'Tweet', 'Related story', 'Subscribe']) {
      expect(out).not.toContain(gone);
    }
  });

  it('makes links absolute and unwraps javascript: links', () => {
    expect($('a').first().attr('href')).toBe('https://www.example.org/gb/tag/topic.html');
    expect($('a').length).toBe(1);
  });

  it('resolves lazy images to their real, absolute URLs', () => {
    const srcs = $('img').map((_, el) => $(el).attr('src')).get();
    expect(srcs).toEqual([
      'https://www.example.org/uploads/2024/photo-600x400.jpg',
      'https://www.example.org/img/b-1200.jpg',
      'https://www.example.org/img/real-c.jpg',
      'https://cdn.example.net/d@2x.jpg',
      'https://img.example.org/e.jpg',
    ]);
    expect($('img').first().attr('alt')).toBe('A photo');
    expect($('img[width], img[height], img[srcset], img[data-src]').length).toBe(0);
  });

  it('drops tracking pixels and collapses emptied wrappers', () => {
    expect(out).not.toContain('track.example.com');
    expect(out).not.toMatch(/<div>\s*<div>\s*<span><\/span>/);
    expect(out).not.toMatch(/<(div|p|span)>\s*<\/\1>/);
  });
});

describe('cleanHtml details', () => {
  it('ignores a <base> in the content', () => {
    const out = cleanHtml('<base href="https://evil.example/"><p><a href="x.html">x</a></p>', BASE);
    expect(load(out, null, false)('a').attr('href')).toBe('https://www.example.org/gb/24/1/2/x.html');
  });

  it('keeps data: images of safe types only', () => {
    const png = 'data:image/png;base64,' + 'iVBORw0KGgo'.repeat(30);
    const out = cleanHtml(
      `<p>t</p><img src="${png}"><img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Pg=="><img src="data:text/html,<script>alert(1)</script>"><a href="data:text/html,x">d</a>`,
      BASE,
    );
    const $ = load(out, null, false);
    expect($('img').map((_, e) => $(e).attr('src')).get()).toEqual([png]);
    expect($('a').length).toBe(0);
    expect($.text()).toContain('d');
  });

  it('drops javascript:, vbscript: and obfuscated schemes', () => {
    const inputs = [
      '<a href="java&#x09;script:alert(1)">a</a>',
      '<a href="&#106;avascript:alert(1)">b</a>',
      '<a href=" JAVASCRIPT:alert(1)">c</a>',
      '<a href="java\nscript:alert(1)">d</a>',
      '<a href="vbscript:msgbox(1)">e</a>',
      '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">f</a>',
      '<img src="javascript:alert(1)">',
      '<a href="\u0001javascript:alert(1)">g</a>',
    ];
    for (const input of inputs) {
      const out = cleanHtml(`<p>${input}</p>`, BASE);
      expectInert(out);
      expect(out.toLowerCase(), input).not.toMatch(/script:|vbscript/);
    }
  });

  it('drops event handlers, styles and svg with script', () => {
    const out = cleanHtml(
      '<p onclick="x()" style="color:red" onmouseover="y()">text</p><svg><script>alert(1)</script><foreignObject><p>f</p></foreignObject></svg><img src="a.jpg" onerror="alert(1)"><math><mi xlink:href="javascript:alert(1)">m</mi></math>',
      BASE,
    );
    expectInert(out);
    expect(out).toContain('text');
    expect(out).not.toContain('alert');
  });

  it('keeps table structure and cell spans', () => {
    const out = cleanHtml('<table><tr><th colspan="2" style="x">H</th></tr><tr><td>1</td><td></td></tr></table>', BASE);
    expect(out).toContain('<th colspan="2">H</th>');
    expect(out).toContain('<td></td>');
  });

  it('unwraps a whole-page input to its content', () => {
    const out = cleanHtml('<html><head><title>T</title><meta charset="x"></head><body><p>Body</p></body></html>', BASE);
    expect(out).toBe('<p>Body</p>');
  });

  it('rejects an invalid remove selector with a clear message', () => {
    expect(() => cleanHtml('<p>x</p>', BASE, { remove: ['div[['] })).toThrow(/invalid CSS selector "div\[\["/);
  });

  it('picks the largest srcset candidate', () => {
    expect(bestSrcsetCandidate('a.jpg 1x,b.jpg 2x')).toBe('b.jpg');
    expect(bestSrcsetCandidate('a.jpg 100w, b.jpg 800w, c.jpg 400w')).toBe('b.jpg');
    expect(bestSrcsetCandidate('only.jpg')).toBe('only.jpg');
    expect(bestSrcsetCandidate('')).toBeUndefined();
  });
});

describe('cleanHtml on hostile input (completes, output inert)', () => {
  it('100,000 nested divs', () => {
    const n = 100_000;
    const html = '<div>'.repeat(n) + 'deep text<script>alert(1)</script><img src="x.jpg" onerror="alert(2)">' + '</div>'.repeat(n);
    const out = cleanHtml(html, BASE);
    expectInert(out);
    expect(out).toContain('deep text');
    expect(out).toContain('https://www.example.org/gb/24/1/2/x.jpg');
    expect(out).not.toContain('alert');
  });

  it('1,000,000 nested divs (5 MB, under a typical size cap)', () => {
    const n = 1_000_000;
    const out = cleanHtml('<div>'.repeat(n) + '<p>bottom</p><script>alert(1)</script>' + '</div>'.repeat(n), BASE);
    expectInert(out);
    expect(out).toContain('bottom');
    expect(out).not.toContain('alert');
  });

  it('100,000 unclosed nested elements', () => {
    const out = cleanHtml('<span><b>'.repeat(50_000) + 'x<script>alert(1)</script>', BASE);
    expectInert(out);
    expect(out).toContain('x');
  });

  it('a 10 MB single line', () => {
    const line = '<p>' + 'word <a href="javascript:alert(1)" onclick="x">l</a> '.repeat(200_000) + '</p>';
    expect(line.length).toBeGreaterThan(10_000_000);
    const out = cleanHtml(line, BASE);
    expectInert(out);
    expect(out).not.toContain('javascript');
    expect(out.split('word').length - 1).toBe(200_000);
  });

  it('a 10 MB line of text with no tags', () => {
    const out = cleanHtml('x'.repeat(10_000_000), BASE);
    expect(out.length).toBe(10_000_000);
  });

  it('malformed markup', () => {
    const inputs = [
      '<scr<script>ipt>alert(1)</script>',
      '<<script>script>alert(1)<</script>/script>',
      '<img src=x onerror=alert(1)//',
      '<a href="https://ok.example/"<script>alert(1)</script>',
      '<!--<script>alert(1)</script>-->',
      '<![CDATA[<script>alert(1)</script>]]>',
      '<style><img src=x onerror=alert(1)></style>',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
      '<svg><script>alert(1)</script></svg>',
      '<template><script>alert(1)</script></template>',
      '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
      '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    ];
    for (const input of inputs) {
      const out = cleanHtml(input, BASE);
      expectInert(out);
      const $ = load(out, null, false);
      expect($('script').length, input).toBe(0);
      expect(out, input).not.toMatch(/onerror|<script/i);
    }
  });
});
