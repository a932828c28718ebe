// A feed whose items (body: page) point at private addresses: another port on
// 127.0.0.1, [::1], localhost, cloud metadata, 10.x, or a redirect from the
// channel's own host to one of them. None is requested unless the config's
// allow-hosts names that host; then it is.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rss2 } from '../helpers/feeds.js';
import { config, run } from './harness.js';
import { tempDir } from '../helpers/temp-dir.js';

let site: FixtureSite;
/** The "private" service: same machine, another port. */
let privateSite: FixtureSite;
let privateHost: string;

const article = (text: string) => `<html><head><title>${text}</title></head><body><article><p>${text}</p></article></body></html>`;

beforeAll(async () => {
  site = await startFixtureSite();
  privateSite = await startFixtureSite();
  privateHost = new URL(privateSite.origin).host;
  const port = new URL(privateSite.origin).port;
  for (const p of ['/secret.html', '/redirected.html', '/v6.html', '/lh.html']) privateSite.set(p, article(`Private ${p}`));
  site.set('/ok.html', article('The channel host article.'));
  site.set('/redirect.html', { status: 302, headers: { location: `${privateSite.origin}/redirected.html` } });
  const urls = [
    `${site.origin}/ok.html`,
    `${privateSite.origin}/secret.html`,
    `http://[::1]:${port}/v6.html`,
    `http://localhost:${port}/lh.html`,
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://10.0.0.1/admin',
    `${site.origin}/redirect.html`,
  ];
  site.set('/feed.xml', rss2(urls.map((url, i) => ({ url, title: `Item ${i}`, published: `2026-05-0${i + 1}T00:00:00Z`, html: '<p>teaser</p>' }))));
});
afterAll(async () => {
  await site.close();
  await privateSite.close();
});

function channel(allow?: string): ReturnType<typeof config> {
  const extra = allow ? `, allow-hosts: ["${allow}"]` : '';
  return config(`  - { id: news, title: News, source: { type: feed, url: "${site.url('/feed.xml')}" }, body: page, page: { select: article }${extra} }`, 'retries: 0, timeout-ms: 2000');
}

describe('article pages come only from allowed hosts', () => {
  it('never requests private addresses the config does not allow, redirects included', async () => {
    privateSite.requests.length = 0;
    const dir = tempDir('nm-hostile-private-');
    const { summary } = await run(channel(), dir);
    expect(privateSite.requests).toEqual([]);
    const c = summary.channels[0]!;
    expect(c.new).toBe(1);
    expect(await readFile(join(dir, 'pages/news/ok.md'), 'utf8')).toContain('The channel host article.');
    const reasons = new Map(c.skipped.map((k) => [k.url, k.reason]));
    expect(reasons.size).toBe(6);
    for (const [url, reason] of reasons) expect(reason, url).toMatch(/is not in the allowed hosts/);
    expect(reasons.get(`${site.origin}/redirect.html`)).toContain(`redirected to ${privateSite.origin}/redirected.html`);
  });

  it('fetches a private host the config names in allow-hosts, and only that one', async () => {
    privateSite.requests.length = 0;
    const dir = tempDir('nm-hostile-private-');
    const { summary } = await run(channel(privateHost), dir);
    expect([...privateSite.requests].sort()).toEqual(['/redirected.html', '/secret.html']);
    const c = summary.channels[0]!;
    expect(c.new).toBe(3);
    expect(await readFile(join(dir, 'pages/news/secret.md'), 'utf8')).toContain('Private /secret.html');
    expect(await readFile(join(dir, 'pages/news/redirect.md'), 'utf8')).toContain('Private /redirected.html');
    // [::1], localhost (same port, another host name), metadata and 10.x stay blocked.
    expect(c.skipped.map((k) => k.url).sort()).toEqual(
      [`http://[::1]:${new URL(privateSite.origin).port}/v6.html`, `http://localhost:${new URL(privateSite.origin).port}/lh.html`, 'http://10.0.0.1/admin', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'].sort(),
    );
    for (const k of c.skipped) expect(k.reason).toMatch(/is not in the allowed hosts/);
  });
});
