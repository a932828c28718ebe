// What a run tells the maintainer, through dist/cli.js: problems grouped by
// channel and cause (once, with the key that fixes them), items left out on
// purpose counted, config patterns that did nothing reported, and progress
// lines while article pages load.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rss2, type FixtureItem } from '../helpers/feeds.js';
import { runCli } from '../helpers/run-cli.js';
import type { Problem } from '../../src/report/problems.js';

const BASE = 'https://github.com/acme/mirror/blob/main';
let site: FixtureSite;
/** The fixture site under another name: same server, another host as the mirror sees it. */
let otherHost: string;

const page = (n: string) => `<html><head><title>Story ${n}</title></head><body><article><h1>Story ${n}</h1><p>The body of story ${n}, long enough to be read as an article.</p><p>A second paragraph of story ${n}.</p></article></body></html>`;

function item(url: string, n: number, title = `Story ${n}`): FixtureItem {
  return { url, title, published: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(), html: `<p>Story ${n} with a <a href="${site.origin}/tag/t${n}">tag</a>.</p>` };
}

beforeAll(async () => {
  site = await startFixtureSite();
  otherHost = `localhost:${new URL(site.origin).port}`;
  // world: 3 pages on its own host, 35 on a host the config does not allow.
  const world = [
    ...Array.from({ length: 3 }, (_, k) => item(site.url(`/world/ok${k}.html`), k)),
    ...Array.from({ length: 35 }, (_, k) => item(`http://${otherHost}/world/cdn${k}.html`, 10 + k)),
  ];
  for (let k = 0; k < 3; k++) site.set(`/world/ok${k}.html`, page(`ok${k}`));
  site.set('/world.xml', rss2(world));
  // local: 4 pages that 404 and 2 that answer 503, so two causes.
  site.set('/local.xml', rss2(Array.from({ length: 6 }, (_, k) => item(site.url(`/local/gone${k}.html`), k))));
  for (const k of [4, 5]) site.set(`/local/gone${k}.html`, { status: 503, body: 'down' });
  // picky: 15 usable items, 2 listed twice, 3 excluded by title; limit 10.
  const picky = [
    ...Array.from({ length: 15 }, (_, k) => item(site.url(`/picky/p${k}.html`), k)),
    item(site.url('/picky/p0.html'), 0),
    item(site.url('/picky/p1.html#again'), 1),
    ...Array.from({ length: 3 }, (_, k) => item(site.url(`/picky/ad${k}.html`), 30 + k, `Sponsored ${k}`)),
  ];
  site.set('/picky.xml', rss2(picky));
  // slow: article pages that take a while, for progress lines.
  site.set('/slow.xml', rss2(Array.from({ length: 12 }, (_, k) => item(site.url(`/slow/s${k}.html`), k))));
  for (let k = 0; k < 12; k++) site.set(`/slow/s${k}.html`, { body: page(`s${k}`), delayMs: 150 });
  // bulk: 300 items whose bodies come from the feed, so no page is fetched.
  const paragraphs = (k: number) => Array.from({ length: 12 }, (_, p) => `<p>Paragraph ${p} of bulk story ${k}, <b>long</b> enough to be worth the cleaning and the conversion.</p>`).join('');
  site.set('/bulk.xml', rss2(Array.from({ length: 300 }, (_, k) => ({ ...item(site.url(`/bulk/b${k}.html`), k), html: paragraphs(k) }))));
});
const dirs: string[] = [];
afterAll(async () => {
  await site.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function configFile(channels: string, extra = ''): Promise<{ file: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'nm-report-'));
  dirs.push(dir);
  const file = join(dir, 'mirror.yml');
  await writeFile(file, `site: { base-url: "${BASE}" }\nfetch: { retries: 0, timeout-ms: 5000, per-host: 2 }\n${extra}channels:\n${channels}`);
  return { file, out: join(dir, 'out') };
}

interface JsonSummary {
  warnings: string[];
  problems: Problem[];
  channels: Array<{ id: string; new: number; skipped: unknown[]; attempted?: number; dropped?: Record<string, number> }>;
}

