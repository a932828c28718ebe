// Faults survived: each broken source or article page is reported and
// skipped, the healthy channel still publishes, and a failed article is
// mirrored by the next run once its page answers.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { runPipeline, type RunSummary } from '../../src/pipeline.js';
import { createLocalPublisher } from '../../src/publish/local.js';
import type { Logger } from '../../src/types.js';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { makeItems, rss2 } from '../helpers/feeds.js';
import { tempDir } from '../helpers/temp-dir.js';

let site: FixtureSite;

const quiet: Logger = { info() {}, warn() {}, debug() {}, group: (_n, fn) => fn() };

/** Feed faults, by route: what the server does. */
const feedFaults: Record<string, Parameters<FixtureSite['set']>[1]> = {
  '/timeout.xml': { handler: () => undefined /* never answers */ },
  '/404.xml': { status: 404, body: 'gone' },
  '/500.xml': { status: 500, body: 'oops' },
  '/503.xml': { status: 503, headers: { 'retry-after': '0' }, body: 'busy' },
  '/reset.xml': {
    handler: (req) => {
      req.socket.destroy();
    },
  },
  '/trickle.xml': {
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('<')), 100);
      res.on('close', () => clearInterval(timer));
    },
  },
  '/truncated.xml': {
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '5000' });
      res.end('<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut');
    },
  },
  '/not-xml.xml': { body: '{"this is": "not a feed"}' },
  '/huge.xml': {
    handler: (_req, res) => {
      // 50 MB, streamed so the test never holds it.
      res.writeHead(200, { 'content-type': 'application/xml' });
      let sent = 0;
      const chunk = Buffer.alloc(1 << 20, 0x20);
      const pump = () => {
        while (sent < 50 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    },
  },
};

beforeAll(async () => {
  site = await startFixtureSite();
  for (const [path, route] of Object.entries(feedFaults)) site.set(path, route);
  site.set('/good.xml', rss2(makeItems(site.origin, 'good', 2)));
  // GBK bytes under a header that claims UTF-8: decoded by what the bytes are.
  site.set('/liar.xml', {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
    body: iconv.encode(rss2(makeItems(site.origin, 'liar', 1, { cjk: true }), { declaration: '<?xml version="1.0"?>' }), 'gbk'),
  });
});
afterAll(() => site.close());

function config(channels: string, retries = 0): ReturnType<typeof parseConfig> {
  return parseConfig(
    `site: { base-url: "https://github.com/acme/m/blob/main" }
fetch: { retries: ${retries}, timeout-ms: 1500, max-bytes: 200000 }
channels:
${channels}`,
    'test config',
  );
}

async function run(cfg: ReturnType<typeof parseConfig>, dir: string): Promise<RunSummary> {
  return runPipeline({ config: cfg, publisher: createLocalPublisher(dir), logger: quiet, baseUrl: 'https://x' });
}

describe('a broken feed skips its channel; the others publish', () => {
  it('survives every feed fault at once', async () => {
    const dir = tempDir('nm-faults-');
    const faulty = Object.keys(feedFaults);
    const channels = [...faulty, '/liar.xml', '/good.xml']
      .map((p) => `  - { id: ${p.slice(1).replace('.xml', '')}, title: T, source: { type: feed, url: "${site.url(p)}" } }`)
      .join('\n');
    const s = await run(config(channels), dir);
    const byId = new Map(s.channels.map((c) => [c.id, c]));
    const expected: Record<string, RegExp> = {
      timeout: /no complete response within 1500 ms/,
      '404': /404/,
      '500': /500/,
      '503': /503/,
      reset: /(reset|socket|closed|network)/i,
      trickle: /no complete response within 1500 ms/,
      truncated: /(truncat|closed|terminated|premature|malformed|network)/i,
      'not-xml': /not a feed/i,
      huge: /(too large|size|cap|bytes)/i,
    };
    for (const [id, pattern] of Object.entries(expected)) {
      const c = byId.get(id)!;
      expect(c.error, `channel ${id}`).toMatch(pattern);
      expect(c.error, `channel ${id} names its URL`).toContain(site.url(`/${id}.xml`));
      expect(s.warnings.some((w) => w.startsWith(`channel ${id}: `))).toBe(true);
    }
    expect(byId.get('good')).toMatchObject({ new: 2 });
    expect(byId.get('liar')).toMatchObject({ new: 1 });
    expect(await readFile(join(dir, 'pages/liar/a1.md'), 'utf8')).toContain('这是第1篇示例文章的正文');
    expect(s.added).toContain('pages/good/a2.md');
  });

  it('retries a 503 that names Retry-After, then succeeds', async () => {
    let calls = 0;
    site.set('/flaky.xml', {
      handler: (_req, res) => {
        calls++;
        if (calls === 1) {
          res.writeHead(503, { 'retry-after': '1' });
          res.end('busy');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(rss2(makeItems(site.origin, 'flaky', 1)));
      },
    });
    const dir = tempDir('nm-faults-');
    const s = await run(config(`  - { id: flaky, title: T, source: { type: feed, url: "${site.url('/flaky.xml')}" } }`, 2), dir);
    expect(calls).toBe(2);
    expect(s.channels[0]).toMatchObject({ new: 1 });
  });
});

describe('a broken article page skips that article, which the next run retries', () => {
  it('mirrors the healthy articles, records none of the broken ones, and picks them up later', async () => {
    const o = site.origin;
    const names = ['ok', 'timeout', '404', '500', 'reset', 'trickle', 'truncated', 'huge'];
    const items = names.map((n, k) => ({ url: `${o}/art/${n}.html`, title: `Article ${n}`, published: `2026-05-0${k + 1}T00:00:00Z`, html: '' }));
    site.set('/art/feed.xml', rss2(items));
    site.set('/art/ok.html', '<html><body><article><p>The healthy article body.</p></article></body></html>');
    for (const n of names.slice(1)) site.set(`/art/${n}.html`, feedFaults[`/${n}.xml`]!);
    const cfg = config(`  - id: art\n    title: Art\n    source: { type: feed, url: "${site.url('/art/feed.xml')}" }\n    body: page\n    page: { select: article }`);
    const dir = tempDir('nm-faults-');
    const first = await run(cfg, dir);
    expect(first.channels[0]!.new).toBe(1);
    expect(first.channels[0]!.skipped.map((k) => k.url).sort()).toEqual(names.slice(1).map((n) => `${o}/art/${n}.html`).sort());
    const manifest = JSON.parse(await readFile(join(dir, 'indexes/art.json'), 'utf8'));
    expect(manifest.articles.map((a: { id: string }) => a.id)).toEqual(['ok']);
    expect(first.added.filter((p) => p.startsWith('pages/'))).toEqual(['pages/art/ok.md', 'pages/art/ok.md.png']);

    for (const n of names.slice(1)) site.set(`/art/${n}.html`, `<html><body><article><p>Body of ${n}, now answering.</p></article></body></html>`);
    const second = await run(cfg, dir);
    expect(second.channels[0]).toMatchObject({ new: names.length - 1, skipped: [] });
    expect(await readFile(join(dir, 'pages/art/trickle.md'), 'utf8')).toContain('Body of trickle, now answering.');
  });
});
