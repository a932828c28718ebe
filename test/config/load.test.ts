import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/load.js';
import { inShard, parseShard, shardOf } from '../../src/config/shard.js';
import { closest, editDistance } from '../../src/config/suggest.js';
import { countLabel, labelsFor } from '../../src/render/labels.js';
import { tempDir } from '../helpers/temp-dir.js';

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

  it('reads fail-on and stale-after, with defaults all-channels and 3 days', () => {
    expect(parseConfig(minimal, 'mirror.yml')).toMatchObject({ failOn: 'all-channels', staleAfterMs: 3 * 86_400_000 });
    expect(parseConfig(`fail-on: never\nstale-after: 36h\n${minimal}`, 'mirror.yml')).toMatchObject({ failOn: 'never', staleAfterMs: 36 * 3_600_000 });
    expect(problems(`fail-on: sometimes\n${minimal}`).join('\n')).toMatch(/^line \d+, column \d+: fail-on: expected `all-channels`, `any-channel` or `never`, got "sometimes"$/);
    expect(problems(`stale-after: soon\n${minimal}`).join('\n')).toMatch(/^line \d+, column \d+: stale-after: expected a duration such as "3d", "72h" or "90m"/);
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
    expect(problems(`site:\n  labels: { sahre: x }\n${minimal}`)).toEqual(['line 2, column 13: site.labels.sahre: unknown key; did you mean `share`?']);
  });
});

