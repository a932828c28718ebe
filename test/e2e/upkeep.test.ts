// A mirror that keeps itself right, end to end through dist/cli.js: held
// pages follow the site chrome, unclaimed files are pruned, removed channels
// are reported then pruned on request, and a URL that only drifts (https,
// tracking parameters) is still the same article.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { makeItems, rss2, type FixtureItem } from '../helpers/feeds.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const BASE = 'https://github.com/acme/mirror/blob/main';
const START = '<!-- news-mirror:body:start -->';
const END = '<!-- news-mirror:body:end -->';
let site: FixtureSite;
// Each test runs the CLI three to five times; on a loaded machine that outgrows the default minute.
const SLOW = { timeout: 180_000 };

beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(() => site.close());

interface Summary {
  newArticles: number;
  added: string[];
  changed: string[];
  deleted: string[];
  rerendered: string[];
  orphans: string[];
  removedChannels: Array<{ id: string; files: number; pruned: boolean }>;
  warnings: string[];
}

async function run(config: string, out: string): Promise<Summary> {
  const r = await runCli(['run', '--config', config, '--out', out, '--json']);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Summary;
}

interface Opts {
  header?: string;
  baseUrl?: string;
  extra?: string;
}

async function writeConfig(dir: string, channels: string[], o: Opts = {}): Promise<string> {
  const file = join(dir, 'mirror.yml');
  const list = channels.map((id) => `  - id: ${id}\n    title: Channel ${id}\n    source: { type: feed, url: "${site.url(`/${id}.xml`)}" }\n`).join('');
  await writeFile(
    file,
    `locale: en\nsite:\n  base-url: ${o.baseUrl ?? BASE}\n  header: "${o.header ?? '#### [Home](README.md)'}"\n  footer: "#### [Home](README.md)"\n${o.extra ?? ''}channels:\n${list}`,
  );
  return file;
}

async function listFiles(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  return all.map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).filter((p) => p !== 'mirror.yml').sort();
}

const bodyOf = (page: string) => page.slice(page.indexOf(START), page.lastIndexOf(END) + END.length);
const pages = (files: string[]) => files.filter((f) => f.startsWith('pages/') && f.endsWith('.md'));
const noWrites = { added: [], changed: [], deleted: [] };

