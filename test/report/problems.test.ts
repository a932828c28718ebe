// Grouping of item failures by cause: the cases the end-to-end tests do not
// reach (page extraction, feed items without text, redirects to a refused host).
import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../src/articles/build-article.js';
import { parseConfig } from '../../src/config/load.js';
import { FetchError } from '../../src/http/errors.js';
import { describeProblem, itemProblems } from '../../src/report/problems.js';

const config = parseConfig(
  'channels:\n  - { id: a, title: A, source: { type: feed, url: "https://a.example/feed" } }\n  - { id: news, title: News, body: page, source: { type: feed, url: "https://news.example/feed" } }\n',
  'test',
);
const ref = { channel: config.channels[1]!, index: 1 };
const url = (n: number) => `https://news.example/a${n}.html`;

describe('itemProblems', () => {
  it('pages too large to extract form one problem, whatever their element counts', () => {
    const failures = [1200, 5000, 90000].map((n, k) => ({
      url: url(k),
      error: new ArticleError(url(k), 'extract', `${url(k)}: the page has ${n} elements, too many to find the article in; set page.select for this channel`),
    }));
    const problems = itemProblems(ref, failures);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe('3 article pages of channel `news`: too large to find the article in without a selector. Set `channels[1].page.select` to the CSS selector of the article body.');
  });

  it('groups refused hosts per host, the one a redirect went to included, largest first', () => {
    const refused = (k: number, host: string) => ({
      url: url(k),
      error: new ArticleError(url(k), 'fetch', 'x', { cause: new FetchError(url(k), 'blocked', `host ${host} is not in the allowed hosts`, undefined, host) }),
    });
    const problems = itemProblems(ref, [refused(1, 'cdn.example'), refused(2, 'img.example'), refused(3, 'cdn.example')]);
    expect(problems.map((p) => [p.cause, p.count, p.examples])).toEqual([
      ['host-refused:cdn.example', 2, [url(1), url(3)]],
      ['host-refused:img.example', 1, [url(2)]],
    ]);
    expect(problems[1]!.message).toContain('1 article page of channel `news` was refused');
    expect(describeProblem(problems[0]!)).toMatch(/For example: https:\/\/news\.example\/a1\.html, https:\/\/news\.example\/a3\.html\.$/);
  });

  it('timeouts point at fetch.timeout-ms', () => {
    const problems = itemProblems(ref, [
      { url: url(2), error: new ArticleError(url(2), 'fetch', 'x', { cause: new FetchError(url(2), 'timeout', 'no complete response within 20000 ms') }) },
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      '1 article page of channel `news` did not load in time; they are tried again next run. Raise `fetch.timeout-ms` if the site is just slow.',
    ]);
  });
});
