// Item URLs, guids and manifests that try to make the run write or delete
// outside pages/, indexes/, feeds/ and README.md. The whole tree around the
// mirror is snapshotted before and after each run.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { changedPaths, config, isMirrorPath, run, snapshot } from './harness.js';
import { tempDir } from '../helpers/temp-dir.js';

let site: FixtureSite;

const SENTINELS: Record<string, string> = {
  'mirror/.github/workflows/ci.yml': 'name: ci # sentinel, must stay as it is\n',
  'mirror/.github/news-mirror.yml': 'channels: [] # sentinel\n',
  'mirror/src/index.ts': 'export {}; // sentinel\n',
  'mirror/etc/passwd': 'sentinel:x:0:0\n',
  'outside.txt': 'outside the mirror, sentinel\n',
  'etc/passwd': 'sentinel:x:0:0 outside\n',
};

/** `<root>/mirror` is the mirror; `<root>` holds files a `../` would reach. */
async function makeRoot(extra: Record<string, string> = {}): Promise<{ root: string; dir: string }> {
  const root = tempDir('nm-hostile-paths-');
  for (const [p, text] of Object.entries({ ...SENTINELS, ...extra })) {
    await mkdir(dirname(join(root, p)), { recursive: true });
    await writeFile(join(root, p), text);
  }
  return { root, dir: join(root, 'mirror') };
}

/** Asserts every change under root is inside the mirror's allowed places, and the sentinels are intact. */
async function expectContained(root: string, before: Map<string, string>): Promise<string[]> {
  const after = await snapshot(root);
  const changed = changedPaths(before, after);
  const outside = changed.filter((p) => !p.startsWith('mirror/') || !isMirrorPath(p.slice('mirror/'.length)));
  expect(outside, 'changed outside pages/, indexes/, feeds/, README.md').toEqual([]);
  for (const [p, text] of Object.entries(SENTINELS)) expect(await readFile(join(root, p), 'utf8'), p).toBe(text);
  return changed.map((p) => p.slice('mirror/'.length));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

beforeAll(async () => {
  site = await startFixtureSite();
  const o = site.origin;
  const links = [
    `${o}/a/../../.github/workflows/x.yml`,
    `${o}/%2e%2e/%2e%2e/.github/workflows/ci.yml`,
    `${o}/x/..%2f..%2f.github%2fworkflows%2fci.yml`,
    `${o}/x/..%5c..%5c.github%5cworkflows%5cci.yml`,
    `${o}/x/..\\..\\.github\\workflows\\ci.yml`,
    `${o}/x/C:%5CWindows%5Cevil.md`,
    `${o}/evil%00.md`,
    `${o}/x/%00/..%00/ci.yml%00.md`,
    `${o}/${'a'.repeat(1000)}.html`,
    `${o}/${'%2e%2e%2f'.repeat(200)}etc%2fpasswd`,
    `${o}/.github/workflows/ci.yml`,
    `${o}/.git/config`,
    `${o}/CON`,
    `${o}/README.md`,
    `/etc/passwd`,
    `../../.github/workflows/rel.yml`,
    `file:///etc/passwd`,
  ];
  const items = links.map(
    (l, i) => `<item><title>Escape ${i}</title><link>${esc(l)}</link><guid isPermaLink="false">../../.github/workflows/guid-${i}.yml</guid>
<pubDate>${new Date(Date.UTC(2026, 4, 1 + i)).toUTCString()}</pubDate><description>&lt;p&gt;Body ${i}.&lt;/p&gt;</description></item>`,
  );
  // Items with no link: their guid is all there is (a permalink guid, or a path-looking one).
  items.push(`<item><title>Guid only</title><guid>../../../.github/workflows/guid.yml</guid><description>&lt;p&gt;g&lt;/p&gt;</description></item>`);
  items.push(`<item><title>Guid abs</title><guid>/etc/passwd</guid><description>&lt;p&gt;g&lt;/p&gt;</description></item>`);
  site.set(
    '/sub/dir/rss.xml',
    `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>${o}/</link><description>d</description>\n${items.join('\n')}\n</channel></rss>`,
  );
  site.set(
    '/feed.json',
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'j',
      items: [
        { id: '../../../.github/workflows/ci.yml', url: `${o}/..%2F..%2F.github%2Fworkflows%2Fjson.yml`, title: 'JSON escape', content_html: '<p>j1</p>' },
        { id: '/etc/passwd', url: `${o}/\u0000nul.html`, title: 'JSON nul', content_html: '<p>j2</p>' },
        { id: 'C:\\Windows\\System32\\x', external_url: `${o}/ext`, title: 'JSON windows', content_html: '<p>j3</p>' },
      ],
    }),
  );
});
afterAll(() => site.close());

