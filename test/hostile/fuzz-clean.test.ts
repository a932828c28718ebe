// Fuzz: real article pages (test/fixtures/samples), mutated with a fixed seed --
// cut, ranges duplicated or deleted, hostile tags, unbalanced <div> runs,
// random bytes -- through extractBody + cleanHtml + htmlToMarkdown. Each case
// either yields inert output or fails with one of the documented clear
// errors; the test timeout bounds the whole run (a hang fails it).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { cleanHtml } from '../../src/articles/clean.js';
import { extractBody } from '../../src/articles/extract.js';
import { htmlToMarkdown } from '../../src/render/markdown.js';
import { activeContent } from './harness.js';
import { prng } from '../helpers/prng.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples/articles');
const PAGE_URL = 'https://news.example/2026/05/article.html';
const SEED = 0x5eed_2026;
const CASES = 300;
/** One case in this many runs Readability on the whole mutated page (the costly path); the rest use a selector on a slice. */
const READABILITY_EVERY = 10;


const HOSTILE = [
  '<script>alert("fz")</script>',
  '<script src="https://evil.invalid/x.js"></script>',
  '<scr<script>ipt>alert("fz")</script>',
  '<svg onload="alert(1)"><script>alert("fz")</script><a xlink:href="javascript:alert(1)">s</a></svg>',
  '<a href="javascript:alert(1)">js link</a>',
  '<a href="java&#x09;script:alert(1)">tab link</a>',
  '<a href="&#x6A;avascript:alert(1)">entity link</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
  '<img src="x.jpg" onerror="alert(1)">',
  '<img src=x onerror=alert(1)//',
  '<iframe src="https://evil.invalid/" srcdoc="<script>alert(1)</script>"></iframe>',
  '<style>*{background:url(javascript:alert(1))}</style>',
  '<base href="javascript:alert(1)//">',
  '<form action="https://evil.invalid/"><input name=p><button formaction="javascript:alert(1)">b</button></form>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
  '<p onclick="alert(1)" style="x:expression(alert(1))">p</p>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<template><script>alert(1)</script></template>',
  '<!--<script>alert(1)</script>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<table><tr><td colspan="2" onmouseover="alert(1)"><a href="vbscript:x">t</a></td></tr>',
  '</p></div></article></body></html>',
  '<article><p>',
  '<h2>',
  '<b><i>',
  '&',
  '<',
];

function mutate(src: string, rnd: () => number): string {
  let s = src;
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const at = () => Math.floor(rnd() * (s.length + 1));
  const n = 1 + Math.floor(rnd() * 10);
  for (let k = 0; k < n; k++) {
    const op = Math.floor(rnd() * 7);
    const i = at();
    if (op === 0) s = s.slice(0, i); // cut
    else if (op === 1) s = s.slice(0, i) + s.slice(i + Math.floor(rnd() * 2000)); // delete a range
    else if (op === 2) {
      const len = Math.floor(rnd() * 1500);
      s = s.slice(0, i) + s.slice(i, i + len).repeat(1 + Math.floor(rnd() * 4)) + s.slice(i + len); // duplicate a range
    } else if (op === 3 || op === 4) s = s.slice(0, i) + pick(HOSTILE) + s.slice(i); // hostile or broken markup
    else if (op === 5) s = s.slice(0, i) + (rnd() < 0.5 ? '<div>' : '</div>').repeat(1 + Math.floor(rnd() * 3000)) + s.slice(i); // unbalanced runs
    else {
      let bytes = '';
      for (let b = Math.floor(rnd() * 64); b > 0; b--) bytes += String.fromCharCode(Math.floor(rnd() * 0x3000));
      s = s.slice(0, i) + bytes + s.slice(i); // random characters, controls and NUL included
    }
  }
  return s;
}

/** The selector path takes the outermost blocks of the slice (a slice has no <body> of its own). */
const BLOCKS = 'body, article, section, div, p, table, ul, ol, h1, h2, h3, blockquote, figure, pre';

