// Input built to exhaust the stack or the heap: 100,000 levels of nesting (as
// a feed body, as an article page and as the feed's own XML) and a 10 MB
// single line as a feed body. Each run finishes (the test timeout is the bound) and every item is
// either written or skipped with a warning naming it; the other channels publish.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rss2 } from '../helpers/feeds.js';
import { activeContent, config, run, type Run } from './harness.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEPTH = 100_000;
const nested = (inner: string) => '<div>'.repeat(DEPTH) + inner + '</div>'.repeat(DEPTH);
/** About 10 MB on one line, no newline: `units` runs of `words` words, each run followed by bold text and a hostile link. */
const hugeLine = (units: number, words: number) =>
  '<p>' + ('word '.repeat(words) + '<b>bold</b> <a href="javascript:alert(1)" onclick="x()">l</a> ').repeat(units) + 'END-OF-LINE</p>';
/** 10 MB with 36,000 elements (36,000 bold runs, the case that was quadratic in the Markdown converter). */
const LINE = { units: 18_000, words: 100 };

let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite();
  const o = site.origin;
  const item = (ch: string, html: string) => rss2([{ url: `${o}/${ch}/a1.html`, title: `Item of ${ch}`, published: '2026-05-01T00:00:00Z', html }]);
  site.set('/deep-feed.xml', item('deep-feed', nested('<p>deep feed text</p><script>alert(1)</script>')));
  site.set('/line-feed.xml', item('line-feed', hugeLine(LINE.units, LINE.words)));
  // 100,000 nested XML elements inside an item: the feed parser's own stack.
  site.set(
    '/deep-xml.xml',
    `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>${o}/</link><description>d</description>` +
      `<item><title>Deep XML</title><link>${o}/deep-xml/a1.html</link><description>${'<x>'.repeat(DEPTH)}${'</x>'.repeat(DEPTH)}</description></item>` +
      `</channel></rss>`,
  );
  site.set('/deep-page.xml', item('deep-page', '<p>teaser</p>'));
  site.set('/deep-page/a1.html', `<html><body><div class="post">${nested('<p>deep page text</p><img src="x.jpg" onerror="alert(1)">')}</div></body></html>`);
  // More elements than Readability is run on (200,000), with no selector to say where the article is.
  site.set('/many-elems.xml', item('many-elems', '<p>teaser</p>'));
  site.set('/many-elems/a1.html', `<html><body><article><p>${'<i>x</i> '.repeat(210_000)}</p></article></body></html>`);
  site.set('/good.xml', item('good', '<p>Good body.</p>'));
});
afterAll(() => site.close());

async function mirror(ids: Array<[string, string]>): Promise<{ dir: string; r: Run }> {
  const dir = tempDir('nm-hostile-huge-');
  const channels = ids.map(([id, extra]) => `  - { id: ${id}, title: ${id}, source: { type: feed, url: "${site.url(`/${id}.xml`)}" }${extra} }`).join('\n');
  // The size cap is raised so the 10 MB bodies reach the parser and the cleaner. Retries as by
  // default: while one channel's cleaning holds the CPU for seconds, the fixture server (same
  // process) may close the idle keep-alive socket the next request goes out on (ECONNRESET).
  const r = await run(config(channels, 'retries: 2, timeout-ms: 30000, max-bytes: 30000000'), dir);
  return { dir, r };
}

/** The item is written with `text` in it, or skipped with a warning that names its URL. */
async function writtenOrSkipped(dir: string, r: Run, id: string, text: string): Promise<'written' | 'skipped' | 'channel failed'> {
  const c = r.summary.channels.find((x) => x.id === id)!;
  const url = site.url(`/${id}/a1.html`);
  if (c.error) {
    expect(r.logged.some((l) => l.startsWith(`channel ${id}: `)), `${id} reported`).toBe(true);
    return 'channel failed';
  }
  if (c.skipped.length > 0) {
    expect(c.skipped.map((k) => k.url)).toEqual([url]);
    // One warning for the channel's cause, naming the URL as its example.
    expect(r.logged.filter((l) => l.includes(`channel \`${id}\``) && l.includes(url)), `${id} warned`).toHaveLength(1);
    return 'skipped';
  }
  expect(c.new, id).toBe(1);
  const page = await readFile(join(dir, `pages/${id}/a1.md`), 'utf8');
  expect(page, id).toContain(text);
  expect(activeContent(page), id).toEqual([]);
  expect(page.toLowerCase()).not.toMatch(/alert|javascript|onclick|onerror/);
  return 'written';
}

describe('huge and deep input finishes', () => {
  it('100,000 levels of nesting in a feed body, an article page and the feed XML', async () => {
    const { dir, r } = await mirror([
      ['deep-feed', ', body: feed'],
      ['deep-page', ', body: page, page: { select: "div.post" }'],
      ['deep-xml', ', body: feed'],
      ['good', ''],
    ]);
    expect(r.summary.channels.find((c) => c.id === 'good')).toMatchObject({ new: 1 });
    // The cleaner flattens what is deeper than it walks, keeping the text: both bodies are written.
    expect(await writtenOrSkipped(dir, r, 'deep-feed', 'deep feed text')).toBe('written');
    expect(await writtenOrSkipped(dir, r, 'deep-page', 'deep page text')).toBe('written');
    // The XML parser refuses the nesting (reported, the run goes on), or the item has no text left
    // and, under `body: feed`, gets its page saying so.
    const deepXml = await writtenOrSkipped(dir, r, 'deep-xml', 'Deep XML');
    expect(['channel failed', 'written']).toContain(deepXml);
    if (deepXml === 'written') expect(await readFile(join(dir, 'pages/deep-xml/a1.md'), 'utf8')).toContain('来源未提供正文');
  });

  it('a 10 MB single line as a feed body', async () => {
    const { dir, r } = await mirror([
      ['line-feed', ', body: feed'],
      ['good', ''],
    ]);
    expect(r.summary.channels.find((c) => c.id === 'good')).toMatchObject({ new: 1 });
    for (const [id, line] of [['line-feed', LINE]] as const) {
      const outcome = await writtenOrSkipped(dir, r, id, 'END-OF-LINE');
      expect(outcome, `${id}: ${JSON.stringify(r.summary.channels.map((c) => c.skipped))}`).toBe('written');
      const page = await readFile(join(dir, `pages/${id}/a1.md`), 'utf8');
      // Every word of the line is there, none of its links (javascript: targets are unwrapped to text).
      expect(page.split('word').length - 1, id).toBe(line.units * line.words);
      expect(page.split('**bold**').length - 1, id).toBe(line.units);
    }
  });

  it('a page with more elements than Readability is run on is skipped with a clear warning', async () => {
    const { r } = await mirror([['many-elems', ', body: page']]);
    const c = r.summary.channels[0]!;
    expect(c.new).toBe(0);
    expect(c.skipped).toEqual([{ url: site.url('/many-elems/a1.html'), reason: expect.stringMatching(/elements, too many to find the article in; set page\.select/) }]);
  });
});
