// What a run says and what it writes, through dist/cli.js: a run whose every
// channel failed fails and writes nothing; fail-on and stale-after; channel
// health in the manifest and the index; files the mirror did not write are
// kept; every link of the written Markdown resolves; a feed item without text
// gets a page once; a first run fetches only what retention keeps.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { makeItems, rss2 } from '../helpers/feeds.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

let site: FixtureSite;
const dirs: string[] = [];

beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'nm-truth-'));
  dirs.push(d);
  return d;
}

/** A config outside the mirror's folder, so the folder holds only what the run wrote. */
async function configFile(channels: string, extra = ''): Promise<string> {
  const file = join(await tempDir(), 'mirror.yml');
  await writeFile(file, `locale: en\nsite:\n  base-url: https://github.com/acme/m/blob/main\n  header: "#### [Home](README.md)"\nfetch: { retries: 0 }\n${extra}channels:\n${channels}`);
  return file;
}

const channel = (id: string, path: string, more = '') => `  - id: ${id}\n    title: Channel ${id}\n    source: { type: feed, url: "${site.url(path)}" }\n${more}`;

function run(config: string, out: string, extra: string[] = []): Promise<CliResult> {
  return runCli(['run', '--config', config, '--out', out, '--json', ...extra]);
}

interface Json {
  newArticles: number;
  added: string[];
  changed: string[];
  deleted: string[];
  failure?: string;
  channels: Array<{ id: string; new: number; error?: string; failingSince?: string; failures?: number }>;
}
const json = (r: CliResult) => JSON.parse(r.stdout) as Json;

async function listFiles(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  return all.map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/')).sort();
}