describe('re-render when the page chrome changes', SLOW, () => {
  it('rebuilds every held page around its kept body in one run, then writes nothing', async () => {
    const dir = tempDir('nm-upkeep-');
    const items = makeItems(site.origin, 'chr', 3);
    // One article with a lead image and caption: the re-rendered page must keep them.
    items[0]!.html = `<figure><img src="${site.origin}/img/lead.jpg" alt="Lead alt"><figcaption>A "quoted" caption &amp; more</figcaption></figure>${items[0]!.html}`;
    site.set('/chr.xml', rss2(items));
    const first = await run(await writeConfig(dir, ['chr']), dir);
    expect(first.newArticles).toBe(3);
    const files = pages(await listFiles(dir));
    const before = new Map(await Promise.all(files.map(async (f) => [f, await readFile(join(dir, f), 'utf8')] as const)));
    for (const page of before.values()) expect(page).toContain('#### [Home](../../README.md)');
    const pngs = await Promise.all(files.map((f) => readFile(join(dir, `${f}.png`))));

    // The source now says something else about the same articles: the pages keep what they hold.
    site.set('/chr.xml', rss2(items.map((i) => ({ ...i, html: '<p>Rewritten by the source later.</p>' }))));
    const config = await writeConfig(dir, ['chr'], { header: '#### [Home](README.md) | [All channels](indexes/)' });
    const second = await run(config, dir);
    expect(second.newArticles).toBe(0);
    expect(second.rerendered.sort()).toEqual(files);
    expect(second.changed).toEqual(expect.arrayContaining(files));
    expect(second.added).toEqual([]);
    expect(second.deleted).toEqual([]);
    // Same base URL: the QR codes are rebuilt to the same bytes and not written.
    expect(second.changed.filter((f) => f.endsWith('.png'))).toEqual([]);
    for (const [i, f] of files.entries()) expect((await readFile(join(dir, `${f}.png`))).equals(pngs[i]!)).toBe(true);
    for (const f of files) {
      const page = await readFile(join(dir, f), 'utf8');
      expect(page).toContain('#### [Home](../../README.md) | [All channels](../../indexes/)');
      expect(bodyOf(page)).toBe(bodyOf(before.get(f)!));
      expect(page).not.toContain('Rewritten by the source later');
      // Everything outside the header is as it was.
      expect(page.replace('#### [Home](../../README.md) | [All channels](../../indexes/)', '#### [Home](../../README.md)')).toBe(before.get(f));
    }
    const lead = await readFile(join(dir, 'pages/chr/a3.md'), 'utf8');
    expect(lead).toContain(`<div><img alt="Lead alt" src="${site.origin}/img/lead.jpg"/>\n<div class="caption">\n A "quoted" caption &amp; more\n</div></div><hr/>`);
    // The channel index follows the header too.
    expect(await readFile(join(dir, 'indexes/chr.md'), 'utf8')).toContain('[All channels](./)');

    const third = await run(config, dir);
    expect(third).toMatchObject({ newArticles: 0, ...noWrites, rerendered: [] });
  });

  it('rebuilds the QR codes when base-url changes', async () => {
    const dir = tempDir('nm-upkeep-');
    site.set('/qr.xml', rss2(makeItems(site.origin, 'qr', 2)));
    await run(await writeConfig(dir, ['qr']), dir);
    const moved = 'https://mirror.example.org/news';
    const config = await writeConfig(dir, ['qr'], { baseUrl: moved });
    const s = await run(config, dir);
    expect(s.changed.sort()).toEqual(expect.arrayContaining(['pages/qr/a1.md', 'pages/qr/a1.md.png', 'pages/qr/a2.md', 'pages/qr/a2.md.png']));
    for (const id of ['a1', 'a2']) {
      const decoded = execFileSync('zbarimg', ['-q', '--raw', join(dir, `pages/qr/${id}.md.png`)]).toString().trim();
      expect(decoded).toBe(`${moved}/pages/qr/${id}.md`);
      const page = await readFile(join(dir, `pages/qr/${id}.md`), 'utf8');
      expect(page).toContain(`<a href='${moved}/pages/qr/${id}.md'>`);
      expect(page).not.toContain(BASE);
    }
    expect(await run(config, dir)).toMatchObject(noWrites);
  });

  it('upgrades a mirror written before markers without rewriting its pages', async () => {
    const dir = tempDir('nm-upkeep-');
    site.set('/old.xml', rss2(makeItems(site.origin, 'old', 2)));
    await run(await writeConfig(dir, ['old']), dir);
    // Make it look like the previous version wrote it: no markers, no chrome hash.
    for (const f of ['pages/old/a1.md', 'pages/old/a2.md']) {
      const p = await readFile(join(dir, f), 'utf8');
      await writeFile(join(dir, f), p.replace(`${START}\n\n`, '').replace(`\n\n${END}\n`, '\n'));
    }
    const m = JSON.parse(await readFile(join(dir, 'indexes/old.json'), 'utf8')) as { articles: Array<Record<string, unknown>> };
    for (const a of m.articles) delete a.chrome;
    await writeFile(join(dir, 'indexes/old.json'), `${JSON.stringify(m, null, 2)}\n`);
    const legacy = await Promise.all(['pages/old/a1.md', 'pages/old/a2.md'].map((f) => readFile(join(dir, f), 'utf8')));

    const same = await run(await writeConfig(dir, ['old']), dir);
    expect(same).toMatchObject({ newArticles: 0, ...noWrites });
    // A new article arrives with the new layout; after a header change only it is rebuilt.
    site.set('/old.xml', rss2(makeItems(site.origin, 'old', 3)));
    await run(await writeConfig(dir, ['old']), dir);
    const changed = await run(await writeConfig(dir, ['old'], { header: '#### [Start](README.md)' }), dir);
    expect(changed.rerendered).toEqual(['pages/old/a3.md']);
    expect(changed.changed).not.toContain('pages/old/a1.md');
    expect(await Promise.all(['pages/old/a1.md', 'pages/old/a2.md'].map((f) => readFile(join(dir, f), 'utf8')))).toEqual(legacy);
    expect(await readFile(join(dir, 'pages/old/a3.md'), 'utf8')).toContain('#### [Start](../../README.md)');
  });
});