/** The clear errors extractBody documents; anything else is a crash. */
const CLEAR_ERRORS = [/readability found no article body/, /readability failed: /, /page\.select "[^"]*" matches nothing on the page/, /elements, too many to find the article in/];

const ACTIVE_TAGS = new Set(['script', 'style', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'svg', 'base', 'link', 'meta', 'noscript', 'template', 'math']);

/** What in the cleaned HTML could still act: active tags, handler/style attributes, non-web URLs. */
function activeInHtml(html: string): string[] {
  const found: string[] = [];
  const $ = load(html, null, false);
  $('*').each((_, el) => {
    if (el.type !== 'tag' && el.type !== 'script' && el.type !== 'style') return;
    if (ACTIVE_TAGS.has(el.name)) found.push(`<${el.name}>`);
    for (const [k, v] of Object.entries(el.attribs)) {
      if (/^on/i.test(k) || k === 'style' || k === 'srcdoc' || k === 'formaction') found.push(`${el.name}[${k}]`);
      if ((k === 'href' || k === 'src') && !/^(https?:|mailto:|data:image\/(png|jpeg|gif|webp)[;,])/i.test(v)) found.push(`${el.name}[${k}=${v.slice(0, 40)}]`);
    }
  });
  return found;
}

describe('fuzz: mutated real pages through extraction, cleaning and Markdown', () => {
  const names = readdirSync(SAMPLES).filter((d) => !d.startsWith('.')).sort();
  const pages = names.map((name) => ({ name, html: readFileSync(join(SAMPLES, name, 'source.html'), 'utf8') }));
  // The larger pages only now and then: Readability's cost grows with the page.
  const small = pages.filter((p) => p.html.length < 130_000);

  it(`${CASES} cases (seed ${SEED.toString(16)}): inert output or a clear error, never a crash`, () => {
    expect(small.length).toBeGreaterThanOrEqual(5);
    const rnd = prng(SEED);
    const outcomes = { ok: 0, clearError: 0, readability: 0 };
    for (let c = 0; c < CASES; c++) {
      const viaReadability = c % READABILITY_EVERY === 0;
      const page = viaReadability && c % (READABILITY_EVERY * 5) === 0 ? pages[Math.floor(rnd() * pages.length)]! : small[Math.floor(rnd() * small.length)]!;
      let input = page.html;
      if (!viaReadability) {
        // A slice of up to 40 KB keeps the selector path fast; the cut itself is a mutation.
        const start = Math.floor(rnd() * input.length);
        input = input.slice(start, start + 5_000 + Math.floor(rnd() * 35_000));
      }
      input = mutate(input, rnd);
      const label = `case ${c} (${page.name}, ${viaReadability ? 'readability' : 'selector'}, ${input.length} chars)`;
      let md: string;
      let cleaned: string;
      try {
        const extracted = extractBody(input, PAGE_URL, viaReadability ? { remove: [] } : { select: BLOCKS, remove: ['nav'] });
        cleaned = cleanHtml(extracted.html, PAGE_URL, { remove: ['.share', 'aside'] });
        md = htmlToMarkdown(cleaned, { unlink: ['/tag/'] });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (!(e instanceof Error) || !CLEAR_ERRORS.some((re) => re.test(message))) {
          throw new Error(`${label}: unexpected ${e instanceof Error ? e.stack : message}`);
        }
        outcomes.clearError++;
        continue;
      }
      if (viaReadability) outcomes.readability++;
      outcomes.ok++;
      expect(activeInHtml(cleaned), `${label}: cleaned HTML`).toEqual([]);
      expect(activeContent(md), `${label}: Markdown`).toEqual([]);
      expect(md, label).not.toMatch(/[\uE000-\uE00F]/); // the converter's placeholder marks never leak
      // Text is not checked for "alert(": a later mutation can split a hostile tag into plain, inert text.
    }
    // The mutations must leave most cases parseable, or the fuzzing tests nothing.
    expect(outcomes.ok, JSON.stringify(outcomes)).toBeGreaterThan(CASES * 0.7);
    expect(outcomes.readability, JSON.stringify(outcomes)).toBeGreaterThan(CASES / READABILITY_EVERY / 2);
  });
});