/** Every file's bytes and modification time: equal snapshots mean nothing was written. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await listFiles(dir)) {
    const p = join(dir, f);
    out[f] = `${(await stat(p)).mtimeMs} ${(await readFile(p)).toString('base64')}`;
  }
  return out;
}

describe('a run where every channel fails', () => {
  it('exits 1, says so, and writes nothing: not even the home page', async () => {
    const out = await tempDir();
    site.set('/all-a.xml', rss2(makeItems(site.origin, 'all-a', 2)));
    const config = await configFile(channel('a', '/all-a.xml') + channel('b', '/all-b-missing.xml'));
    expect((await run(config, out)).code).toBe(0);
    const before = await snapshot(out);
    expect(Object.keys(before)).toContain('README.md');

    site.remove('/all-a.xml');
    await new Promise((r) => setTimeout(r, 20)); // a rewrite would show in the mtimes
    const r = await run(config, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('news-mirror: the run failed: every channel failed (a, b), so nothing was written');
    expect(r.stderr).not.toContain('Nothing new');
    expect(json(r)).toMatchObject({ added: [], changed: [], deleted: [] });
    expect(json(r).channels.map((c) => c.error)).toEqual([expect.stringContaining('404'), expect.stringContaining('404')]);
    expect(await snapshot(out)).toEqual(before);
  });

  it('on a first run into an empty folder, creates nothing at all; `fail-on: never` lets it pass', async () => {
    const out = await tempDir();
    const config = await configFile(channel('x', '/nothing-here.xml') + channel('y', '/nor-here.xml'));
    const r = await runCli(['run', '--config', config, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Nothing written to ${out}: every channel failed.`);
    expect(await listFiles(out)).toEqual([]);
    const never = await run(await configFile(channel('x', '/nothing-here.xml'), 'fail-on: never\n'), out);
    expect(never.code, never.stderr).toBe(0);
    expect(await listFiles(out)).toEqual([]);
  });
});

describe('fail-on', () => {
  it('all-channels (default) publishes the healthy channel and passes; any-channel publishes it and fails; the flag wins over the config', async () => {
    site.set('/fo-ok.xml', rss2(makeItems(site.origin, 'fo-ok', 2)));
    const channels = channel('ok', '/fo-ok.xml') + channel('gone', '/fo-gone.xml');

    const out1 = await tempDir();
    const byDefault = await run(await configFile(channels), out1);
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect(await listFiles(out1)).toContain('pages/ok/a2.md');

    const out2 = await tempDir();
    const strict = await run(await configFile(channels, 'fail-on: any-channel\n'), out2);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('1 of 2 channels failed (gone); the others were published. `fail-on: any-channel` fails the job');
    expect(await listFiles(out2)).toContain('pages/ok/a2.md');

    const out3 = await tempDir();
    const overridden = await run(await configFile(channels, 'fail-on: never\n'), out3, ['--fail-on', 'any-channel']);
    expect(overridden.code).toBe(1);

    const bad = await run(await configFile(channels), out3, ['--fail-on', 'sometimes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-on: expected all-channels, any-channel, never, got "sometimes"');
  }, 300_000);
});

describe('channel health', () => {
  it('is kept in the manifest and shown on the index while failing, fails the job past stale-after, and is dropped when the channel reads again', async () => {
    const out = await tempDir();
    site.set('/h-ok.xml', rss2(makeItems(site.origin, 'h-ok', 1)));
    site.set('/h-flaky.xml', rss2(makeItems(site.origin, 'h-flaky', 2)));
    const config = await configFile(channel('ok', '/h-ok.xml') + channel('flaky', '/h-flaky.xml'));
    expect((await run(config, out)).code).toBe(0);

    site.set('/h-flaky.xml', { status: 503, body: 'down' });
    const first = await run(config, out, ['--stale-after', '3d']);
    expect(first.code, first.stderr).toBe(0);
    const flaky1 = json(first).channels.find((c) => c.id === 'flaky')!;
    expect(flaky1.failures).toBe(1);
    expect(Date.parse(flaky1.failingSince!)).not.toBeNaN();
    expect(json(first).channels.find((c) => c.id === 'ok')).not.toHaveProperty('failingSince');
    expect(json(first).changed.sort()).toEqual(['indexes/flaky.json', 'indexes/flaky.md']);
    const manifest1 = JSON.parse(await readFile(join(out, 'indexes/flaky.json'), 'utf8'));
    expect(manifest1.health).toEqual({ failures: 1, since: flaky1.failingSince, lastError: expect.stringContaining('503') });
    expect(manifest1.articles).toHaveLength(2);
    expect(await readFile(join(out, 'indexes/flaky.md'), 'utf8')).toContain(`⚠️ The source has been failing since ${flaky1.failingSince!.slice(0, 10)}.`);

    const second = await run(config, out);
    expect(second.code).toBe(0);
    // The count changes, the first failure's time stays: only the manifest is rewritten.
    expect(json(second).changed).toEqual(['indexes/flaky.json']);
    expect(JSON.parse(await readFile(join(out, 'indexes/flaky.json'), 'utf8')).health).toMatchObject({ failures: 2, since: flaky1.failingSince });

    // Four days of failing runs later (the record says so): the job fails, whatever fail-on says.
    const fourDaysAgo = new Date(Date.now() - 4 * 86_400_000).toISOString();
    await writeFile(join(out, 'indexes/flaky.json'), JSON.stringify({ ...manifest1, health: { ...manifest1.health, since: fourDaysAgo } }, null, 2));
    const stale = await run(config, out, ['--fail-on', 'never']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`a channel has been failing for longer than stale-after (3d), whatever fail-on says: flaky (failing since ${fourDaysAgo}`);
    expect(json(stale).channels.find((c) => c.id === 'flaky')).toMatchObject({ failures: 2, failingSince: fourDaysAgo });
    // The healthy channel was still published by that run.
    expect(await readFile(join(out, 'indexes/ok.json'), 'utf8')).toContain('h-ok');
    const lenient = await run(config, out, ['--stale-after', '5d']);
    expect(lenient.code, lenient.stderr).toBe(0);

    site.set('/h-flaky.xml', rss2(makeItems(site.origin, 'h-flaky', 2)));
    const back = await run(config, out);
    expect(back.code).toBe(0);
    expect(json(back).channels.find((c) => c.id === 'flaky')).not.toHaveProperty('failures');
    expect(JSON.parse(await readFile(join(out, 'indexes/flaky.json'), 'utf8'))).not.toHaveProperty('health');
    expect(await readFile(join(out, 'indexes/flaky.md'), 'utf8')).not.toContain('failing since');

    // A healthy run with nothing new writes nothing.
    const before = await snapshot(out);
    const idle = await run(config, out);
    expect(json(idle)).toMatchObject({ added: [], changed: [], deleted: [] });
    expect(await snapshot(out)).toEqual(before);
  }, 300_000);
});

describe('files the mirror did not write', () => {
  it('a hand-written README.md stops the run with an error naming paths.home, and is kept byte for byte', async () => {
    const out = await tempDir();
    const readme = '# My project\n\nWritten by a person.\n';
    await writeFile(join(out, 'README.md'), readme);
    site.set('/own.xml', rss2(makeItems(site.origin, 'own', 2)));
    const r = await run(await configFile(channel('own', '/own.xml')), out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('README.md was not written by News Mirror');
    expect(r.stderr).toContain('Set `paths.home` to another file');
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe(readme);
    expect(await listFiles(out)).toEqual(['README.md']);
    expect(site.requests).not.toContain('/own.xml');

    // With the home page elsewhere the run goes on; README.md stays as it was.
    const moved = await run(await configFile(channel('own', '/own.xml'), 'paths: { home: NEWS.md }\n'), out);
    expect(moved.code, moved.stderr).toBe(0);
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe(readme);
    expect((await readFile(join(out, 'NEWS.md'), 'utf8')).split('\n')[0]).toMatch(/^<!-- generated by News Mirror/);
  });

  it('keeps an index it did not write, and never reuses the name of a page file it did not write', async () => {
    const out = await tempDir();
    await mkdir(join(out, 'indexes'), { recursive: true });
    await writeFile(join(out, 'indexes/mine.md'), 'my notes\n');
    site.set('/mine.xml', rss2(makeItems(site.origin, 'mine', 1)));
    const refused = await run(await configFile(channel('mine', '/mine.xml')), out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('indexes/mine.md (channel mine) was not written by News Mirror: there is no indexes/mine.json beside it. Set `paths.indexes` to another folder');
    expect(await listFiles(out)).toEqual(['indexes/mine.md']);

    const out2 = await tempDir();
    await mkdir(join(out2, 'pages/mine'), { recursive: true });
    await writeFile(join(out2, 'pages/mine/a1.md'), 'a page a person put here\n');
    const r = await run(await configFile(channel('mine', '/mine.xml')), out2);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(out2, 'pages/mine/a1.md'), 'utf8')).toBe('a page a person put here\n');
    const pages = (await listFiles(out2)).filter((f) => f.startsWith('pages/mine/') && f.endsWith('.md'));
    expect(pages).toHaveLength(2);
  });
});

/** Relative link targets of a Markdown file: [text](target), src='…', href='…'. */
function relativeTargets(md: string): string[] {
  const out: string[] = [];
  for (const m of md.matchAll(/\]\(<?([^)\s>]+)>?\)|(?:src|href)=['"]([^'"]+)['"]/g)) {
    const t = (m[1] ?? m[2])!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(t) || t.startsWith('#')) continue;
    out.push(decodeURIComponent(t.split('#')[0]!));
  }
  return out;
}

