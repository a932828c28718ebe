// The command line end to end: dist/cli.js against a fixture news site on
// 127.0.0.1, checked the way a maintainer would check a mirror.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { atom, jsonFeed, makeItems, rdf, rss2 } from '../helpers/feeds.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const BASE = 'https://github.com/acme/mirror/blob/main';
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite();
  const o = site.origin;
  site.set('/rss.xml', rss2(makeItems(o, 'rss', 3)));
  site.set('/atom.xml', atom(makeItems(o, 'atom', 2)));
  site.set('/rdf.xml', rdf(makeItems(o, 'rdf', 2)));
  site.set('/feed.json', jsonFeed(makeItems(o, 'json', 2)));
  // GBK bytes, the charset named only in the HTTP header; Big5 named only in the XML declaration.
  site.set('/gbk.xml', {
    headers: { 'content-type': 'application/rss+xml; charset=GBK' },
    body: iconv.encode(rss2(makeItems(o, 'gbk', 2, { cjk: true }), { declaration: '<?xml version="1.0"?>' }), 'gbk'),
  });
  const big5 = makeItems(o, 'big5', 1, { cjk: true }).map((i) => ({ ...i, title: '臺灣新聞：颱風過境', html: '<p>颱風過境，臺北市民注意安全。</p>' }));
  site.set('/big5.xml', { headers: { 'content-type': 'text/xml' }, body: iconv.encode(rss2(big5, { declaration: '<?xml version="1.0" encoding="Big5"?>' }), 'big5') });
});
afterAll(() => site.close());

async function configFile(dir: string, channels: string, extra = ''): Promise<string> {
  const file = join(dir, 'mirror.yml');
  await writeFile(file, `locale: zh-CN\nsite:\n  base-url: ${BASE}\n  header: "#### [首页](README.md)"\n  footer: "#### [首页](README.md)"\n${extra}channels:\n${channels}`);
  return file;
}

const channel = (id: string, path: string, more = '') => `  - id: ${id}\n    title: Channel ${id}\n    source: { type: feed, url: "${site.url(path)}" }\n${more}`;

async function listFiles(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  return all.map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).filter((p) => p !== 'mirror.yml').sort();
}

function runJson(config: string, out: string, extra: string[] = []) {
  return runCli(['run', '--config', config, '--out', out, '--json', ...extra]).then((r) => {
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as {
      newArticles: number;
      added: string[];
      changed: string[];
      deleted: string[];
      warnings: string[];
      channels: Array<{ id: string; new: number; removed: number; error?: string; skipped: unknown[] }>;
    };
  });
}

