// A run holds the items of every channel from the moment their feeds are read
// until it publishes. What the items keep must be theirs alone: V8 keeps a
// substring as a view of the string it was cut from, so a title sliced out
// of a feed would keep the whole feed document alive for the whole run.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const FEED_MODULE = fileURLToPath(new URL('../../src/sources/feed.ts', import.meta.url));

// Measured in a child process of its own, with a full GC before each reading.
const SCRIPT = `
const { parseFeed } = await import(${JSON.stringify(FEED_MODULE)});
// Warm up: the parser's code is compiled on first use, and must not count.
parseFeed('<rss version="2.0"><channel><title>W</title><item><title>预热</title><link>https://example.com/w</link><content>x</content></item></channel></rss>', 'https://example.com/');
globalThis.gc();
const before = process.memoryUsage().heapUsed;
const pad = 'x'.repeat(20000);
const items = Array.from({ length: 200 }, (_, k) =>
  '<item><title>今日第' + k + '条新闻</title><link>https://example.com/news/' + k + '.html</link>' +
  '<guid>https://example.com/news/' + k + '.html</guid><pubDate>Mon, 05 Oct 2026 10:00:00 GMT</pubDate>' +
  '<content><![CDATA[<p>' + pad + k + '</p>]]></content></item>');
let xml = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.com/</link>' + items.join('') + '</channel></rss>';
const feedChars = xml.length;
const kept = parseFeed(xml, 'https://example.com/feed.xml').items;
xml = undefined;
const bodies = kept.every((i) => i.html && i.html.length > 20000);
// The bodies are the items' own (and go once their article is built): what else stays must not be the feed.
for (const i of kept) delete i.html;
globalThis.gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ items: kept.length, bodies, title: kept[7].title, feedChars, retained: after - before }));
`;

describe('feed items and the feed text', () => {
  it('items parsed from a feed of 4 million characters do not keep the feed alive', async () => {
    // tsx keeps a cache in the temp folder: give the child one of this file's own.
    const env = { ...process.env, TMPDIR: tempDir('nm-feed-memory-') };
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { timeout: 60_000, env }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const r = JSON.parse(out) as { items: number; bodies: boolean; title: string; feedChars: number; retained: number };
    expect(r.items).toBe(200);
    expect(r.bodies).toBe(true);
    expect(r.title).toBe('今日第7条新闻');
    expect(r.feedChars).toBeGreaterThan(4_000_000);
    // The items and their objects: about 0.5 MB. The feed: 4 million characters, two bytes each (8 MB).
    expect(r.retained, `retained ${r.retained} bytes of heap for a ${r.feedChars}-character feed`).toBeLessThan(r.feedChars / 4);
  });
});
