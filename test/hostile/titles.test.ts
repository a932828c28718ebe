// Titles written to inject Markdown or HTML: they render as the same text,
// inert, on the article page, the channel index and the home page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { HOME_MARKER } from '../../src/render/home.js';
import { activeContent, config, markdownFiles, run } from './harness.js';
import { tempDir } from '../helpers/temp-dir.js';

const TITLES = [
  '<img src=x onerror=alert(1)>',
  'Click [here](javascript:alert(1))',
  'Broken ](javascript:alert(2)) link',
  'First line\n# Injected heading\n\n- injected item',
  '<script>alert(3)</script> scripted',
  '[![x](javascript:alert(4))](javascript:alert(5))',
  '<a href="javascript:alert(6)">anchor</a>',
  '<javascript:alert(7)>',
  '| a | b |\n|---|---|\n| c | d |',
  '**bold** _em_ `code` ~~strike~~ #hash',
  '<!-- comment --> <details open ontoggle=alert(8)>',
  '&lt;img src=x onerror=alert(9)&gt; &#60;b&#62;',
];

let site: FixtureSite;

/** An RSS item whose title text is `t` (escaped once, as XML text, so the title the feed means is exactly `t`). */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

beforeAll(async () => {
  site = await startFixtureSite();
  const o = site.origin;
  const items = TITLES.map(
    (t, i) =>
      `<item><title>${esc(t)}</title><link>${o}/t/n${i}.html</link><pubDate>${new Date(Date.UTC(2026, 4, 1 + i)).toUTCString()}</pubDate>` +
      `<description>&lt;p&gt;Body of item ${i}.&lt;/p&gt;</description></item>`,
  );
  site.set('/titles.xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>${o}/</link><description>d</description>${items.join('\n')}</channel></rss>`);
});
afterAll(() => site.close());

/** Lines that start a Markdown block a title could have injected (headings, list items, quotes, tables). */
function blockStarts(md: string): string[] {
  return md.split('\n').filter((l) => /^\s{0,3}(#{1,6}\s|[-+*]\s|>|\|)/.test(l));
}

describe('titles with Markdown or HTML injection render inert', () => {
  it('on the page, the channel index and the home page', async () => {
    const dir = tempDir('nm-hostile-titles-');
    const { summary } = await run(config(`  - { id: t, title: "Titles <b onmouseover=alert(0)>", source: { type: feed, url: "${site.url('/titles.xml')}" }, body: feed }`), dir);
    expect(summary.channels[0]).toMatchObject({ new: TITLES.length });
    const files = await markdownFiles(dir);
    const index = files.get('indexes/t.md')!;
    const home = files.get('README.md')!;
    expect(index).toBeDefined();
    expect(home).toBeDefined();

    for (const [path, md] of files) {
      expect(activeContent(md), path).toEqual([]);
      // No raw tag a title brought (the template's own tags are hr, br, a, img, div).
      const tags = [...md.matchAll(/(?<!\\)<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase());
      expect(tags.filter((t) => !['hr', 'br', 'a', 'img', 'div'].includes(t)), path).toEqual([]);
      // The template's own comments (the home page's ownership marker, body markers, lead record) are whole lines of their own; no other may appear.
      const withoutMarkers = (path === 'README.md' ? md.replace(`${HOME_MARKER}\n`, '') : md).replace(/^<!-- news-mirror:(body:start|body:end|lead [^\n]*) -->$/gm, '');
      expect(withoutMarkers, path).not.toMatch(/(?<!\\)<!--/);
    }

    for (let i = 0; i < TITLES.length; i++) {
      const page = files.get(`pages/t/n${i}.md`)!;
      expect(page, `page ${i}`).toBeDefined();
      // The title is one line: the "### " heading, with no block a newline in the title could start.
      const first = page.split('\n')[0]!;
      expect(first.startsWith('### '), `page ${i}`).toBe(true);
      expect(blockStarts(page).filter((l) => l !== first && !l.startsWith('#### ')), `page ${i}`).toEqual([]);
      expect(page).toContain(`Body of item ${i}.`);
    }
    // The index and the home list each article once, as one list line with one link to its page.
    for (const [name, md, prefix] of [['index', index, '../pages/t/'], ['home', home, 'pages/t/']] as const) {
      for (let i = 0; i < TITLES.length; i++) {
        const lines = md.split('\n').filter((l) => l.includes(`](${prefix}n${i}.md)`));
        expect(lines, `${name} line of title ${i}`).toHaveLength(1);
        expect(lines[0]!.startsWith('- '), name).toBe(true);
      }
      // Headings: the site's or channel's, the template's sections; none from a title.
      expect(blockStarts(md).filter((l) => /^\s*(#+\s*Injected|[-+*]\s+injected item)/.test(l)), name).toEqual([]);
    }
    // Title text that was text stays visible, escaped: the reader sees what the feed wrote.
    expect(index).toContain('\\<img src=x onerror=alert(9)>');
    expect(index).toContain('Click \\[here\\](javascript:alert(1))');
    // A table in a title is not a table anywhere.
    for (const [path, md] of files) expect(md.split('\n').some((l) => /^\s*\|?\s*-{3}\s*\|/.test(l)), path).toBe(false);
  });
});