describe('news-mirror run', () => {
  it('mirrors every feed format and charset into pages, QR codes, indexes and a home page', async () => {
    const dir = tempDir('nm-e2e-');
    const config = await configFile(
      dir,
      [channel('rss', '/rss.xml'), channel('atom', '/atom.xml'), channel('rdf', '/rdf.xml'), channel('json', '/feed.json'), channel('gbk', '/gbk.xml'), channel('big5', '/big5.xml')].join(''),
    );
    const summary = await runJson(config, dir);
    expect(summary.warnings).toEqual([]);
    expect(summary.newArticles).toBe(12);
    expect(summary.channels.map((c) => [c.id, c.new])).toEqual([
      ['rss', 3],
      ['atom', 2],
      ['rdf', 2],
      ['json', 2],
      ['gbk', 2],
      ['big5', 1],
    ]);
    const files = await listFiles(dir);
    expect(files).toContain('README.md');
    for (const ch of ['rss', 'atom', 'rdf', 'json', 'gbk', 'big5']) {
      expect(files).toContain(`indexes/${ch}.md`);
      expect(files).toContain(`indexes/${ch}.json`);
      expect(files).toContain(`feeds/${ch}.xml`);
    }
    expect(files.filter((f) => f.startsWith('pages/') && f.endsWith('.md'))).toHaveLength(12);
    expect(files.filter((f) => f.endsWith('.md.png'))).toHaveLength(12);
    expect(summary.added.sort()).toEqual(files);

    // Charsets: the text reads right, whatever the bytes were.
    const gbk = await readFile(join(dir, 'pages/gbk/a2.md'), 'utf8');
    expect(gbk.split('\n')[0]).toBe('### 第2号新闻：城市“新”变化');
    expect(gbk).toContain('这是第2篇示例文章的正文，讲述城市的变化。');
    const big5 = await readFile(join(dir, 'pages/big5/a1.md'), 'utf8');
    expect(big5).toContain('### 臺灣新聞：颱風過境');
    expect(big5).toContain('颱風過境，臺北市民注意安全。');

    // The page: share block with the public URL, QR image beside it, original URL.
    const rss = await readFile(join(dir, 'pages/rss/a3.md'), 'utf8');
    const publicUrl = `${BASE}/pages/rss/a3.md`;
    expect(rss).toContain('### Story number 3 & more\n------------------------');
    expect(rss).toContain(`手机上长按并复制下列链接或二维码分享本文章：<br/>\n${publicUrl} <br/>`);
    expect(rss).toContain(`<a href='${publicUrl}'><img src='a3.md.png'/></a>`);
    expect(rss).toContain(`原文地址（需翻墙访问）：${site.url('/rss/2026/3/a3.html')}`);
    expect(rss).toContain('This is the body of story 3, long enough to read.');

    // The QR code reads back as the page's public URL.
    const decoded = execFileSync('zbarimg', ['-q', '--raw', join(dir, 'pages/rss/a3.md.png')]).toString().trim();
    expect(decoded).toBe(publicUrl);

    // Index newest first; manifest lists every page.
    const index = await readFile(join(dir, 'indexes/rss.md'), 'utf8');
    expect(index.indexOf('Story number 3')).toBeLessThan(index.indexOf('Story number 1'));
    expect(index).toContain('../pages/rss/a3.md');
    const manifest = JSON.parse(await readFile(join(dir, 'indexes/rss.json'), 'utf8'));
    expect(manifest.articles.map((a: { path: string }) => a.path)).toEqual(['pages/rss/a3.md', 'pages/rss/a2.md', 'pages/rss/a1.md']);
    const home = await readFile(join(dir, 'README.md'), 'utf8');
    for (const ch of ['rss', 'atom', 'gbk']) expect(home).toContain(`indexes/${ch}.md`);

    // A second run over unchanged feeds changes nothing, byte for byte.
    const before = await Promise.all(files.map((f) => readFile(join(dir, f))));
    const again = await runJson(config, dir);
    expect(again).toMatchObject({ newArticles: 0, added: [], changed: [], deleted: [] });
    const after = await Promise.all(files.map((f) => readFile(join(dir, f))));
    expect(after.map((b, i) => b.equals(before[i]!))).toEqual(files.map(() => true));
  });

  it('keeps the newest N per channel, deleting page and QR together, and drops excluded titles', async () => {
    const dir = tempDir('nm-e2e-');
    const o = site.origin;
    site.set('/ret.xml', rss2(makeItems(o, 'ret', 3)));
    const config = await configFile(dir, channel('ret', '/ret.xml', '    retention: 3\n    exclude-titles: ["number 5", "/NUMBER 7/i"]\n'));
    await runJson(config, dir);
    expect((await listFiles(dir)).filter((f) => f.startsWith('pages/'))).toEqual(['pages/ret/a1.md', 'pages/ret/a1.md.png', 'pages/ret/a2.md', 'pages/ret/a2.md.png', 'pages/ret/a3.md', 'pages/ret/a3.md.png']);

    site.set('/ret.xml', rss2(makeItems(o, 'ret', 7)));
    const s = await runJson(config, dir);
    // 4..7 are new; 5 and 7 are excluded; 4 and 6 push out 1 and 2.
    expect(s.channels[0]).toMatchObject({ id: 'ret', new: 2, removed: 2 });
    expect(s.deleted.sort()).toEqual(['pages/ret/a1.md', 'pages/ret/a1.md.png', 'pages/ret/a2.md', 'pages/ret/a2.md.png']);
    expect((await listFiles(dir)).filter((f) => f.startsWith('pages/'))).toEqual(['pages/ret/a3.md', 'pages/ret/a3.md.png', 'pages/ret/a4.md', 'pages/ret/a4.md.png', 'pages/ret/a6.md', 'pages/ret/a6.md.png']);
    const index = await readFile(join(dir, 'indexes/ret.md'), 'utf8');
    expect(index).not.toContain('Story number 1 ');
    expect(index).not.toContain('Story number 5');
  });

  it('never writes outside pages/<channel>/, whatever the item URLs say', async () => {
    const dir = tempDir('nm-e2e-');
    const o = site.origin;
    const hostile = ['/../../.github/workflows/evil.yml', '/%2e%2e/%2e%2e/README', '/x/..%2F..%2Fetc%2Fpasswd', '/C:\\Windows\\evil', `/${'a'.repeat(1000)}`, '/.github/workflows/ci.yml', '/%00.md', '/'];
    const items = hostile.map((p, k) => ({ url: `${o}${p}`, title: `Hostile ${k}`, published: `2026-02-0${k + 1}T00:00:00Z`, html: `<p>hostile ${k}</p>` }));
    site.set('/hostile.xml', rss2(items));
    const config = await configFile(dir, channel('h', '/hostile.xml'));
    const s = await runJson(config, dir);
    const files = await listFiles(dir);
    for (const f of files) expect(f).toMatch(/^(README\.md|indexes\/h\.(md|json)|feeds\/h\.xml|pages\/h\/[A-Za-z0-9_-]{1,80}\.md(\.png)?)$/);
    expect(existsSync(join(dir, '.github'))).toBe(false);
    expect(s.newArticles + s.channels[0]!.skipped.length).toBe(new Set(items.map((i) => new URL(i.url).href)).size);
  });

  it('reports a broken channel and publishes the others', async () => {
    const dir = tempDir('nm-e2e-');
    site.set('/broken.xml', '<html><body>Not a feed</body></html>');
    const config = await configFile(dir, [channel('missing', '/nope.xml'), channel('broken', '/broken.xml'), channel('ok', '/atom.xml')].join(''));
    const r = await runCli(['run', '--config', config, '--out', dir, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.channels.find((c: { id: string }) => c.id === 'missing').error).toContain(site.url('/nope.xml'));
    expect(s.channels.find((c: { id: string }) => c.id === 'missing').error).toMatch(/404/);
    expect(s.channels.find((c: { id: string }) => c.id === 'broken').error).toBe(`${site.url('/broken.xml')}: not a feed: an HTML page`);
    expect(s.channels.find((c: { id: string }) => c.id === 'ok').new).toBe(2);
    expect(r.stderr).toMatch(/channel missing: .*404/);
  });

  it('rejects a bad config with exit 2, naming the file and the key', async () => {
    const dir = tempDir('nm-e2e-');
    const config = await configFile(dir, channel('x', '/rss.xml', '    bodee: page\n'));
    const r = await runCli(['run', '--config', config, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config}: invalid config`);
    expect(r.stderr).toContain('line 10, column 5: channels[0].bodee: unknown key; did you mean `body`?');
    expect(await listFiles(dir)).toEqual([]);
    const usage = await runCli(['run', '--out', dir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('run needs --config FILE');
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const dir = tempDir('nm-e2e-');
    const config = await configFile(dir, channel('rss', '/rss.xml'));
    const s = await runJson(config, dir, ['--dry-run']);
    expect(s.newArticles).toBe(3);
    expect(s.added.length).toBeGreaterThan(6);
    expect(await listFiles(dir)).toEqual([]);
  });
});

describe('news-mirror demo', () => {
  it('mirrors the bundled sample site, then finds nothing new', async () => {
    const cwd = tempDir('nm-demo-');
    const first = await runCli(['demo', '--json'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const s = JSON.parse(first.stdout);
    expect(s.warnings).toEqual([]);
    expect(s.channels.map((c: { id: string; new: number }) => [c.id, c.new])).toEqual([
      ['world', 3],
      ['china', 2],
      ['tech', 2],
    ]);
    const china = await readFile(join(cwd, 'demo-mirror/pages/china/n10000001.md'), 'utf8');
    expect(china).toContain('### 山区小学通上高速网络 学生首次上网课');
    expect(china).toContain('全校一百二十名学生第一次在教室里上了网课');
    const tech = await readFile(join(cwd, 'demo-mirror/pages/tech/solar-roofs-record.md'), 'utf8');
    expect(tech).toContain('Rooftop panels covered a record share');
    expect(tech).not.toContain('Related: other story');
    expect(tech).not.toContain('javascript:');
    const second = await runCli(['demo', '--json'], { cwd });
    expect(JSON.parse(second.stdout)).toMatchObject({ newArticles: 0, added: [], changed: [], deleted: [] });
  });
});