describe('prune', SLOW, () => {
  it('deletes pages and QR codes the mirror wrote that no manifest claims, lists them, and leaves other files alone', async () => {
    const dir = tempDir('nm-upkeep-');
    site.set('/orph.xml', rss2(makeItems(site.origin, 'orph', 2)));
    const config = await writeConfig(dir, ['orph']);
    await run(config, dir);
    // What a crash between writes, or a damaged manifest, leaves behind.
    await writeFile(join(dir, 'pages/orph/lost1.md'), (await readFile(join(dir, 'pages/orph/a1.md'), 'utf8')).replace('a1', 'lost1'));
    await writeFile(join(dir, 'pages/orph/lost1.md.png'), await readFile(join(dir, 'pages/orph/a1.md.png')));
    await writeFile(join(dir, 'pages/orph/lost2.md.png'), await readFile(join(dir, 'pages/orph/a1.md.png')));
    await writeFile(join(dir, 'pages/orph/notes.txt'), 'mine, not the mirror’s\n');
    // Named like a page, but without the mirror's body marker: a person's, never deleted (nor its picture).
    await writeFile(join(dir, 'pages/orph/person.md'), '### My own page\n');
    await writeFile(join(dir, 'pages/orph/person.md.png'), await readFile(join(dir, 'pages/orph/a1.md.png')));
    const s = await run(config, dir);
    expect(s.orphans).toEqual(['pages/orph/lost1.md', 'pages/orph/lost1.md.png', 'pages/orph/lost2.md.png']);
    expect(s.deleted).toEqual(['pages/orph/lost1.md', 'pages/orph/lost1.md.png', 'pages/orph/lost2.md.png']);
    expect(s.added).toEqual([]);
    expect(s.changed).toEqual([]);
    expect(await listFiles(join(dir, 'pages'))).toEqual(['orph/a1.md', 'orph/a1.md.png', 'orph/a2.md', 'orph/a2.md.png', 'orph/notes.txt', 'orph/person.md', 'orph/person.md.png']);
    expect(await run(config, dir)).toMatchObject({ ...noWrites, orphans: [] });
  });

  it('keeps a removed channel and names it, until prune-removed-channels deletes its files', async () => {
    const dir = tempDir('nm-upkeep-');
    site.set('/keep.xml', rss2(makeItems(site.origin, 'keep', 1)));
    site.set('/gone.xml', rss2(makeItems(site.origin, 'gone', 2)));
    await run(await writeConfig(dir, ['keep', 'gone']), dir);
    const goneFiles = (await listFiles(dir)).filter((f) => f.includes('gone'));
    expect(goneFiles).toEqual(['feeds/gone.xml', 'indexes/gone.json', 'indexes/gone.md', 'pages/gone/a1.md', 'pages/gone/a1.md.png', 'pages/gone/a2.md', 'pages/gone/a2.md.png']);

    // A person's files beside the mirror's are no channel, and are never deleted.
    await writeFile(join(dir, 'indexes/notes.json'), '{"mine": true}\n');
    await writeFile(join(dir, 'indexes/notes.md'), '# Notes\n');
    const kept = await run(await writeConfig(dir, ['keep']), dir);
    expect(kept.removedChannels).toEqual([{ id: 'gone', files: 7, pruned: false }]);
    expect(kept.warnings.join('\n')).toMatch(/channel gone is no longer in the config.*prune-removed-channels: true/);
    expect(kept.deleted).toEqual([]);
    expect((await listFiles(dir)).filter((f) => f.includes('gone'))).toEqual(goneFiles);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).not.toContain('gone');

    const prune = await writeConfig(dir, ['keep'], { extra: 'prune-removed-channels: true\n' });
    const pruned = await run(prune, dir);
    expect(pruned.removedChannels).toEqual([{ id: 'gone', files: 7, pruned: true }]);
    expect(pruned.deleted).toEqual(goneFiles);
    expect((await listFiles(dir)).filter((f) => f.includes('gone'))).toEqual([]);
    expect(existsSync(join(dir, 'pages/keep/a1.md'))).toBe(true);
    expect(existsSync(join(dir, 'indexes/notes.json')) && existsSync(join(dir, 'indexes/notes.md'))).toBe(true);
    expect(await run(prune, dir)).toMatchObject({ ...noWrites, removedChannels: [] });
  });
});

describe('identity', SLOW, () => {
  it('a feed whose links move to https with tracking parameters creates no new pages', async () => {
    const dir = tempDir('nm-upkeep-');
    const at = (n: number) => `http://news.example.com/world/${n}.html`;
    const items: FixtureItem[] = [1, 2, 3].map((n) => ({
      url: at(n),
      title: `Story ${n}`,
      published: `2026-03-0${n}T08:00:00Z`,
      html: `<p>Story ${n} is long enough to read as a body.</p>`,
    }));
    site.set('/ident.xml', rss2(items));
    const config = await writeConfig(dir, ['ident'], { extra: 'tracking-params: [share_src]\n' });
    const first = await run(config, dir);
    expect(first.newArticles).toBe(3);
    const manifest = await readFile(join(dir, 'indexes/ident.json'), 'utf8');

    const drifted = (n: number) => `https://NEWS.example.com:443/world/${n}.html?utm_source=rss&utm_medium=feed&spm=a.b&from=home&ref=x&wt_mc=o&share_src=tg#comments`;
    const moved = items.map((i, k) => ({ ...i, url: drifted(k + 1) }));
    // A fourth article links to the first under its drifted URL: the link goes to the mirrored page.
    moved.unshift({ url: 'https://news.example.com/world/4.html', title: 'Story 4', published: '2026-03-04T08:00:00Z', html: `<p>Story 4 follows <a href="${drifted(1)}">story one</a> closely.</p>` });
    site.set('/ident.xml', rss2(moved));
    const second = await run(config, dir);
    expect(second.newArticles).toBe(1);
    expect(pages(second.added)).toEqual(['pages/ident/4.md']);
    const page4 = await readFile(join(dir, 'pages/ident/4.md'), 'utf8');
    expect(page4).toContain('[story one](1.md)');
    // The held entries keep their original URLs, and their pages their original links.
    const after = JSON.parse(await readFile(join(dir, 'indexes/ident.json'), 'utf8')) as { articles: Array<{ url: string }> };
    expect(after.articles.map((a) => a.url)).toEqual(['https://news.example.com/world/4.html', at(3), at(2), at(1)]);
    expect(JSON.parse(manifest).articles.map((a: { url: string }) => a.url)).toEqual([at(3), at(2), at(1)]);
    expect(await readFile(join(dir, 'pages/ident/1.md'), 'utf8')).toContain(at(1));

    expect(await run(config, dir)).toMatchObject({ newArticles: 0, ...noWrites });
  });
});
