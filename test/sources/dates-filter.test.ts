import { describe, expect, it } from 'vitest';
import { findDate, parseDate } from '../../src/sources/dates.js';
import { matchesAny } from '../../src/config/patterns.js';
import { excludeByTitle } from '../../src/sources/filter.js';

describe('parseDate', () => {
  it('reads feed and page dates into ISO 8601 UTC', () => {
    expect(parseDate('Fri, 05 Oct 2018 07:51:58 +0000')).toBe('2018-10-05T07:51:58.000Z');
    expect(parseDate('Tue, 05 Mar 2024 08:30:00 +0800')).toBe('2024-03-05T00:30:00.000Z');
    expect(parseDate('2024-03-04T09:00:00+02:00')).toBe('2024-03-04T07:00:00.000Z');
    expect(parseDate('2023-03-21')).toBe('2023-03-21T00:00:00.000Z');
    expect(parseDate('2023/3/21 10:05')).toBe('2023-03-21T10:05:00.000Z');
    expect(parseDate('2023年3月21日')).toBe('2023-03-21T00:00:00.000Z');
    expect(parseDate('2023年03月21日 10:05')).toBe('2023-03-21T10:05:00.000Z');
    expect(parseDate('2023-03-21 10:05:00 +08:00')).toBe('2023-03-21T02:05:00.000Z');
  });

  it('leaves out what is not a date', () => {
    for (const v of ['', 'not a date', '1', 'May 5', '2023-02-31', '0001-01-01', undefined, null]) expect(parseDate(v)).toBeUndefined();
  });

  it('finds a date inside a longer text', () => {
    expect(findDate('发布时间：2023年3月21日 10:05 来源：本报')).toBe('2023-03-21T10:05:00.000Z');
    expect(findDate('Posted 2023-03-21 by the editor')).toBe('2023-03-21T00:00:00.000Z');
    expect(findDate('no date here')).toBeUndefined();
  });
});

describe('title filters', () => {
  it('matches substrings and /regex/flags', () => {
    expect(matchesAny('翻墙必看：工具下载', ['翻墙必看'])).toBe(true);
    expect(matchesAny('Sponsored: buy now', ['/^sponsored:/i'])).toBe(true);
    expect(matchesAny('An ordinary headline', ['翻墙必看', '/^sponsored:/i'])).toBe(false);
    // A g flag must not make repeated tests alternate.
    expect([1, 2, 3].map(() => matchesAny('ad ad', ['/ad/g']))).toEqual([true, true, true]);
    // "/" alone in a title pattern is a substring, not a regex.
    expect(matchesAny('a/b', ['/'])).toBe(true);
  });

  it('drops matching items and keeps the order of the rest', () => {
    const items = ['One', '翻墙必看 Two', 'Three', 'AD: Four'].map((title, i) => ({ url: `https://a.example/${i}`, title }));
    const { kept, used } = excludeByTitle(items, ['翻墙必看', '/^ad:/i', 'never there']);
    expect(kept.map((i) => i.title)).toEqual(['One', 'Three']);
    expect([...used]).toEqual(['翻墙必看', '/^ad:/i']);
    expect(excludeByTitle(items, []).kept).toBe(items);
  });
});
