import { describe, expect, it } from 'vitest';
import { canonicalUrl, urlIdentity } from '../../src/articles/canonical-url.js';
import { mergeManifest } from '../../src/plan/merge-manifest.js';
import type { Manifest } from '../../src/types.js';

describe('canonicalUrl', () => {
  const same = (a: string, b: string) => expect(canonicalUrl(a)).toBe(canonicalUrl(b));
  const differ = (a: string, b: string) => expect(canonicalUrl(a)).not.toBe(canonicalUrl(b));

  it('ignores scheme, host case, default ports and the fragment', () => {
    same('http://www.example.com/gb/23/3/21/n1.htm', 'https://WWW.Example.COM/gb/23/3/21/n1.htm');
    same('http://example.com:80/a', 'https://example.com:443/a#comments');
    same('http://example.com:443/a', 'https://example.com/a');
  });

  it('drops utm_* and the built-in tracking parameters, keeping the others in order', () => {
    expect(canonicalUrl('https://example.com/a?id=7&utm_source=rss&UTM_Medium=x&wt_mc=o.1&spm=a.b&from=timeline&ref=hp&page=2')).toBe('//example.com/a?id=7&page=2');
    same('https://example.com/a', 'https://example.com/a?utm_campaign=z');
    differ('https://example.com/a?id=1', 'https://example.com/a?id=2');
    differ('https://example.com/a', 'https://example.com/b');
    differ('https://example.com:8080/a', 'https://example.com/a');
    // The path's case is the site's business.
    differ('https://example.com/A', 'https://example.com/a');
  });

  it('keeps an untouched query exactly and adds the configured parameters', () => {
    expect(canonicalUrl('https://example.com/a?q=a%20b&x')).toBe('//example.com/a?q=a%20b&x');
    const id = urlIdentity(['share_src']);
    expect(id('https://example.com/a?share_src=tg')).toBe(id('http://example.com/a'));
    expect(canonicalUrl('https://example.com/a?share_src=tg')).not.toBe(canonicalUrl('http://example.com/a'));
  });

  it('leaves what is not an http(s) URL as it is', () => {
    expect(canonicalUrl('not a url')).toBe('not a url');
    expect(canonicalUrl('mailto:a@example.com')).toBe('mailto:a@example.com');
  });
});

describe('mergeManifest with an identity', () => {
  it('takes a drifted URL for the article the manifest holds, without rewriting the stored URL', () => {
    const head: Manifest = {
      channel: 'c',
      title: 'C',
      articles: [{ id: 'a', title: 'A', url: 'http://example.com/a', path: 'pages/c/a.md', hash: '0'.repeat(40), published: '2026-01-01T00:00:00Z' }],
    };
    const fresh = [{ id: 'a2', title: 'A', url: 'https://example.com/a?utm_source=x', path: 'pages/c/a2.md', hash: '1'.repeat(40), published: '2026-01-01T00:00:00Z' }];
    const merged = mergeManifest(head, fresh, 10, urlIdentity());
    expect(merged.added).toEqual([]);
    expect(merged.manifest.articles.map((e) => e.url)).toEqual(['http://example.com/a']);
    expect(mergeManifest(head, fresh, 10).added).toHaveLength(1);
  });
});
