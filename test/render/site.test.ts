import { parseAtomFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../src/render/atom.js';
import { parseManifest, renderChannelIndex, renderManifest } from '../../src/render/channel-index.js';
import { HOME_MARKER, isMirrorHome, renderHome } from '../../src/render/home.js';
import type { Manifest, ManifestEntry } from '../../src/types.js';
import { makeConfig } from './helpers.js';

const config = makeConfig(
  `site:\n  title: 禁闻镜像\n  header: "#### [首页](README.md) | [索引](indexes/)"\n  footer: "[首页](README.md)"\n  home-latest: 3\n`,
  `  - id: world\n    title: World & <Co>\n    source: { type: feed, url: https://example.org/world.xml }\n`,
);
const base = 'https://github.com/o/r/blob/main';
const ctx = { config, baseUrl: base };

const e = (id: string, published: string | undefined, ch = 'nsc413', extra: Partial<ManifestEntry> = {}): ManifestEntry => ({
  id,
  title: `标题 ${id}`,
  url: `https://www.epochtimes.com/gb/${id}.htm`,
  ...(published && { published }),
  path: `pages/${ch}/${id}.md`,
  hash: 'a'.repeat(40),
  ...extra,
});

const china: Manifest = {
  channel: 'nsc413',
  title: '大陆新闻',
  // Deliberately out of order, with a tie and an undated entry.
  articles: [
    e('n2', '2023-03-20T10:00:00Z'),
    e('n4', undefined, 'nsc413', { mirrored: '2023-03-22T00:00:00Z' }),
    e('n1', '2023-03-21T08:00:00+08:00'),
    e('n3', '2023-03-21T00:00:00Z'),
    e('n0', undefined),
  ],
};
const world: Manifest = { channel: 'world', title: 'World & <Co>', articles: [e('w1', '2023-03-21T12:00:00Z', 'world', { title: 'A "quoted" <title> & more' })] };

describe('channel index', () => {
  const md = renderChannelIndex(china, ctx);
  it('lists articles newest first (ties by id, undated last) with dates and links relative to indexes/', () => {
    const items = md.split('\n').filter((l) => l.startsWith('- '));
    expect(items).toEqual([
      '- 2023-03-22 [标题 n4](../pages/nsc413/n4.md)',
      '- 2023-03-21 [标题 n1](../pages/nsc413/n1.md)',
      '- 2023-03-21 [标题 n3](../pages/nsc413/n3.md)',
      '- 2023-03-20 [标题 n2](../pages/nsc413/n2.md)',
      '- [标题 n0](../pages/nsc413/n0.md)',
    ]);
  });
  it('has the title, rebased header and footer, count and feed link', () => {
    expect(md.startsWith('### 大陆新闻\n------------------------\n\n#### [首页](../README.md) | [索引](./)\n\n5 篇 · [Atom 订阅](../feeds/nsc413.xml)\n')).toBe(true);
    expect(md.endsWith('------------------------\n[首页](../README.md)\n')).toBe(true);
  });
  it('is deterministic whatever the input order', () => {
    expect(renderChannelIndex({ ...china, articles: [...china.articles].reverse() }, ctx)).toBe(md);
  });
  it('says when the channel has no article yet, and since when its source fails', () => {
    const health = { failures: 4, since: '2026-11-28T06:30:00.000Z', lastError: 'HTTP 404' };
    const empty = renderChannelIndex({ ...china, articles: [], health }, ctx);
    expect(empty).toContain('0 篇 · [Atom 订阅](../feeds/nsc413.xml)\n\n⚠️ 来源自 2026-11-28 起无法读取。\n\n暂无文章。\n\n------------------------\n');
    expect(renderChannelIndex(china, ctx)).not.toContain('无法读取');
  });
});

describe('manifest', () => {
  it('round-trips as stable pretty JSON with a fixed key order', () => {
    const text = renderManifest(china);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "articles": [\n    {\n      "id": "n4",\n      "title": "标题 n4",\n      "url": ');
    const back = parseManifest(text, 'indexes/nsc413.json');
    expect(back.articles.map((a) => a.id)).toEqual(['n4', 'n1', 'n3', 'n2', 'n0']);
    expect(renderManifest(back)).toBe(text);
    expect(renderManifest({ ...china, articles: [...china.articles].reverse() })).toBe(text);
    const failing = renderManifest({ ...china, health: { failures: 2, since: '2026-11-28T06:30:00.000Z', lastError: 'HTTP 404' } });
    expect(parseManifest(failing, 'indexes/nsc413.json').health).toEqual({ failures: 2, since: '2026-11-28T06:30:00.000Z', lastError: 'HTTP 404' });
    expect(() => parseManifest(failing.replace('"failures": 2', '"failures": 0'), 'f.json')).toThrow('f.json: health.failures: expected a whole number of at least 1');
  });
  it('rejects garbage with a message naming the file and the field', () => {
    expect(() => parseManifest('{not json', 'indexes/x.json')).toThrow(/^indexes\/x\.json: not valid JSON/);
    expect(() => parseManifest('[]', 'indexes/x.json')).toThrow(/indexes\/x\.json: top level: expected an object/);
    expect(() => parseManifest('{"channel":"x","title":"t"}', 'f.json')).toThrow('f.json: articles: expected a list');
    const bad = (entry: object) => JSON.stringify({ channel: 'x', title: 't', articles: [{ ...e('n1', undefined), ...entry }] });
    expect(() => parseManifest(bad({ hash: 'zz' }), 'f.json')).toThrow('f.json: articles[0].hash: expected a 40-digit hex SHA-1');
    expect(() => parseManifest(bad({ path: '../../.github/workflows/x.yml' }), 'f.json')).toThrow(/articles\[0\]\.path: not a safe repository path/);
    expect(() => parseManifest(bad({ id: '../x' }), 'f.json')).toThrow(/articles\[0\]\.id: unsafe id/);
    expect(() => parseManifest(bad({ title: 3 }), 'f.json')).toThrow('f.json: articles[0].title: expected a string, got 3');
    expect(() => parseManifest(bad({ published: 'yesterday' }), 'f.json')).toThrow(/published: not a date/);
  });
});

describe('home page', () => {
  const md = renderHome([china, world], ctx);
  it('shows the site title, header, channels with counts linked to their indexes', () => {
    expect(md.startsWith(`${HOME_MARKER}\n# 禁闻镜像\n\n#### [首页](README.md) | [索引](indexes/)\n\n### 频道\n\n`)).toBe(true);
    expect(md).toContain('- [大陆新闻](indexes/nsc413.md) · 5 篇\n- [World & \\<Co>](indexes/world.md) · 1 篇\n');
    expect(isMirrorHome(md)).toBe(true);
    expect(isMirrorHome('# My project\n\nNews Mirror lives here.\n')).toBe(false);
  });
  it('names a channel that has no index page yet without linking to it', () => {
    const out = renderHome([china, { ...world, articles: [] }], ctx, new Set(['nsc413']));
    expect(out).toContain('- [大陆新闻](indexes/nsc413.md) · 5 篇\n- World & \\<Co> · 0 篇\n');
    expect(out).not.toContain('indexes/world.md');
  });
  it('lists the latest N articles over all channels, newest first, with channel and date', () => {
    const latest = md.split('### 最新文章\n\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(latest).toEqual([
      '- 2023-03-22 [标题 n4](pages/nsc413/n4.md) · [大陆新闻](indexes/nsc413.md)',
      '- 2023-03-21 [A "quoted" \\<title> & more](pages/world/w1.md) · [World & \\<Co>](indexes/world.md)',
      '- 2023-03-21 [标题 n1](pages/nsc413/n1.md) · [大陆新闻](indexes/nsc413.md)',
    ]);
    expect(md).toContain('更多… [大陆新闻](indexes/nsc413.md) · [World & \\<Co>](indexes/world.md)');
    expect(md.endsWith('------------------------\n[首页](README.md)\n')).toBe(true);
  });
  it('links relative to a home page that is not at the root', () => {
    const c = makeConfig('paths:\n  home: docs/index.md\n');
    const out = renderHome([china], { config: c, baseUrl: base });
    expect(out).toContain('[大陆新闻](../indexes/nsc413.md)');
    expect(out).toContain('[标题 n4](../pages/nsc413/n4.md)');
  });
});

describe('Atom feed of the mirror', () => {
  const xml = renderAtom(world, ctx);
  it('parses back as Atom with escaped text, page links and the original as via', () => {
    const feed = parseAtomFeed(xml);
    expect(feed.title).toEqual({ value: 'World & <Co>' });
    expect(xml).not.toMatch(/<Co>|<title>.*<title>|& /);
    expect(feed.updated).toBe('2023-03-21T12:00:00Z');
    const entry = feed.entries![0]!;
    expect(entry.title).toEqual({ value: 'A "quoted" <title> & more' });
    const links = entry.links!.map((l) => [l.rel, l.href]);
    expect(links).toEqual([
      ['alternate', `${base}/pages/world/w1.md`],
      ['via', 'https://www.epochtimes.com/gb/w1.htm'],
    ]);
  });
  it('orders entries newest first and takes updated from the newest entry, never the clock', () => {
    const a = renderAtom(china, ctx);
    const feed = parseAtomFeed(a);
    expect(feed.updated).toBe('2023-03-22T00:00:00Z');
    expect(feed.entries!.map((x) => x.id)).toEqual(['n4', 'n1', 'n3', 'n2', 'n0'].map((id) => `${base}/pages/nsc413/${id}.md`));
    expect(renderAtom(china, ctx)).toBe(a);
    const empty = renderAtom({ ...china, articles: [] }, ctx);
    expect(parseAtomFeed(empty).updated).toBe('1970-01-01T00:00:00Z');
  });
});
