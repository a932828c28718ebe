// A run killed mid-way publishes nothing partial: the branch holds the old
// state, intact, and the next run publishes the whole change.
import { describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { closeAfterTest } from '../helpers/close-after-test.js';
import { startGithubStandin, type GithubStandin } from '../helpers/github-standin.js';
import { runAction, startAction } from './action-run.js';

let standin: GithubStandin | undefined;
let site: FixtureSite | undefined;

const page = (n: number) => `<html><body><article><p>Body of article ${n}, fetched from its page.</p></article></body></html>`;

describe('a run killed mid-way', () => {
  it('leaves the branch as it was; the next run publishes everything', async () => {
    standin = closeAfterTest(await startGithubStandin({ files: { LICENSE: 'before\n' } }));
    site = closeAfterTest(await startFixtureSite());
    const s = standin;
    const items = [1, 2, 3, 4, 5].map(
      (n) => `<item><title>Article ${n}</title><link>${site!.url(`/a/${n}.html`)}</link><pubDate>${new Date(Date.UTC(2026, 0, n)).toUTCString()}</pubDate></item>`,
    );
    site.set('/feed.xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>${items.join('')}</channel></rss>`);
    // Article pages answer slowly, so the run is surely in the middle of its work when it is killed.
    for (const n of [1, 2, 3, 4, 5]) site.set(`/a/${n}.html`, { body: page(n), delayMs: n === 1 ? 0 : 30_000 });
    const config = [
      'site: { base-url: "https://github.com/octo/mirror/blob/main" }',
      'channels:',
      `  - { id: news, title: News, source: { type: feed, url: "${site.url('/feed.xml')}" }, body: page, page: { select: article } }`,
    ].join('\n');
    const headBefore = await s.head();

    const running = startAction(s, { config });
    const deadline = Date.now() + 30_000;
    while (!site.requests.some((r) => r.startsWith('/a/')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(site.requests.some((r) => r.startsWith('/a/'))).toBe(true);
    running.child.kill('SIGKILL');
    await running.done;

    expect(await s.head()).toBe(headBefore);
    expect(s.writes()).toEqual([]);
    expect(await s.listFiles('main')).toEqual(['LICENSE']);
    await s.git(['fsck', '--strict']);

    for (const n of [1, 2, 3, 4, 5]) site.set(`/a/${n}.html`, page(n));
    const r = await runAction(s, { config });
    expect(r.code, r.stderr).toBe(0);
    expect(s.writes()).toHaveLength(1);
    const files = await s.listFiles('main');
    for (const n of [1, 2, 3, 4, 5]) expect(files).toContain(`pages/news/${n}.md`);
    expect((await s.readFile('main', 'pages/news/3.md'))?.toString()).toContain('Body of article 3, fetched from its page.');
  });
});
