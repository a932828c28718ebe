// news-mirror verify through dist/cli.js: sound on a fresh mirror, then each
// kind of damage a mirror meets over the years is named with its file.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { makeItems, rss2 } from '../helpers/feeds.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const BASE = 'https://github.com/acme/mirror/blob/main';
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite();
  site.set('/news.xml', rss2(makeItems(site.origin, 'news', 3)));
  site.set('/world.xml', rss2(makeItems(site.origin, 'world', 2)));
});
afterAll(() => site.close());

interface Report {
  ok: boolean;
  checked: { channels: number; articles: number; qrCodes: number; links: number };
  problems: Array<{ check: string; file: string; message: string }>;
}

async function freshMirror(retention = 300): Promise<string> {
  const dir = tempDir('nm-verify-');
  await mkdir(join(dir, '.github'));
  await writeConfig(dir, retention);
  const r = await runCli(['run', '--config', join(dir, '.github/news-mirror.yml'), '--out', dir, '--json']);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return dir;
}

async function writeConfig(dir: string, retention: number): Promise<void> {
  const channels = ['news', 'world'].map((c) => `  - id: ${c}\n    title: Channel ${c}\n    source: { type: feed, url: "${site.url(`/${c}.xml`)}" }\n`).join('');
  await writeFile(
    join(dir, '.github/news-mirror.yml'),
    `site:\n  base-url: ${BASE}\n  header: "#### [Home](README.md) | [Indexes](indexes/) | [Licence](LICENSE)"\n  footer: "#### [Home](README.md)"\nretention: ${retention}\nchannels:\n${channels}`,
  );
}

const verify = (dir: string, extra: string[] = []) => runCli(['verify', '--dir', dir, ...extra]);

describe('news-mirror verify', () => {
  it('passes on a fresh mirror, then fails naming the file once a PNG is deleted', async () => {
    const dir = await freshMirror();
    await writeFile(join(dir, 'LICENSE'), 'MIT\n');
    const ok = await verify(dir, ['--json']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as Report;
    expect(report.ok).toBe(true);
    expect(report.checked).toMatchObject({ channels: 2, articles: 5, qrCodes: 5 });
    expect(report.checked.links).toBeGreaterThan(20);

    await rm(join(dir, 'pages/news/a2.md.png'));
    const bad = await verify(dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('pages/news/a2.md.png: QR code missing (listed in indexes/news.json');
    // The page's QR image link is broken too, and nothing else.
    expect(bad.stdout).toContain('pages/news/a2.md: broken link: "a2.md.png" leads to pages/news/a2.md.png, which does not exist');
    expect(bad.stdout).toContain(': 2 problems');
  }, 180_000);

  it('names a broken link, an orphan, a wrong QR code, a damaged manifest and a channel over its retention', async () => {
    const dir = await freshMirror();
    await writeFile(join(dir, 'LICENSE'), 'MIT\n');
    // A link to a page that is not there, in a page; a link inside code is not a link.
    const page = join(dir, 'pages/news/a1.md');
    await writeFile(page, (await readFile(page, 'utf8')).replace('\n<hr/>', '\nSee [the follow-up](a9.md) and `[code](nowhere.md)`.\n\n<hr/>'));
    // An orphan pair left by a crash.
    await writeFile(join(dir, 'pages/news/stray.md'), '# stray\n');
    await writeFile(join(dir, 'pages/news/stray.md.png'), 'x');
    // A QR code that leads to another page.
    await copyFile(join(dir, 'pages/news/a3.md.png'), join(dir, 'pages/news/a1.md.png'));
    // A damaged manifest: its channel's files are not each reported as orphans.
    await writeFile(join(dir, 'indexes/world.json'), '{"channel": "world", "title": "W", "articles": [');
    // Retention lowered below what the channel holds.
    await writeConfig(dir, 2);
    await rm(join(dir, 'LICENSE'));

    const r = await verify(dir, ['--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ok).toBe(false);
    const by = (file: string) => report.problems.filter((p) => p.file === file).map((p) => `${p.check}: ${p.message}`);
    expect(by('pages/news/a1.md').filter((p) => !p.includes('LICENSE'))).toEqual(['link: broken link: "a9.md" leads to pages/news/a9.md, which does not exist']);
    expect(by('pages/news/stray.md')).toEqual(['orphan: orphaned: not listed in indexes/news.json']);
    expect(by('pages/news/stray.md.png')).toEqual(['orphan: orphaned: not listed in indexes/news.json']);
    expect(by('pages/news/a1.md.png')).toEqual([`qr: decodes to ${BASE}/pages/news/a3.md, expected the page's public URL ${BASE}/pages/news/a1.md`]);
    expect(by('indexes/world.json')).toHaveLength(1);
    expect(by('indexes/world.json')[0]).toMatch(/^manifest: not valid JSON/);
    expect(by('indexes/news.json')).toEqual(["retention: holds 3 articles, over the channel's retention of 2 (config key retention, or channels[].retention)"]);
    // The header's link to LICENSE, outside the mirror's folders, is broken on every page and index.
    expect(report.problems.filter((p) => p.message.includes('leads to LICENSE')).map((p) => p.file)).toContain('README.md');
    expect(report.problems.filter((p) => p.file.startsWith('pages/world/') && !p.message.includes('LICENSE'))).toEqual([]);

    const text = await verify(dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('pages/news/stray.md: orphaned: not listed in indexes/news.json');
    expect(text.stdout).toContain('pages/news/a1.md: broken link: "a9.md"');
  }, 180_000);

  it('needs the config: --config, or the mirror\'s own .github/news-mirror.yml', async () => {
    const dir = tempDir('nm-verify-');
    const r = await verify(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.github/news-mirror.yml does not exist; pass --config FILE');
  });
});
