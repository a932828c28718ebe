// The four findings of the outside fuzz campaign (issue 12), each through
// dist/cli.js against the fixture site, as a user's run would meet them:
// 1. a channel's own source URL redirecting to a private address;
// 2. 100,000 unclosed <div> in an HTML listing page;
// 3. 1,000,000 attributes on one element of an article page;
// 4. a 9 MB feed title made of Markdown-special characters.
// Time is not asserted (shared machine). Work is: the CLI runs with a heap
// far below what the unbounded code used (1 GB and more), what is kept is
// measured (title length, attributes, tree depth), and the redirect test
// counts every TCP connection the private service receives.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementsOf, loadHtml, MAX_ATTRIBUTES, MAX_DEPTH, rootOf } from '../../src/articles/dom.js';
import { MAX_LINE } from '../../src/sources/text.js';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rss2 } from '../helpers/feeds.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The unbounded code peaked at 1.05-1.27 GB on these inputs; the bounded code needs a fraction of this. */
const HEAP_MB = 320;
const BASE = 'https://github.com/acme/mirror/blob/main';

let site: FixtureSite;
afterAll(async () => {
  await site?.close();
});

async function mirror(channels: string, fetch = 'retries: 0, timeout-ms: 30000, max-bytes: 30000000'): Promise<{ dir: string; r: CliResult; json: { channels: Array<{ id: string; new: number; error?: string; skipped: Array<{ url: string; reason: string }> }>; warnings: string[] } }> {
  const dir = tempDir('nm-outside-fuzz-');
  await writeFile(join(dir, 'mirror.yml'), `site: { base-url: "${BASE}" }\nfetch: { ${fetch} }\nchannels:\n${channels}`);
  const r = await runCli(['run', '--config', join(dir, 'mirror.yml'), '--out', join(dir, 'out'), '--json'], { nodeArgs: [`--max-old-space-size=${HEAP_MB}`] });
  expect(r.stderr, 'the run must not run out of its bounded heap').not.toMatch(/heap out of memory|Allocation failed/);
  return { dir: join(dir, 'out'), r, json: JSON.parse(r.stdout) };
}

const article = (text: string) => `<html><head><title>${text}</title></head><body><article><p>${text}</p></article></body></html>`;

