import { describe, expect, it } from 'vitest';
import { labelsFor } from '../../src/render/labels.js';
import { atomPath, indexPath, manifestPath, pagePath, publicUrl, qrPath, relativeLink } from '../../src/render/paths.js';
import { rebaseLinks } from '../../src/render/rebase.js';
import { makeConfig } from './helpers.js';

const config = makeConfig();

describe('paths', () => {
  it('builds the repository layout from config.paths', () => {
    expect(pagePath(config, 'nsc413', 'n13954919')).toBe('pages/nsc413/n13954919.md');
    expect(qrPath('pages/nsc413/n13954919.md')).toBe('pages/nsc413/n13954919.md.png');
    expect(indexPath(config, 'nsc413')).toBe('indexes/nsc413.md');
    expect(manifestPath(config, 'nsc413')).toBe('indexes/nsc413.json');
    expect(atomPath(config, 'nsc413')).toBe('feeds/nsc413.xml');
    const custom = makeConfig('paths:\n  pages: docs/p\n  indexes: docs/i\n  feeds: docs/f\n');
    expect(pagePath(custom, 'nsc413', 'a')).toBe('docs/p/nsc413/a.md');
  });

  it('never lets an id or channel name leave its folder', () => {
    for (const id of ['../x', 'a/b', '', '.', 'a'.repeat(81), 'x y', '%2e%2e']) expect(() => pagePath(config, 'nsc413', id)).toThrow(/unsafe/);
    expect(() => indexPath(config, '../x')).toThrow(/unsafe/);
  });

  it('encodes each path segment in public URLs', () => {
    expect(publicUrl('https://github.com/o/r/blob/main/', 'pages/新闻/a b.md')).toBe('https://github.com/o/r/blob/main/pages/%E6%96%B0%E9%97%BB/a%20b.md');
  });

  it('computes POSIX relative links between repository files', () => {
    expect(relativeLink('pages/ch/a.md', 'README.md')).toBe('../../README.md');
    expect(relativeLink('pages/ch/a.md', 'pages/ch/b.md')).toBe('b.md');
    expect(relativeLink('pages/ch/a.md', 'pages/other/b.md')).toBe('../other/b.md');
    expect(relativeLink('indexes/ch.md', 'indexes/')).toBe('./');
    expect(relativeLink('pages/ch/a.md', 'indexes/')).toBe('../../indexes/');
    expect(relativeLink('README.md', 'pages/ch/a.md')).toBe('pages/ch/a.md');
    expect(relativeLink('pages/ch/a.md', 'pages/ch/a.md')).toBe('a.md');
  });

  it('rebases repo-root links in config Markdown, leaving absolute and anchor links', () => {
    const md = '[首页](README.md#top) [i](<indexes/>) ![q](img/a.png) [a](https://x.org/README.md) [b](#x) [c](/abs) <a href="README.md">h</a>\n[ref]: indexes/ch.md';
    expect(rebaseLinks(md, 'pages/ch/a.md')).toBe(
      '[首页](../../README.md#top) [i](<../../indexes/>) ![q](../../img/a.png) [a](https://x.org/README.md) [b](#x) [c](/abs) <a href="../../README.md">h</a>\n[ref]: ../../indexes/ch.md',
    );
    expect(rebaseLinks(md, 'README.md')).toBe(md);
  });
});

describe('labels', () => {
  it('defaults per locale, with config overrides', () => {
    expect(labelsFor(config).share).toBe('手机上长按并复制下列链接或二维码分享本文章：');
    expect(labelsFor(config).original).toBe('原文地址（需翻墙访问）：');
    expect(labelsFor(makeConfig('locale: zh-TW\n')).channels).toBe('頻道');
    expect(labelsFor(makeConfig('locale: en\n')).latest).toBe('Latest articles');
    expect(labelsFor(makeConfig('site:\n  labels:\n    latest: 新文章\n')).latest).toBe('新文章');
  });
});
