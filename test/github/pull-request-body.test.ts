import { describe, expect, it } from 'vitest';
import { MAX_PR_BODY_CHARS, pullRequestBody } from '../../src/publish/github/pull-request.js';

const article = (n: number, channel = 'news') => ({
  channel,
  title: `Article ${n}: ${'a long headline, as news sites write them '.repeat(3)}`,
  url: `https://origin.example/${channel}/${n}.html`,
  path: `pages/${channel}/a${n}.md`,
});

describe('the pull request body', () => {
  it('lists every new article in a table when it fits', () => {
    const body = pullRequestBody('mirror: 2 new', [article(1), article(2)], 1, ['indexes/news.md']);
    expect(body).toContain('| news | [Article 1: a long headline');
    expect(body).toContain('(pages/news/a2.md) | [original](<https://origin.example/news/2.html>) |');
    expect(body).toContain('1 file(s) removed by retention.');
    expect(body).not.toContain('new articles**');
  });

  it('stays below GitHub’s 65,536 characters with many articles, then gives the count and links the indexes', () => {
    const articles = [...Array.from({ length: 1500 }, (_, i) => article(i, 'news')), ...Array.from({ length: 1500 }, (_, i) => article(i, 'world'))];
    const description = articles.map((a) => `- ${a.channel}: ${a.title} (${a.path})`).join('\n');
    const body = pullRequestBody(description, articles, 0, ['indexes/news.md', 'indexes/world.md']);
    expect(body.length).toBeLessThanOrEqual(MAX_PR_BODY_CHARS);
    expect(MAX_PR_BODY_CHARS).toBeLessThan(65_536);
    const rows = body.split('\n').filter((l) => l.startsWith('| news |') || l.startsWith('| world |'));
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(articles.length);
    expect(body).toContain(`**3000 new articles**; ${rows.length} are listed above`);
    expect(body).toContain("Every article is in its channel's index: [indexes/news.md](indexes/news.md), [indexes/world.md](indexes/world.md).");
    expect(body).toMatch(/rebuilt by News Mirror on every run; merge it to publish\._$/);
    // The description (which lists every article too) keeps its start only, cut at a whole line.
    expect(body.startsWith(`- news: ${articles[0]!.title} (pages/news/a0.md)\n`)).toBe(true);
    expect(body).toContain('\n…\n');
    expect(body).not.toContain('- world: Article 1499');
    // The rows listed are the first ones, in order.
    expect(rows[0]).toContain('(pages/news/a0.md)');
    expect(rows[rows.length - 1]).toContain(`(pages/news/a${rows.length - 1}.md)`);
    // The table is whole: no row cut in the middle.
    for (const r of rows) expect(r).toMatch(/\|$/);
  });
});