describe('problems grouped by cause (dist/cli.js)', () => {
  it('35 refused pages of a channel are one warning that names the host and the allow-hosts key; the log group keeps the full list', async () => {
    const { file, out } = await configFile(`  - { id: world, title: World, body: page, source: { type: feed, url: "${site.url('/world.xml')}" } }\n`);
    const r = await runCli(['run', '--config', file, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as JsonSummary;
    const world = s.problems.filter((p) => p.channel === 'world' && p.level === 'warning');
    expect(world).toHaveLength(1);
    expect(world[0]).toMatchObject({ cause: `host-refused:${otherHost}`, count: 35 });
    expect(world[0]!.message).toBe(
      `35 article pages of channel \`world\` were refused: their host \`${otherHost}\` is not the channel's host. Add it to \`channels[0].allow-hosts\` if the channel's articles live there.`,
    );
    expect(world[0]!.examples).toEqual([0, 1, 10].map((k) => `http://${otherHost}/world/cdn${k}.html`));
    // The JSON summary's warnings carry the same grouped problem, once.
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toContain('35 article pages of channel `world` were refused');
    expect(s.warnings[0]).toContain(', and 32 more.');
    // On the terminal: one warning line, and each refused URL once in the channel's group.
    const warned = r.stderr.split('\n').filter((l) => l.trimStart().startsWith('warning:'));
    expect(warned).toHaveLength(1);
    for (let k = 0; k < 35; k++) expect(r.stderr.split(`skipped http://${otherHost}/world/cdn${k}.html:`)).toHaveLength(2);
    expect(s.channels[0]).toMatchObject({ id: 'world', new: 3, attempted: 38 });
  });

  it('splits failures by HTTP status, and the text summary lists each problem once with a true status', async () => {
    const { file, out } = await configFile(`  - { id: local, title: Local, body: page, source: { type: feed, url: "${site.url('/local.xml')}" } }\n`);
    const json = JSON.parse((await runCli(['run', '--config', file, '--out', out, '--json', '--dry-run'])).stdout) as JsonSummary;
    expect(json.problems.map((p) => [p.cause, p.count])).toEqual([
      ['http-status:404', 4],
      ['http-status:503', 2],
    ]);
    expect(json.problems[0]!.message).toContain('answered HTTP 404');
    expect(json.problems[0]!.message).toContain('`channels[0].exclude-titles`');
    expect(json.problems[1]!.message).toContain('`fetch.retries`');

    const text = await runCli(['run', '--config', file, '--out', out, '--dry-run']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/local +0 new, 0 removed, 6 skipped: partial \(6 of 6 pages failed\)/);
    expect(text.stdout.split('answered HTTP 404')).toHaveLength(2);
    expect(text.stdout.split('answered HTTP 503')).toHaveLength(2);
  });

  it('counts what was left out on purpose, and reports exclude-titles and unlink patterns that matched nothing (as info)', async () => {
    const { file, out } = await configFile(
      `  - id: picky\n    title: Picky\n    limit: 10\n    source: { type: feed, url: "${site.url('/picky.xml')}" }\n    exclude-titles: ["Sponsored", "/^Never/"]\n    unlink: ["/tag/", "/nowhere/"]\n`,
      'unlink: ["/gone-too/"]\n',
    );
    const r = await runCli(['run', '--config', file, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as JsonSummary;
    expect(s.warnings).toEqual([]);
    const notes = s.problems.filter((p) => p.level === 'info').map((p) => p.message);
    expect(notes).toEqual([
      'channel picky: 15 in the source, 10 taken: limit 10 (`channels[0].limit`).',
      'channel picky: 2 items were listed twice and taken once.',
      'channel picky: 3 items left out by title (`channels[0].exclude-titles`).',
      'channel picky: the `channels[0].exclude-titles` pattern "/^Never/" matched none of its 20 items.',
      'channel picky: the `channels[0].unlink` pattern "/nowhere/" matched no link in its 10 new pages.',
      'the top-level `unlink` pattern "/gone-too/" matched no link in the 10 new pages of this run.',
    ]);
    expect(s.channels[0]).toMatchObject({ new: 10, dropped: { inSource: 20, duplicates: 2, excluded: 3, overLimit: 5 } });
    // Info, not warnings: the terminal shows them without "warning:".
    expect(r.stderr).not.toMatch(/warning:.*picky/);
    expect(r.stderr).toContain('channel picky: 15 in the source, 10 taken: limit 10');
  });

  it('prints progress lines per loading channel while article pages load, with counts that only grow', async () => {
    const { file, out } = await configFile(`  - { id: slow, title: Slow, body: page, source: { type: feed, url: "${site.url('/slow.xml')}" } }\n`);
    const r = await runCli(['run', '--config', file, '--out', out], { env: { NEWS_MIRROR_PROGRESS_MS: '40' } });
    expect(r.code, r.stderr).toBe(0);
    const counts = [...r.stderr.matchAll(/^slow: (\d+)\/12 pages$/gm)].map((m) => Number(m[1]));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.every((n) => n < 12)).toBe(true);
    expect(r.stdout).toMatch(/slow +12 new/);
  });

  it('prints progress lines when the bodies come from the feed too: building articles yields to the event loop, one article at a time', async () => {
    const { file, out } = await configFile(`  - { id: bulk, title: Bulk, body: feed, limit: 300, retention: 300, source: { type: feed, url: "${site.url('/bulk.xml')}" } }\n`);
    const r = await runCli(['run', '--config', file, '--out', out], { env: { NEWS_MIRROR_PROGRESS_MS: '5' } });
    expect(r.code, r.stderr).toBe(0);
    const counts = [...r.stderr.matchAll(/^bulk: (\d+)\/300 pages$/gm)].map((m) => Number(m[1]));
    expect(counts.length, r.stderr).toBeGreaterThan(1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.every((n) => n < 300)).toBe(true);
    expect(r.stdout).toMatch(/bulk +300 new/);
  });
});