// One test per mistake a user makes, each pinning the line they read.
describe('config mistakes', () => {
  it('an unknown key: where it is, and the key probably meant', () => {
    expect(problems(`${minimal}    exclude_titles: ["广告"]\n`)).toEqual(['line 6, column 5: channels[0].exclude_titles: unknown key; did you mean `exclude-titles`?']);
    expect(problems(`retension: 3\n${minimal}`)).toEqual(['line 1, column 1: retension: unknown key; did you mean `retention`?']);
    expect(problems(`${minimal}    excludeTitle: []\n`)).toEqual(['line 6, column 5: channels[0].excludeTitle: unknown key; did you mean `exclude-titles`?']);
  });

  it('an unknown key nothing is close to lists the keys allowed there', () => {
    expect(problems(`${minimal}    colour: red\n`)).toEqual([
      'line 6, column 5: channels[0].colour: unknown key; the keys here are `id`, `title`, `source`, `body`, `page`, `exclude-titles`, `unlink`, `allow-hosts`, `retention`, `limit`, `convert`',
    ]);
  });

  it('a key of the other source type says which type it belongs to', () => {
    expect(problems(`channels:\n  - id: a\n    title: A\n    source: { type: feed, url: "https://x.org/", item: "li" }\n`)).toEqual([
      'line 4, column 50: channels[0].source.item: unknown key here; it belongs with `type: html`',
    ]);
  });

  it('a wrong enum value lists the allowed values', () => {
    expect(problems(`locale: fr\n${minimal}`)).toEqual(['line 1, column 9: locale: expected `zh-CN`, `zh-TW` or `en`, got "fr"']);
    expect(problems(`${minimal}    body: pdf\n`)).toEqual(['line 6, column 11: channels[0].body: expected `feed`, `page` or `auto`, got "pdf"']);
    expect(problems(`channels:\n  - id: a\n    title: A\n    source: { type: rss, url: "https://x.org/" }\n`)).toEqual([
      'line 4, column 21: channels[0].source.type: expected `feed` or `html`, got "rss"',
    ]);
    expect(problems(`channels:\n  - id: a\n    title: A\n    source: { url: "https://x.org/" }\n`)).toEqual([
      'line 4, column 13: channels[0].source.type: missing: expected `feed` or `html`',
    ]);
  });

  it('a number out of range says the bound in words, not the validation library\'s', () => {
    expect(problems(`retention: -1\n${minimal}`)).toEqual(['line 1, column 12: retention: expected a number greater than 0, got -1']);
    expect(problems(`retention: 1.5\n${minimal}`)).toEqual(['line 1, column 12: retention: expected a whole number, got 1.5']);
    expect(problems(`fetch:\n  retries: 11\n${minimal}`)).toEqual(['line 2, column 12: fetch.retries: expected a number of at most 10, got 11']);
    expect(problems(`site: { home-latest: -3 }\n${minimal}`)).toEqual(['line 1, column 22: site.home-latest: expected a number of at least 0, got -3']);
  });

  it('a wrong type says what was expected and what was found', () => {
    expect(problems(`retention: "many"\n${minimal}`)).toEqual(['line 1, column 12: retention: expected a number, got "many"']);
    expect(problems(`site: { atom: "yes" }\n${minimal}`)).toEqual(['line 1, column 15: site.atom: expected true or false, got "yes"']);
    expect(problems(`channels:\n  - id: a\n    title: A\n    source: "https://x.org/feed.xml"\n`)).toEqual([
      'line 4, column 13: channels[0].source: expected a mapping (key: value lines), got "https://x.org/feed.xml"',
    ]);
    expect(problems('channels: {}\n')).toEqual(['line 1, column 11: channels: expected a list, got a mapping']);
    expect(problems(`channels:\n  - id: a\n    title: A\n    source: { type: feed, url: "ftp://x/y" }\n`)).toEqual([
      'line 4, column 32: channels[0].source.url: expected an absolute http(s) URL, got "ftp://x/y"',
    ]);
  });

  it('problems come in the order of the file, each once, none in zod\'s words', () => {
    const p = problems(`site: { home-latest: -3, atom: "yes" }\nretention: 0\nfetch: { retries: -1 }\n${minimal}    body: pdf\n    limit: 0\n`);
    expect(p).toEqual([
      'line 1, column 22: site.home-latest: expected a number of at least 0, got -3',
      'line 1, column 32: site.atom: expected true or false, got "yes"',
      'line 2, column 12: retention: expected a number greater than 0, got 0',
      'line 3, column 19: fetch.retries: expected a number of at least 0, got -1',
      'line 9, column 11: channels[0].body: expected `feed`, `page` or `auto`, got "pdf"',
      'line 10, column 12: channels[0].limit: expected a number greater than 0, got 0',
    ]);
    expect(new Set(p).size).toBe(p.length);
    for (const line of p) expect(line).not.toMatch(/Too small|Too big|Invalid input|received|>=|<=/);
  });

  it('takes the script conversion from the channel, else from site.convert; `none` turns it off', () => {
    const two = `site: { convert: t2s }\nchannels:\n  - { id: a, title: A, source: { type: feed, url: "https://x.example/a" } }\n  - { id: b, title: B, source: { type: feed, url: "https://x.example/b" }, convert: none }\n  - { id: c, title: C, source: { type: feed, url: "https://x.example/c" }, convert: s2twp }\n`;
    expect(parseConfig(two, 'mirror.yml').channels.map((c) => c.convert)).toEqual(['t2s', undefined, 's2twp']);
    expect(parseConfig(minimal, 'mirror.yml').channels[0]!.convert).toBeUndefined();
    expect(problems(`${minimal}    convert: zh-hans\n`)).toEqual(['line 6, column 14: channels[0].convert: expected `t2s`, `s2t`, `tw2sp`, `s2twp` or `none`, got "zh-hans"']);
    expect(problems(`site: { convert: none }\n${minimal}`)).toEqual(['line 1, column 18: site.convert: expected `t2s`, `s2t`, `tw2sp` or `s2twp`, got "none"']);
  });

  it('names missing keys and an empty channel list', () => {
    expect(problems('locale: en\n')).toEqual(['line 1, column 1: channels: missing: expected a list']);
    expect(problems('channels: []\n')).toEqual(['line 1, column 11: channels: expected at least one channel, got a list']);
    expect(problems(`channels:\n  - id: a\n    source: { type: feed, url: "https://x/" }\n`)).toEqual(['line 2, column 5: channels[0].title: missing: expected text']);
    expect(problems(`channels:\n  - id: a\n    title:\n    source: { type: feed, url: "https://x/" }\n`)).toEqual(['line 3, column 11: channels[0].title: expected text, got an empty value']);
    expect(problems('')).toEqual(['expected a mapping with at least a `channels` list, got an empty value']);
  });

  it('an invalid CSS selector is a config error, whichever selector it is', () => {
    expect(problems(`channels:\n  - id: w\n    title: W\n    source: { type: html, url: "https://x.org/", item: "div[" }\n`)).toEqual([
      'line 4, column 56: channels[0].source.item: expected a CSS selector, got "div[" (expected name, found the end of the selector)',
    ]);
    const p = problems(
      `channels:\n  - id: w\n    title: W\n    source:\n      type: html\n      url: "https://x.org/"\n      item: li\n      link: "a:nosuch"\n      title: "h2 >> a"\n      date: "<time>"\n    page:\n      select: "div.body,"\n      remove: [".ok", "a::before"]\n`,
    );
    expect(p).toEqual([
      'line 8, column 13: channels[0].source.link: expected a CSS selector, got "a:nosuch" (unknown pseudo-class :nosuch)',
      'line 9, column 14: channels[0].source.title: expected a CSS selector, got "h2 >> a" (did not expect successive traversals)',
      'line 10, column 13: channels[0].source.date: expected a CSS selector, got "<time>" (this is HTML, not a selector: name the element without angle brackets, e.g. "div.post")',
      'line 12, column 15: channels[0].page.select: expected a CSS selector, got "div.body," (empty sub-selector)',
      'line 13, column 23: channels[0].page.remove[1]: expected a CSS selector, got "a::before" (pseudo-elements are not supported)',
    ]);
    // What cheerio runs is accepted: its own extensions and relative selectors included.
    expect(parseConfig(`channels:\n  - id: w\n    title: W\n    source: { type: html, url: "https://x.org/", item: "li:first, li:eq(2)", link: "> a" }\n    page: { select: "article:has(p)", remove: ["p:contains(广告)"] }\n`, 'm.yml').channels).toHaveLength(1);
  });

  it('a pattern that starts with "/" must be a valid /regex/flags', () => {
    const p = problems(`${minimal}    exclude-titles: ["/广告", "/(/", "/a/x", "/a/ii"]\nunlink: ["//cdn.example.org"]\n`);
    const notClosed = '(a pattern that starts with "/" is a regular expression and must end with "/" and optional flags, e.g. "/^ad:/i"; to match text that starts with "/", escape it: "/\\/text/")';
    expect(p).toEqual([
      `line 6, column 22: channels[0].exclude-titles[0]: expected a substring or a /regex/flags pattern, got "/广告" ${notClosed}`,
      'line 6, column 29: channels[0].exclude-titles[1]: expected a substring or a /regex/flags pattern, got "/(/" (invalid regular expression: Unterminated group)',
      'line 6, column 36: channels[0].exclude-titles[2]: expected a substring or a /regex/flags pattern, got "/a/x" ("x" after the last "/" are not regular expression flags: use d, g, i, m, s, u, v, y, each at most once)',
      'line 6, column 44: channels[0].exclude-titles[3]: expected a substring or a /regex/flags pattern, got "/a/ii" ("ii" after the last "/" are not regular expression flags: use d, g, i, m, s, u, v, y, each at most once)',
      `line 7, column 10: unlink[0]: expected a substring or a /regex/flags pattern, got "//cdn.example.org" ${notClosed}`,
    ]);
    expect(parseConfig(`${minimal}    exclude-titles: ["/^\\\\[视频\\\\]/", "/", "a/b"]\n`, 'm.yml').channels[0]!.excludeTitles).toEqual(['/^\\[视频\\]/', '/', 'a/b']);
  });

  it('rejects duplicate channel ids, bad ids and paths that leave the repository', () => {
    expect(problems(`${minimal}${minimal.replace('channels:\n', '')}`)).toEqual(['line 7, column 9: channels[1].id: "nsc413" is already the id of channels[0]; each channel needs its own']);
    expect(problems(minimal.replace('nsc413\n', '../x\n'))).toEqual([
      'line 3, column 9: channels[0].id: expected 1-64 letters, digits, "_" or "-", starting with a letter or digit, got "../x"',
    ]);
    expect(problems(`paths: { pages: ../outside }\n${minimal}`)).toEqual(['line 1, column 17: paths.pages: expected a relative folder such as "pages", got "../outside"']);
    expect(problems(`paths: { pages: .github/workflows }\n${minimal}`)).toEqual(['line 1, column 17: paths.pages: expected a relative folder such as "pages", got ".github/workflows"']);
    expect(problems(`paths: { home: /etc/passwd }\n${minimal}`)).toEqual(['line 1, column 16: paths.home: expected a relative folder such as "pages", got "/etc/passwd"']);
    expect(problems(`paths: { pages: a, feeds: a }\n${minimal}`)).toEqual(['line 1, column 8: paths: pages, indexes and feeds must be different folders']);
  });

  it('reports YAML syntax errors with their line and column', () => {
    expect(problems('channels:\n  - id: a\n    title: "unclosed\n')).toEqual(['line 4, column 1: YAML syntax error: Missing closing "quote']);
    expect(problems(`locale: en\nlocale: zh-CN\n${minimal}`)).toEqual(['line 2, column 1: YAML syntax error: Map keys must be unique']);
    expect(problems('channels:\n  - id: a\n\ttitle: A\n')).toEqual(['line 3, column 1: YAML syntax error: Tabs are not allowed as indentation']);
  });

  it('names the file it could not read, and says how to give one', async () => {
    await expect(loadConfigFile('/nonexistent/mirror.yml', ['name another file with `--config FILE`'])).rejects.toThrow(
      '/nonexistent/mirror.yml: invalid config\n  - no such file: add it (the README\'s "Use it in a mirror repository" has an example), or name another file with `--config FILE`',
    );
    const dir = tempDir('nm-config-');
    await expect(loadConfigFile(dir)).rejects.toThrow(`${dir}: invalid config\n  - is a folder: name the config file in it`);
    await writeFile(join(dir, 'm.yml'), minimal);
    expect((await loadConfigFile(join(dir, 'm.yml'))).channels).toHaveLength(1);
  });

  it('names the inline config as its source', () => {
    expect(() => parseConfig(`locale: fr\n${minimal}`, 'the `config` input')).toThrow('the `config` input: invalid config\n  - line 1, column 9: locale: expected `zh-CN`, `zh-TW` or `en`, got "fr"');
  });
});