describe('nothing is written or deleted outside the mirror folders', () => {
  it('hostile item URLs and guids become plain file names in pages/<channel>/', async () => {
    const { root, dir } = await makeRoot();
    const before = await snapshot(root);
    const cfg = config(
      `  - { id: esc, title: Esc, source: { type: feed, url: "${site.url('/sub/dir/rss.xml')}" }, body: feed }
  - { id: json, title: Json, source: { type: feed, url: "${site.url('/feed.json')}" }, body: feed }`,
    );
    const { summary } = await run(cfg, dir);
    const changed = await expectContained(root, before);
    // The hostile items were mirrored (not merely refused), each under a plain name in its channel folder.
    const pages = changed.filter((p) => p.startsWith('pages/') && p.endsWith('.md'));
    expect(summary.channels.find((c) => c.id === 'esc')!.new).toBeGreaterThanOrEqual(15);
    expect(summary.channels.find((c) => c.id === 'json')!.new).toBeGreaterThanOrEqual(2);
    for (const p of pages) expect(p).toMatch(/^pages\/(esc|json)\/[A-Za-z0-9_-]{1,80}\.md$/);
    expect(pages.some((p) => /^pages\/esc\/h[0-9a-f]{12}\.md$/.test(p)), 'the reserved name CON is replaced by a hash').toBe(true);
    expect(pages).not.toContain('pages/esc/CON.md');
    // Every manifest path is a page in its folder.
    for (const id of ['esc', 'json']) {
      const m = JSON.parse(await readFile(join(dir, `indexes/${id}.json`), 'utf8')) as { articles: Array<{ path: string }> };
      for (const a of m.articles) expect(a.path).toMatch(new RegExp(`^pages/${id}/[A-Za-z0-9_-]{1,80}\\.md$`));
    }
  });

  it('a hostile manifest already in the repository deletes nothing outside, and the run still publishes', async () => {
    const entry = (id: string, path: string, day: number) => ({
      id,
      title: `old ${id}`,
      url: `https://old.example/${id}.html`,
      published: `2020-01-0${day}T00:00:00Z`,
      path,
      hash: 'a'.repeat(40),
    });
    const hostile = {
      channel: 'esc',
      title: 'Esc',
      articles: [
        entry('w1', '../../.github/workflows/ci.yml', 1),
        entry('w2', '/etc/passwd', 2),
        entry('w3', 'pages/esc/../../.github/workflows/ci.yml', 3),
        entry('w4', '.github/workflows/ci.yml', 4),
        entry('w5', 'pages\\esc\\..\\..\\src\\index.ts', 5),
      ],
    };
    const { root, dir } = await makeRoot({ 'mirror/indexes/esc.json': `${JSON.stringify(hostile, null, 2)}\n` });
    const before = await snapshot(root);
    // Retention 1: every old entry would be retired (its path deleted) if the manifest were trusted.
    const cfg = config(`  - { id: esc, title: Esc, source: { type: feed, url: "${site.url('/sub/dir/rss.xml')}" }, body: feed, retention: 1 }`);
    const { summary } = await run(cfg, dir);
    await expectContained(root, before);
    expect(summary.deleted).toEqual([]);
    expect(summary.warnings.join('\n')).toMatch(/indexes\/esc\.json: .*not a safe repository path.*starting the channel's list afresh/);
    expect(summary.channels[0]!.new).toBe(1);
  });

  it('manifest entries naming safe-looking paths outside the channel folder are dropped, never deleted', async () => {
    const old = (id: string, path: string) => ({ id, title: id, url: `https://old.example/${id}.html`, published: '2020-01-01T00:00:00Z', path, hash: 'b'.repeat(40) });
    const m = { channel: 'esc', title: 'Esc', articles: [old('src', 'src/index.ts'), old('other', 'pages/other/kept.md'), old('own', 'pages/esc/own.md')] };
    const { root, dir } = await makeRoot({
      'mirror/indexes/esc.json': `${JSON.stringify(m, null, 2)}\n`,
      'mirror/pages/other/kept.md': "another channel's page\n",
      'mirror/pages/esc/own.md': 'old page of this channel\n',
    });
    const before = await snapshot(root);
    // Retention 1: the old entries are retired, which deletes their paths.
    const cfg = config(`  - { id: esc, title: Esc, source: { type: feed, url: "${site.url('/sub/dir/rss.xml')}" }, body: feed, retention: 1 }`);
    const { summary } = await run(cfg, dir);
    await expectContained(root, before);
    expect(await readFile(join(dir, 'pages/other/kept.md'), 'utf8')).toBe("another channel's page\n");
    expect(summary.warnings.join('\n')).toMatch(/indexes\/esc\.json: dropped 2 entries whose page is not in pages\/esc\/.*"src\/index\.ts", "pages\/other\/kept\.md"/);
    // The channel's own retired page is deleted as retention says; the new article is published.
    expect(summary.deleted).toEqual(['pages/esc/own.md']);
    expect(summary.channels[0]!.new).toBe(1);
  });
});
