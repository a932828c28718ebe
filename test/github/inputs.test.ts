import { describe, expect, it } from 'vitest';
import { defaultBaseUrl, parseRepository, readInputs } from '../../src/publish/github/inputs.js';
import { outcomeLine, renderJobSummary } from '../../src/publish/github/job-summary.js';
import type { RunSummary } from '../../src/pipeline.js';

const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('action inputs', () => {
  it('applies the defaults', () => {
    expect(readInputs(get({ token: 't' }))).toEqual({
      configText: undefined,
      configFile: '.github/news-mirror.yml',
      token: 't',
      mode: 'commit',
      branch: undefined,
      shard: undefined,
      prBranch: 'news-mirror/update',
      prTitle: 'News Mirror: new articles',
      prLabels: [],
      baseUrl: undefined,
      maxAttempts: 5,
      path: ".",
      dryRun: false,
      failOn: undefined,
      staleAfterMs: undefined,
    });
  });

  it('reads every input', () => {
    const i = readInputs(
      get({ config: 'channels: []', mode: 'pull-request', branch: 'live', shard: '2/8', 'pr-labels': 'news, automated\nnews', 'base-url': 'https://example.org/m/', 'max-attempts': '3' }),
    );
    expect(i).toMatchObject({ configText: 'channels: []', mode: 'pull-request', branch: 'live', shard: { index: 2, total: 8 }, prLabels: ['news', 'automated'], baseUrl: 'https://example.org/m', maxAttempts: 3 });
  });

  it('lets dry-run: true win over the mode', () => {
    expect(readInputs(get({ mode: 'pull-request', 'dry-run': 'true' })).mode).toBe('dry-run');
    expect(readInputs(get({ mode: 'dry-run' })).mode).toBe('dry-run');
  });

  it.each([
    [{ mode: 'push' }, /mode: expected "commit", "pull-request", "dry-run", "local" or "verify", got "push"/],
    [{ shard: '9/8' }, /shard: expected K\/N/],
    [{ shard: '0/3' }, /shard: expected K\/N/],
    [{ shard: 'two' }, /shard: expected K\/N/],
    [{ 'dry-run': 'yes' }, /dry-run: expected true or false/],
    [{ 'max-attempts': '0' }, /max-attempts: expected a whole number from 1 to 20/],
    [{ 'base-url': 'ftp://x' }, /base-url: expected an absolute http\(s\) URL/],
  ])('rejects %o with a clear message', (values, message) => {
    expect(() => readInputs(get(values))).toThrow(message);
  });

  it('parses GITHUB_REPOSITORY and builds the default public URL', () => {
    expect(parseRepository('octo/mirror')).toEqual({ owner: 'octo', repo: 'mirror' });
    expect(() => parseRepository(undefined)).toThrow(/GITHUB_REPOSITORY/);
    expect(defaultBaseUrl(undefined, 'octo', 'mirror', 'main')).toBe('https://github.com/octo/mirror/blob/main');
    expect(defaultBaseUrl('https://ghe.example.com/', 'o', 'r', 'a b')).toBe('https://ghe.example.com/o/r/blob/a%20b');
  });
});

describe('job summary', () => {
  const base: RunSummary = {
    newArticles: 0,
    added: [],
    changed: [],
    deleted: [],
    channels: [{ id: 'news', title: 'News | World', new: 0, removed: 0, skipped: [] }],
    warnings: [],
    message: { title: 't', body: '', articles: [] },
    attempts: 1,
    dryRun: false,
  } satisfies RunSummary;
  const ctx = { mode: 'commit' as const, owner: 'octo', repo: 'mirror', branch: 'main' };

  it('says when nothing was written', () => {
    expect(outcomeLine(base, ctx)).toMatch(/Nothing new/);
  });

  it('links the commit and tabulates channels with skipped reasons', () => {
    const s = {
      ...base,
      newArticles: 2,
      added: ['pages/news/a.md', 'pages/news/a.md.png'],
      deleted: ['pages/news/old.md'],
      channels: [
        { id: 'news', title: 'News | World', new: 2, removed: 1, skipped: [{ url: 'https://x/1', reason: 'HTTP 404' }] },
        { id: 'dead', title: 'Dead', new: 0, removed: 0, skipped: [], error: 'feed unreachable' },
        { id: 'gone', title: 'Gone', new: 0, removed: 0, skipped: [], error: 'HTTP 404', failingSince: '2026-11-28T06:30:00.000Z', failures: 4 },
      ],
      baseUrl: 'https://octo.github.io/mirror',
      message: { title: 't', body: '', articles: [{ channel: 'news', title: 'A', url: 'https://x/a', path: 'pages/news/a.md' }] },
      publish: { commitSha: 'abcdef1234567890' },
      attempts: 2,
    } as RunSummary;
    const md = renderJobSummary(s, ctx);
    expect(md).toContain('[abcdef1](https://github.com/octo/mirror/commit/abcdef1234567890)');
    expect(md).toContain('| News \\| World (`news`) | 2 | 1 | 1 | partial (1 of 1 pages failed) |');
    expect(md).toContain('| Dead (`dead`) | 0 | 0 | 0 | failed |');
    expect(md).toContain('| Gone (`gone`) | 0 | 0 | 0 | failing since 2026-11-28 06:30 UTC |');
    // File names link to the file's public URL, from the base URL.
    expect(md).toContain('| news | [A](https://x/a) | [`pages/news/a.md`](https://octo.github.io/mirror/pages/news/a.md) |');
    expect(md).toContain('attempt 2');
  });

  it('lists re-rendered pages, pruned orphans and channels no longer in the config', () => {
    const s = {
      ...base,
      changed: ['pages/news/a.md'],
      deleted: ['pages/news/lost.md', 'pages/news/lost.md.png'],
      rerendered: ['pages/news/a.md'],
      orphans: ['pages/news/lost.md', 'pages/news/lost.md.png'],
      removedChannels: [{ id: 'gone', files: 7, pruned: false }],
    } as RunSummary;
    const md = renderJobSummary(s, ctx);
    expect(md).toContain('Re-rendered 1 held page with the new site chrome');
    expect(md).toContain('### Pruned files no manifest claimed\n\n- `pages/news/lost.md`\n- `pages/news/lost.md.png`');
    expect(md).toContain('| `gone` | 7 | kept; `prune-removed-channels: true` deletes them |');
  });

  it('links the pull request, and says what a dry run would do', () => {
    const s = { ...base, newArticles: 1, added: ['a'], publish: { pullRequestNumber: 4, pullRequestUrl: 'https://github.com/octo/mirror/pull/4' } } as RunSummary;
    expect(outcomeLine(s, { ...ctx, mode: 'pull-request' })).toMatch(/\[#4\]\(https:\/\/github.com\/octo\/mirror\/pull\/4\)/);
    expect(outcomeLine({ ...s, publish: undefined }, { ...ctx, mode: 'dry-run' })).toMatch(/^Dry run: would publish 1 new article/);
  });
});