describe('did you mean', () => {
  it('suggests the nearest key only when it is near', () => {
    expect(closest('retension', ['retention', 'limit'])).toBe('retention');
    expect(closest('exclude_titles', ['exclude-titles', 'unlink'])).toBe('exclude-titles');
    expect(closest('ExcludeTitles', ['exclude-titles', 'unlink'])).toBe('exclude-titles');
    expect(closest('lmiit', ['limit', 'unlink'])).toBe('limit');
    expect(closest('colour', ['id', 'title', 'source', 'body'])).toBeUndefined();
    expect(editDistance('abcd', 'acbd')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
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

describe('upkeep keys', () => {
  it('reads tracking-params and prune-removed-channels, off and empty by default', () => {
    expect(parseConfig(minimal, 'mirror.yml')).toMatchObject({ trackingParams: [], pruneRemovedChannels: false });
    const c = parseConfig(`tracking-params: [share_src, "fbclid"]\nprune-removed-channels: true\n${minimal}`, 'mirror.yml');
    expect(c).toMatchObject({ trackingParams: ['share_src', 'fbclid'], pruneRemovedChannels: true });
  });

  it('rejects a tracking parameter that is not a name, and a prune flag that is not a boolean', () => {
    expect(problems(`tracking-params: ["a=b"]\n${minimal}`)).toEqual(['line 1, column 19: tracking-params[0]: expected a query parameter name such as "source", got "a=b"']);
    expect(problems(`prune-removed-channels: "yes"\n${minimal}`)).toEqual(['line 1, column 25: prune-removed-channels: expected true or false, got "yes"']);
  });
});
