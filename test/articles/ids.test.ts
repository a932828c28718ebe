import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { articleId, isSafeId } from '../../src/articles/ids.js';

const SAFE = /^[A-Za-z0-9_-]{1,80}$/;
const none = new Set<string>();
const hashId = (url: string) => 'h' + createHash('sha1').update(url).digest('hex').slice(0, 12);

describe('articleId', () => {
  it('takes the last path segment without its extension', () => {
    expect(articleId('https://www.epochtimes.com/gb/23/3/21/n13954919.htm', none)).toBe('n13954919');
    expect(articleId('https://example.org/world/2024/story-slug/', none)).toBe('story-slug');
    expect(articleId('https://example.org/a/b/c.html?utm_source=x#top', none)).toBe('c');
  });

  it('uses an id-like query parameter for query-only article URLs', () => {
    expect(articleId('https://example.org/article.php?id=42', none)).toBe('article-42');
    expect(articleId('https://example.org/?p=1234', none)).toBe('p-1234');
    expect(articleId('https://example.org/news/view?newsId=A7_b', none)).toBe('view-A7_b');
  });

  it('reduces other characters to dashes', () => {
    expect(articleId('https://example.org/2024/hello world!(1).html', none)).toBe('hello-world-1');
    expect(articleId('https://example.org/a/story.part.two.html', none)).toBe('story-part-two');
  });

  it('falls back to a hash when nothing usable is left', () => {
    const url = 'https://example.org/新闻/中文标题.html';
    expect(articleId(url, none)).toBe(hashId(url));
    expect(articleId('https://example.org/', none)).toBe(hashId('https://example.org/'));
  });

  it('falls back to a hash on a collision, compared case-insensitively', () => {
    const url = 'https://example.org/b/N123.htm';
    expect(articleId(url, new Set(['n123']))).toBe(hashId(url));
    expect(articleId('https://example.org/b/n123.htm', new Set(['N123']))).toMatch(/^h[0-9a-f]{12}$/);
    expect(articleId('https://example.org/b/other.htm', new Set(['N123']))).toBe('other');
  });

  it('never returns a taken id, even when the hash itself is taken', () => {
    const url = 'https://example.org/b/n1.htm';
    const id = articleId(url, new Set(['n1', hashId(url)]));
    expect(id).toMatch(/^h[0-9a-f]{12}$/);
    expect(id).not.toBe(hashId(url));
  });

  it('avoids Windows device names', () => {
    expect(articleId('https://example.org/x/con.html', none)).toMatch(/^h[0-9a-f]{12}$/);
    expect(articleId('https://example.org/x/NUL', none)).toMatch(/^h[0-9a-f]{12}$/);
  });

  it('caps the length at 80', () => {
    const id = articleId(`https://example.org/${'a'.repeat(1000)}.html`, none);
    expect(id).toBe('a'.repeat(80));
  });

  const hostile = [
    '../../../etc/passwd',
    'https://example.org/a/..',
    'https://example.org/a/%2e%2e',
    'https://example.org/a/%2e%2e%2f%2e%2e%2fetc',
    'https://example.org/..%2f..%2f.github%2fworkflows%2fx.yml',
    '/absolute/path',
    '/',
    '',
    'C:\\Windows\\system32\\x.dll',
    '..\\..\\x',
    'https://example.org/a\u0000b.html',
    'https://example.org/%00',
    '.github/workflows/x.yml',
    'https://example.org/.github/workflows/x.yml',
    'https://example.org/.',
    'https://example.org/...',
    `https://example.org/${'x'.repeat(1000)}`,
    `https://example.org/${'%2e'.repeat(400)}`,
    'https://example.org/%E0%A4%A',
    'https://example.org/emoji-😀-🎉.html',
    'javascript:alert(1)',
    'https://example.org/?id=../../x',
    'https://example.org/a.php?id=' + 'x'.repeat(500),
    'https://example.org/-/-_-/',
  ];

  it.each(hostile)('stays a safe file name for %j', (url) => {
    const id = articleId(url, none);
    expect(id).toMatch(SAFE);
    expect(isSafeId(id)).toBe(true);
    expect(id).not.toContain('..');
  });

  it('stays a safe file name for random inputs (property-style)', () => {
    // A fixed-seed generator, so a failure reproduces.
    let seed = 0x2545f491;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const alphabet = ['a', 'Z', '0', '/', '\\', '.', '..', '%', '%2e', '%2f', '%00', '\u0000', '?', '#', '&', '=', 'id=', ' ', '\t', '\n', '中', 'é', '😀', ':', '-', '_', '~', 'http://', 'https://x.org/'];
    const taken = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rand() * 60);
      let s = rand() < 0.5 ? 'https://example.org/' : '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const id = articleId(s, taken);
      expect(id, JSON.stringify(s)).toMatch(SAFE);
      expect(isSafeId(id)).toBe(true);
      expect([...taken].some((t) => t.toLowerCase() === id.toLowerCase()), `collision for ${JSON.stringify(s)}`).toBe(false);
      taken.add(id);
    }
  });
});

describe('isSafeId', () => {
  it('accepts plain ids and rejects anything else', () => {
    expect(isSafeId('n13954919')).toBe(true);
    expect(isSafeId('a-b_C')).toBe(true);
    for (const bad of ['', '..', 'a/b', 'a\\b', 'a.b', 'x'.repeat(81), 'a\u0000', 'con', 'COM1', '中文']) {
      expect(isSafeId(bad), bad).toBe(false);
    }
  });
});