describe('a channel source redirecting to a private address', () => {
  /** The "private service" (think 169.254.169.254): it counts every TCP connection, HTTP or not. */
  let trap: ReturnType<typeof createServer>;
  let trapOrigin: string;
  let trapHost: string;
  const connects: string[] = [];

  beforeAll(async () => {
    trap = createServer((req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': req.url?.endsWith('.xml') ? 'application/xml' : 'text/html' });
      res.end(req.url === '/feed.xml' ? rss2([{ url: `${trapOrigin}/secret.html`, title: 'Secret', published: '2026-05-01T00:00:00Z', html: '<p>instance credentials</p>' }]) : '<div class="i"><a href="/secret.html">Secret</a></div>');
    });
    trap.on('connection', (s: Socket) => connects.push(`${s.remoteAddress} -> ${s.localPort}`));
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    const port = (trap.address() as AddressInfo).port;
    trapOrigin = `http://127.0.0.1:${port}`;
    trapHost = `127.0.0.1:${port}`;
    site ??= await startFixtureSite();
    const to = (target: string) => ({ status: 302, headers: { location: target } });
    site.set('/r/ip.xml', to(`${trapOrigin}/feed.xml`));
    site.set('/r/localhost.xml', to(`http://localhost:${port}/feed.xml`)); // a name: refused on what DNS answers
    site.set('/r/v6.xml', to(`http://[::1]:${port}/feed.xml`));
    site.set('/r/mapped.xml', to(`http://[::ffff:127.0.0.1]:${port}/feed.xml`));
    site.set('/r/two-hops.xml', to(site.url('/r/ip.xml'))); // same host first, then out
    site.set('/r/listing.html', to(`${trapOrigin}/listing.html`));
    site.set('/good.xml', rss2([{ url: site.url('/good/a1.html'), title: 'Good news', published: '2026-05-01T00:00:00Z', html: '<p>Good body.</p>' }]));
  });
  afterAll(() => new Promise((r) => trap.close(r)));

  const channels = () =>
    [
      ...['ip', 'localhost', 'v6', 'mapped', 'two-hops'].map((id) => `  - { id: ${id}, title: ${id}, source: { type: feed, url: "${site.url(`/r/${id}.xml`)}" } }`),
      `  - { id: listing, title: listing, source: { type: html, url: "${site.url('/r/listing.html')}", item: "div.i" }, body: page }`,
      `  - { id: good, title: good, source: { type: feed, url: "${site.url('/good.xml')}" } }`,
    ].join('\n');

  it('refuses each redirect with a message naming the target and allow-hosts, connects nowhere, publishes the rest', async () => {
    connects.length = 0;
    const { dir, r, json } = await mirror(channels(), 'retries: 1, timeout-ms: 5000');
    expect(connects).toEqual([]);
    expect(r.code).toBe(0);
    const byId = new Map(json.channels.map((c) => [c.id, c]));
    expect(byId.get('good')!.new).toBe(1);
    const port = trapHost.split(':')[1];
    const expected: Record<string, string> = {
      ip: `host ${trapHost} is a private, loopback or link-local address (redirected to ${trapOrigin}/feed.xml)`,
      localhost: `localhost resolves to`,
      v6: `host [::1]:${port} is a private, loopback or link-local address (redirected to http://[::1]:${port}/feed.xml)`,
      mapped: `is a private, loopback or link-local address (redirected to http://[::ffff:7f00:1]:${port}/feed.xml)`,
      'two-hops': `host ${trapHost} is a private, loopback or link-local address (redirected to ${trapOrigin}/feed.xml)`,
      listing: `host ${trapHost} is a private, loopback or link-local address (redirected to ${trapOrigin}/listing.html)`,
    };
    for (const [id, text] of Object.entries(expected)) {
      const error = byId.get(id)!.error ?? '';
      expect(error, id).toContain(text);
      expect(error, id).toMatch(/add "(127\.0\.0\.1|localhost|\[::1\]|\[::ffff:7f00:1\]):\d+" to the channel's allow-hosts \(or fetch\.allow-hosts\) to allow it/);
      expect(error, id).toContain(site.url(`/r/${id}.${id === 'listing' ? 'html' : 'xml'}`));
    }
    const written = await readdir(join(dir, 'pages'));
    expect(written).toEqual(['good']);
  });

  it('follows the redirect when fetch.allow-hosts names the host', async () => {
    connects.length = 0;
    const { dir, json } = await mirror(channels(), `retries: 1, timeout-ms: 5000, allow-hosts: ["${trapHost}"]`);
    expect(connects.length).toBeGreaterThan(0);
    const byId = new Map(json.channels.map((c) => [c.id, c]));
    for (const id of ['ip', 'two-hops']) expect(byId.get(id)!.error, id).toBeUndefined();
    expect(await readFile(join(dir, 'pages/ip/secret.md'), 'utf8')).toContain('instance credentials');
    // Other spellings of the address are other hosts: still refused.
    expect(byId.get('v6')!.error).toContain('is a private, loopback or link-local address');
  });
});

describe('bounded work on hostile pages and feeds', () => {
  const DEPTH = 100_000;

  beforeAll(async () => {
    site ??= await startFixtureSite();
    const o = site.origin;
    // Items first, then 100,000 unclosed <div>: the items are found, the junk costs linear time.
    site.set('/deep-after.html', `<html><body><div class="item"><a href="${o}/deep/a1.html">After the items</a></div>${'<div>'.repeat(DEPTH)}junk</body></html>`);
    // 100,000 unclosed <div> first, the item inside them: the structure below the depth cap is text.
    site.set('/deep-before.html', `<html><body>${'<div>'.repeat(DEPTH)}<div class="item"><a href="${o}/deep/a2.html">Inside the junk</a></div></body></html>`);
    site.set('/deep/a1.html', article('Listing article one.'));
    site.set('/attrs.html', `<div class="item"><a href="${o}/attrs/a1.html">Attributes</a></div>`);
    site.set('/attrs/a1.html', `<html><body><article><p${Array.from({ length: 1_000_000 }, (_, i) => ` x${i}="1"`).join('')}>Attribute bomb text.</p></article></body></html>`);
    const title = '*_`[]\\'.repeat(1_500_000); // 9 MB
    site.set('/title.xml', rss2([{ url: `${o}/title/a1.html`, title, published: '2026-05-01T00:00:00Z', html: '<p>Body of the long title.</p>' }]));
  });

  it('an HTML listing with 100,000 unclosed <div>: linear parse, items before the junk mirrored, the rest reported', async () => {
    const { dir, r } = await mirror(
      [
        `  - { id: after, title: after, source: { type: html, url: "${site.url('/deep-after.html')}", item: "div.item" }, body: page, page: { select: article } }`,
        `  - { id: before, title: before, source: { type: html, url: "${site.url('/deep-before.html')}", item: "div.item" }, body: page, page: { select: article } }`,
      ].join('\n'),
    );
    expect(await readFile(join(dir, 'pages/after/a1.md'), 'utf8')).toContain('Listing article one.');
    expect(r.stderr).toContain(`the item selector "div.item" matched no linked items`);
    // What the parser keeps of such a page: no deeper than the cap.
    const tree = loadHtml(`<body>${'<div>'.repeat(DEPTH)}x</body>`);
    expect(maxDepth(tree)).toBeLessThanOrEqual(MAX_DEPTH);
  });

  it('1,000,000 attributes on one element: the page is mirrored, the element keeps at most MAX_ATTRIBUTES', async () => {
    const { dir } = await mirror(`  - { id: attrs, title: attrs, source: { type: html, url: "${site.url('/attrs.html')}", item: "div.item" }, body: page, page: { select: article } }`);
    const page = await readFile(join(dir, 'pages/attrs/a1.md'), 'utf8');
    expect(page).toContain('Attribute bomb text.');
    expect(page).not.toMatch(/x\d+=/);
    const $ = loadHtml(`<p${Array.from({ length: 1_000_000 }, (_, i) => ` x${i}="1"`).join('')}>t</p>`);
    const p = elementsOf(rootOf($))[0]!;
    expect(Object.keys(p.attribs)).toHaveLength(MAX_ATTRIBUTES);
  });

  it('a 9 MB title of Markdown-special characters is cut to MAX_LINE characters everywhere it shows', async () => {
    const { dir } = await mirror(`  - { id: title, title: title, source: { type: feed, url: "${site.url('/title.xml')}" } }`);
    const page = await readFile(join(dir, 'pages/title/a1.md'), 'utf8');
    expect(page).toContain('Body of the long title.');
    const heading = page.split('\n')[0]!;
    expect(heading.startsWith('### ')).toBe(true);
    expect(heading.endsWith('…')).toBe(true);
    // Escaping may double each special character; the text itself is at most MAX_LINE characters.
    expect(heading.replace(/\\(.)/g, '$1').length).toBeLessThanOrEqual(4 + MAX_LINE);
    for (const f of ['indexes/title.md', 'README.md', 'indexes/title.json']) {
      const text = await readFile(join(dir, f), 'utf8');
      expect(text.length, f).toBeLessThan(20_000);
    }
  });
});

function maxDepth($: ReturnType<typeof loadHtml>): number {
  let max = 0;
  for (const el of elementsOf(rootOf($))) {
    let d = 0;
    for (let p = el.parent; p && p.type !== 'root'; p = p.parent) d++;
    max = Math.max(max, d + 1);
  }
  return max;
}
