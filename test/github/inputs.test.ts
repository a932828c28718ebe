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
      ],
      publish: { commitSha: 'abcdef1234567890' },
      attempts: 2,
    } as RunSummary;
    const md = renderJobSummary(s, ctx);
    expect(md).toContain('[abcdef1](https://github.com/octo/mirror/commit/abcdef1234567890)');
    expect(md).toContain('| News \\| World (`news`) | 2 | 1 | 1 | ok |');
    expect(md).toContain('⚠️ feed unreachable');
    expect(md).toContain('| https://x/1 | HTTP 404 |');
    expect(md).toContain('attempt 2');
  });

  it('links the pull request, and says what a dry run would do', () => {
    const s = { ...base, newArticles: 1, added: ['a'], publish: { pullRequestNumber: 4, pullRequestUrl: 'https://github.com/octo/mirror/pull/4' } } as RunSummary;
    expect(outcomeLine(s, { ...ctx, mode: 'pull-request' })).toMatch(/\[#4\]\(https:\/\/github.com\/octo\/mirror\/pull\/4\)/);
    expect(outcomeLine({ ...s, publish: undefined }, { ...ctx, mode: 'dry-run' })).toMatch(/^Dry run: would publish 1 new article/);
  });
});