describe('links', () => {
  it('every relative link in the written Markdown resolves, with an empty, a failing and a healthy channel', async () => {
    const out = await tempDir();
    site.set('/ln-ok.xml', rss2(makeItems(site.origin, 'ln-ok', 3)));
    site.set('/ln-empty.xml', rss2([]));
    const config = await configFile(channel('full', '/ln-ok.xml') + channel('empty', '/ln-empty.xml') + channel('down', '/ln-down.xml'));
    const r = await run(config, out);
    expect(r.code, r.stderr).toBe(0);
    const files = await listFiles(out);
    const markdown = files.filter((f) => f.endsWith('.md'));
    expect(markdown).toContain('README.md');
    const broken: string[] = [];
    let checked = 0;
    for (const f of markdown) {
      for (const t of relativeTargets(await readFile(join(out, f), 'utf8'))) {
        const target = posix.normalize(posix.join(posix.dirname(f), t));
        checked++;
        if (!existsSync(join(out, target))) broken.push(`${f} -> ${t}`);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(broken).toEqual([]);
    // The failing channel has an index (it says since when); the empty one is named without a link.
    expect(markdown).toContain('indexes/down.md');
    expect(markdown).not.toContain('indexes/empty.md');
    const home = await readFile(join(out, 'README.md'), 'utf8');
    expect(home).toContain('- Channel empty · 0 articles');
    expect(await readFile(join(out, 'indexes/down.md'), 'utf8')).toContain('No articles yet.');
  });
});

describe('a feed item with no text (body: feed)', () => {
  it('gets a page with its title, date, original link and a line saying so, once', async () => {
    const out = await tempDir();
    const url = site.url('/nt/bare.html');
    site.set(
      '/nt.xml',
      `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Only a headline</title><link>${url}</link><pubDate>${new Date('2026-03-04T05:06:00Z').toUTCString()}</pubDate></item></channel></rss>`,
    );
    const config = await configFile(channel('nt', '/nt.xml'));
    const first = await run(config, out);
    expect(first.code, first.stderr).toBe(0);
    expect(json(first).channels[0]).toMatchObject({ new: 1, skipped: [] });
    const page = await readFile(join(out, 'pages/nt/bare.md'), 'utf8');
    expect(page).toContain('### Only a headline');
    expect(page).toContain('Published: 2026-03-04 05:06 UTC');
    expect(page).toContain('(The source gave no text for this article; read it at the original link.)');
    expect(page).toContain(`Original article (may need a VPN): ${url}`);
    const again = await run(config, out);
    expect(json(again)).toMatchObject({ newArticles: 0, added: [], changed: [] });
    expect(json(again).channels[0]).toMatchObject({ skipped: [] });
  });
});

describe('what a run fetches', () => {
  const page = (n: number) => `<html><body><article><p>Body of article ${n}, fetched from its own page.</p></article></body></html>`;
  const item = (n: number) =>
    `<item><title>Article ${n}</title><link>${site.url(`/fx/${n}.html`)}</link><pubDate>${new Date(Date.UTC(2026, 0, n)).toUTCString()}</pubDate></item>`;
  const feed = (ns: number[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>${ns.map(item).join('')}</channel></rss>`;
  const fetched = (from: number) => site.requests.slice(from).filter((p) => p.startsWith('/fx/'));

  it('fetches only the article pages retention keeps, on the first run and after', async () => {
    for (let n = 1; n <= 12; n++) site.set(`/fx/${n}.html`, page(n));
    site.set('/fx.xml', feed([1, 3, 5, 7, 9, 10, 11, 12, 2, 4]));
    const out = await tempDir();
    const config = await configFile(channel('fx', '/fx.xml', '    body: page\n    page: { select: article }\n    retention: 3\n    limit: 10\n'));
    let mark = site.requests.length;
    const first = await run(config, out);
    expect(first.code, first.stderr).toBe(0);
    expect(fetched(mark).sort()).toEqual(['/fx/10.html', '/fx/11.html', '/fx/12.html']);

    // Held: 12, 11, 10. New: 13 (newer) and 8, 6 (older than all held): only 13 is fetched.
    site.set('/fx/13.html', page(13));
    site.set('/fx.xml', feed([13, 12, 11, 10, 8, 6]));
    mark = site.requests.length;
    const second = await run(config, out);
    expect(fetched(mark)).toEqual(['/fx/13.html']);
    expect(json(second)).toMatchObject({ newArticles: 1 });

    // Held: 13, 12, 11. New: 14, 16 and 12.5-ish ones between: only those that rank in the newest three.
    site.set('/fx.xml', feed([16, 14, 13, 12, 11, 10, 9]));
    for (const n of [14, 16]) site.set(`/fx/${n}.html`, page(n));
    mark = site.requests.length;
    const third = await run(config, out);
    expect(fetched(mark).sort()).toEqual(['/fx/14.html', '/fx/16.html']);
    expect(json(third)).toMatchObject({ newArticles: 2 });
  }, 300_000);

  it('fetches no article page older than the oldest kept one when retention is full', async () => {
    for (let n = 1; n <= 10; n++) site.set(`/fx/${n}.html`, page(n));
    const out = await tempDir();
    const config = await configFile(channel('fy', '/fy.xml', '    body: page\n    page: { select: article }\n    retention: 3\n'));
    site.set('/fy.xml', feed([5, 7, 9]));
    expect((await run(config, out)).code).toBe(0);
    // Held 9, 7, 5. New 10, 8 and 6: 6 is newer than the oldest held (5) but would not be kept.
    site.set('/fy.xml', feed([10, 8, 6, 4, 2]));
    const mark = site.requests.length;
    const r = await run(config, out);
    expect(json(r)).toMatchObject({ newArticles: 2 });
    expect(fetched(mark).sort()).toEqual(['/fx/10.html', '/fx/8.html']);
  });
});
