import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/load.js';
import { inShard, parseShard, shardOf } from '../../src/config/shard.js';
import { countLabel, labelsFor } from '../../src/render/labels.js';

const minimal = `
channels:
  - id: nsc413
    title: 大陆新闻
    source: { type: feed, url: https://example.com/gb/nsc413.xml }
`;

function problems(text: string): string[] {
  try {
    parseConfig(text, 'mirror.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toContain('mirror.yml');
    return (e as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

describe('config', () => {
  it('applies the defaults of the design to a minimal config', () => {
    const c = parseConfig(minimal, 'mirror.yml');
    expect(c.locale).toBe('zh-CN');
    expect(c.paths).toEqual({ pages: 'pages', indexes: 'indexes', feeds: 'feeds', home: 'README.md' });
    expect(c.channels[0]).toMatchObject({ id: 'nsc413', body: 'feed', retention: 300, excludeTitles: [], allowHosts: ['example.com'] });
    expect(c.fetch.timeoutMs).toBe(20_000);
  });

  it('reads the design sketch, html source and page rules included', () => {
    const c = parseConfig(
      `
locale: zh-CN
site:
  base-url: https://github.com/OWNER/REPO/blob/main/
  header: "#### [首页](README.md) | [索引](indexes/)"
  footer: "#### [首页](README.md)"
retention: 300
unlink: ["https://www.epochtimes.com/gb/tag/"]
channels:
  - id: nsc413
    title: 大陆新闻
    source: { type: feed, url: https://example.com/gb/nsc413.xml }
    body: feed
    exclude-titles: ["翻墙必看", "/^广告/i"]
  - id: world
    title: World
    source:
      type: html
      url: https://example.org/world/
      item: "div.one_post"
      link: "a.title"
    body: page
    page: { select: "div.post_content", remove: [".post_related", ".print_link"] }
    allow-hosts: [img.example.org]
    retention: 20
`,
      'mirror.yml',
    );
    expect(c.site.baseUrl).toBe('https://github.com/OWNER/REPO/blob/main');
    expect(c.channels[0]!.excludeTitles).toEqual(['翻墙必看', '/^广告/i']);
    expect(c.channels[0]!.unlink).toEqual(['https://www.epochtimes.com/gb/tag/']);
    expect(c.channels[1]!.source).toMatchObject({ type: 'html', item: 'div.one_post', link: 'a.title' });
    expect(c.channels[1]!.page).toEqual({ select: 'div.post_content', remove: ['.post_related', '.print_link'] });
    expect(c.channels[1]!.allowHosts).toEqual(['example.org', 'img.example.org']);
    expect(c.channels[1]!.retention).toBe(20);
  });

  it('lets every label be overridden, the rest coming from the locale', () => {
    const c = parseConfig(`locale: en\nsite:\n  labels: { count: "{n} items", home: Start, lead-caption: "Photo: " }\n${minimal}`, 'mirror.yml');
    const l = labelsFor(c);
    expect(countLabel(l, 3)).toBe('3 items');
    expect(l).toMatchObject({ home: 'Start', leadCaption: 'Photo: ', feed: 'Atom feed', share: 'Long-press to copy this link or the QR code and share the article: ' });
    expect(problems(`site:\n  labels: { sahre: x }\n${minimal}`)).toEqual(['site.labels: unknown key "sahre"']);
  });

  it('rejects unknown keys with their path', () => {
    expect(problems(`${minimal}    colour: red\n`)).toEqual(['channels[0]: unknown key "colour"']);
    expect(problems(`retension: 3\n${minimal}`)).toEqual(['unknown key "retension"']);
  });

  it('rejects wrong types, saying what was expected and what was found', () => {
    expect(problems(`retention: "many"\n${minimal}`)).toEqual(['retention: expected number, got "many"']);
    expect(problems(`locale: fr\n${minimal}`)[0]).toBe('locale: expected one of "zh-CN", "zh-TW", "en", got "fr"');
    const p = problems(`channels:\n  - id: a\n    title: A\n    source: { type: feed, url: "ftp://x/y" }\n    body: pdf\n`);
    expect(p).toContain('channels[0].source.url: expected an absolute http(s) URL, got "ftp://x/y"');
    expect(p).toContain('channels[0].body: expected one of "feed", "page", "auto", got "pdf"');
  });

  it('takes the script conversion from the channel, else from site.convert; `none` turns it off', () => {
    const two = `site: { convert: t2s }\nchannels:\n  - { id: a, title: A, source: { type: feed, url: "https://x.example/a" } }\n  - { id: b, title: B, source: { type: feed, url: "https://x.example/b" }, convert: none }\n  - { id: c, title: C, source: { type: feed, url: "https://x.example/c" }, convert: s2twp }\n`;
    expect(parseConfig(two, 'mirror.yml').channels.map((c) => c.convert)).toEqual(['t2s', undefined, 's2twp']);
    expect(parseConfig(minimal, 'mirror.yml').channels[0]!.convert).toBeUndefined();
    expect(problems(`${minimal}    convert: zh-hans\n`)).toEqual(['channels[0].convert: expected one of "t2s", "s2t", "tw2sp", "s2twp", "none", got "zh-hans"']);
    expect(problems(`site: { convert: none }\n${minimal}`)).toEqual(['site.convert: expected one of "t2s", "s2t", "tw2sp", "s2twp", got "none"']);
  });

  it('names missing keys and an empty channel list', () => {
    expect(problems('locale: en\n')).toEqual(['channels: missing (expected array)']);
    expect(problems('channels: []\n')).toEqual(['channels: expected at least one channel']);
    expect(problems(`channels:\n  - id: a\n    source: { type: feed, url: "https://x/" }\n`)).toEqual(['channels[0].title: missing (expected string)']);
  });

  it('rejects duplicate channel ids, bad ids, bad regexes and paths that leave the repository', () => {
    expect(problems(`${minimal}${minimal.replace('channels:\n', '')}`)).toEqual(['channels[1].id: "nsc413" is used by another channel']);
    expect(problems(minimal.replace('nsc413\n', '../x\n'))[0]).toMatch(/^channels\[0\]\.id: expected 1-64 letters/);
    expect(problems(`${minimal}    exclude-titles: ["/(/"]\n`)[0]).toMatch(/^channels\[0\]\.exclude-titles\[0\]: invalid regular expression/);
    expect(problems(`paths: { pages: ../outside }\n${minimal}`)[0]).toMatch(/^paths\.pages: expected a relative folder/);
    expect(problems(`paths: { pages: .github/workflows }\n${minimal}`)[0]).toMatch(/^paths\.pages: /);
    expect(problems(`paths: { home: /etc/passwd }\n${minimal}`)[0]).toMatch(/^paths\.home: /);
  });

  it('reports YAML syntax errors with a line number', () => {
    const p = problems('channels:\n  - id: [unclosed\n');
    expect(p[0]).toMatch(/^YAML: .*\(line \d+\)$/);
  });

  it('names the file it could not read', async () => {
    await expect(loadConfigFile('/nonexistent/mirror.yml')).rejects.toThrow('/nonexistent/mirror.yml: invalid config\n  - cannot read the file: ENOENT');
    const dir = await mkdtemp(join(tmpdir(), 'nm-config-'));
    await writeFile(join(dir, 'm.yml'), minimal);
    expect((await loadConfigFile(join(dir, 'm.yml'))).channels).toHaveLength(1);
  });
});

describe('shards', () => {
  it('parses K/N and rejects the rest', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, total: 8 });
    expect(parseShard('')).toBeUndefined();
    for (const bad of ['0/8', '9/8', '2', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/^shard: expected K\/N/);
  });

  it('puts every channel in exactly one shard, the same one every time', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `channel-${i}`);
    for (const id of ids) {
      const owners = [1, 2, 3, 4].filter((k) => inShard(id, { index: k, total: 4 }));
      expect(owners).toEqual([shardOf(id, 4)]);
    }
    expect(new Set(ids.map((id) => shardOf(id, 4))).size).toBe(4);
  });
});
