import { afterEach, describe, expect, it } from 'vitest';
import { gitBlobSha } from '../../src/plan/blob-sha.js';
import { StaleStateError } from '../../src/publish/publisher.js';
import { createGithubPublisher, type GithubPublisherOptions } from '../../src/publish/github/publisher.js';
import { startGithubStandin, type GithubStandin, type StandinOptions } from '../helpers/github-standin.js';
import { cloneRepo, fakePng, planOf, quietLogger } from './util.js';

const ROOTS = ['pages', 'indexes'];
const FILES = ['README.md'];
const MSG = { title: 'mirror: 1 new, 1 removed (news)', body: 'details', articles: [] };

let standin: GithubStandin | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

async function setup(files: StandinOptions['files'] | null = seed(), extra: Partial<GithubPublisherOptions> = {}) {
  // A test that sets up twice is done with the first stand-in: close it, or its repository folder stays behind.
  await standin?.close();
  standin = await startGithubStandin({ files: files ?? undefined, token: 'secret-token' });
  const logger = quietLogger();
  const publisher = createGithubPublisher({
    token: 'secret-token',
    owner: standin.owner,
    repo: standin.repo,
    mode: 'commit',
    apiUrl: standin.apiUrl,
    graphqlUrl: standin.graphqlUrl,
    logger,
    writeIntervalMs: 0,
    ...extra,
  });
  return { s: standin, publisher, logger };
}

function seed(): Record<string, string | Buffer> {
  return {
    'README.md': '# Mirror\n',
    'pages/news/old.md': '### Old\n',
    'pages/news/gone.md': '### Gone\n',
    'pages/news/gone.md.png': fakePng(1),
    'indexes/news.json': '{"channel":"news","articles":[]}\n',
    'notes/keep.txt': 'not part of the mirror\n',
  };
}

describe('reading the branch', () => {
  it('lists blob SHAs under the roots with one tree read, and reads manifests only on demand (cached)', async () => {
    const { s, publisher } = await setup();
    const state = await publisher.readState(ROOTS, FILES);
    expect(state.head).toBe(await s.head());
    expect([...state.paths].sort()).toEqual(['README.md', 'indexes/news.json', 'pages/news/gone.md', 'pages/news/gone.md.png', 'pages/news/old.md']);
    expect(await state.blobSha('pages/news/gone.md.png')).toBe(gitBlobSha(fakePng(1)));
    const treeReads = s.requests.filter((r) => r.path.includes('/git/trees/'));
    expect(treeReads).toHaveLength(1);
    const before = s.requests.length;
    expect(await state.readText('indexes/news.json')).toBe('{"channel":"news","articles":[]}\n');
    expect(await state.readText('indexes/news.json')).toBe('{"channel":"news","articles":[]}\n');
    expect(await state.readText('indexes/missing.json')).toBeUndefined();
    expect(s.requests.length - before).toBe(1);
    expect(s.writes()).toHaveLength(0);
  });

  it('walks folder by folder when GitHub truncates the recursive tree', async () => {
    const { s, publisher } = await setup();
    s.faults.truncateTreesAbove = 2;
    const state = await publisher.readState(['pages'], FILES);
    expect([...state.paths].sort()).toEqual(['README.md', 'pages/news/gone.md', 'pages/news/gone.md.png', 'pages/news/old.md']);
  });

  it('gives an empty state for an empty repository and for a missing branch', async () => {
    const { publisher } = await setup(null);
    const state = await publisher.readState(ROOTS, FILES);
    expect(state.head).toBeUndefined();
    expect(state.paths.size).toBe(0);
    const other = await setup(seed(), { branch: 'mirror' });
    const s2 = await other.publisher.readState(ROOTS, FILES);
    expect(s2.head).toBeUndefined();
  });
});

describe('commit mode (GraphQL)', () => {
  it('publishes adds, changes and deletes, PNGs included, as one commit in one write request', async () => {
    const { s, publisher } = await setup();
    const state = await publisher.readState(ROOTS, FILES);
    const before = s.requests.length;
    const png = fakePng(7, 5000);
    const plan = planOf(
      { 'pages/news/new.md': '### New 新闻\n\n正文\r\n', 'pages/news/new.md.png': png },
      { 'README.md': '# Mirror\n\n- [New](pages/news/new.md)\n' },
      ['pages/news/gone.md', 'pages/news/gone.md.png'],
    );
    const result = await publisher.apply(plan, state, MSG);
    expect(result.commitSha).toBe(await s.head());
    const writes = s.writes(before);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.operation).toBe('createCommitOnBranch');

    const clone = cloneRepo(s.bareRepoPath);
    try {
      clone.fsck();
      expect(clone.files()).toEqual(['README.md', 'indexes/news.json', 'notes/keep.txt', 'pages/news/new.md', 'pages/news/new.md.png', 'pages/news/old.md']);
      expect(clone.read('pages/news/new.md.png').equals(png)).toBe(true);
      expect(clone.read('pages/news/new.md').toString('utf8')).toBe('### New 新闻\n\n正文\r\n');
      expect(clone.read('README.md').toString()).toContain('[New]');
      expect(clone.log()).toEqual([MSG.title, 'Initial commit']);
    } finally {
      clone.remove();
    }
    expect(await s.git(['rev-parse', `${result.commitSha}^`])).toBe(state.head);
  });

  it('makes no request at all for an empty plan', async () => {
    const { s, publisher } = await setup();
    const state = await publisher.readState(ROOTS, FILES);
    const before = s.requests.length;
    expect(await publisher.apply(planOf({}), state, MSG)).toEqual({});
    expect(s.requests.length).toBe(before);
  });

  it('dry-run reads but never writes', async () => {
    const { s, publisher } = await setup(seed(), { mode: 'dry-run' });
    const state = await publisher.readState(ROOTS, FILES);
    expect(await publisher.apply(planOf({ 'pages/news/x.md': 'x' }), state, MSG)).toEqual({});
    expect(s.writes()).toHaveLength(0);
  });

  it('throws StaleStateError when the branch moved (STALE_DATA), and lands on the new head after a re-read', async () => {
    const { s, publisher } = await setup();
    const state = await publisher.readState(ROOTS, FILES);
    s.faults.moveRefBeforeWrite = 1;
    const plan = planOf({ 'pages/news/new.md': '### New\n' });
    await expect(publisher.apply(plan, state, MSG)).rejects.toBeInstanceOf(StaleStateError);
    expect(await s.listFiles()).toContain('foreign/1.txt');
    expect(await s.listFiles()).not.toContain('pages/news/new.md');
    const again = await publisher.readState(ROOTS, FILES);
    await publisher.apply(plan, again, MSG);
    expect(await s.listFiles()).toEqual(expect.arrayContaining(['foreign/1.txt', 'pages/news/new.md']));
  });

  it('retries a secondary rate limit after retry-after', async () => {
    const { s, publisher, logger } = await setup();
    const state = await publisher.readState(ROOTS, FILES);
    s.faults.secondaryRateLimit = 2;
    s.faults.retryAfter = 1;
    const before = s.requests.length;
    await publisher.apply(planOf({ 'pages/news/new.md': '### New\n' }), state, MSG);
    expect(s.requests.slice(before).map((r) => r.status)).toEqual([403, 403, 200]);
    expect(await s.listFiles()).toContain('pages/news/new.md');
    expect(logger.lines.filter((l) => /secondary rate limit/.test(l))).toHaveLength(2);
  });

  it('splits a change too large for one request into sequential commits (502 on big bodies)', async () => {
    const { s, publisher, logger } = await setup();
    const state = await publisher.readState(ROOTS, FILES);
    s.faults.maxBodyBytes = 30_000;
    const add: Record<string, Buffer> = {};
    for (let i = 0; i < 8; i++) add[`pages/news/big${i}.md.png`] = fakePng(i, 8000);
    await publisher.apply(planOf(add, {}, ['pages/news/gone.md']), state, MSG);
    const commits = s.writes().filter((r) => r.status === 200);
    expect(commits.length).toBeGreaterThan(1);
    expect(s.writes().every((r) => r.status === 200 || r.status === 502)).toBe(true);
    const clone = cloneRepo(s.bareRepoPath);
    try {
      clone.fsck();
      for (const [p, c] of Object.entries(add)) expect(clone.read(p).equals(c)).toBe(true);
      expect(clone.files()).not.toContain('pages/news/gone.md');
      expect(clone.log()[0]).toMatch(/\(part \d+\)$/);
    } finally {
      clone.remove();
    }
    expect(logger.lines.some((l) => /published as \d+ commits/.test(l))).toBe(true);
  });

  it('makes the first commit of an empty repository through the contents API, then the rest', async () => {
    const { s, publisher } = await setup(null);
    const state = await publisher.readState(ROOTS, FILES);
    await publisher.apply(planOf({ 'README.md': '# Home\n', 'pages/news/a.md': '### A\n', 'pages/news/a.md.png': fakePng(3) }), state, MSG);
    const clone = cloneRepo(s.bareRepoPath);
    try {
      clone.fsck();
      expect(clone.files()).toEqual(['README.md', 'pages/news/a.md', 'pages/news/a.md.png']);
      expect(clone.read('pages/news/a.md.png').equals(fakePng(3))).toBe(true);
    } finally {
      clone.remove();
    }
  });

  it('creates a missing branch at the default branch head and commits once: two writes, however many files', async () => {
    const { s, publisher } = await setup(seed(), { branch: 'mirror' });
    const main = await s.head();
    const state = await publisher.readState(ROOTS, FILES);
    // Planned on the default branch's files, the branch it will start from.
    expect([...state.paths]).toContain('pages/news/old.md');
    const add: Record<string, string | Buffer> = {};
    for (let i = 0; i < 40; i++) {
      add[`pages/news/n${i}.md`] = `### N${i}\n`;
      add[`pages/news/n${i}.md.png`] = fakePng(i);
    }
    const before = s.requests.length;
    const r = await publisher.apply(planOf(add, {}, ['pages/news/gone.md']), state, MSG);
    const writes = s.writes(before);
    expect(writes.map((w) => w.operationId ?? w.operation)).toEqual(['git/create-ref', 'createCommitOnBranch']);
    expect(await s.head('mirror')).toBe(r.commitSha);
    expect(await s.git(['rev-parse', `${r.commitSha}^`])).toBe(main);
    const files = await s.listFiles('mirror');
    expect(files).toEqual(expect.arrayContaining(['notes/keep.txt', 'pages/news/old.md', 'pages/news/n39.md.png']));
    expect(files).not.toContain('pages/news/gone.md');
    expect(await s.head()).toBe(main);
  });
});

describe('commit mode (REST fallback)', () => {
  it('falls back when GraphQL is refused: blobs only for binaries, trees in blocks of 100, one commit, fast-forward', async () => {
    const { s, publisher, logger } = await setup();
    s.faults.graphqlRefused = { type: 'FORBIDDEN', message: 'Resource not accessible by integration' };
    const state = await publisher.readState(ROOTS, FILES);
    const add: Record<string, string | Buffer> = {};
    for (let i = 0; i < 250; i++) add[`pages/news/a${String(i).padStart(3, '0')}.md`] = `### Article ${i}\n\n文章 ${i}\n`;
    for (let i = 0; i < 3; i++) add[`pages/news/a${i}.md.png`] = fakePng(i);
    const before = s.requests.length;
    const r = await publisher.apply(planOf(add, { 'README.md': '# New home\n' }, ['pages/news/gone.md', 'pages/news/gone.md.png']), state, MSG);
    const writes = s.writes(before);
    const count = (p: RegExp, m = 'POST') => writes.filter((w) => w.method === m && p.test(decodeURIComponent(w.path))).length;
    expect(count(/\/graphql$/)).toBe(1);
    expect(count(/\/git\/blobs$/)).toBe(3);
    // 250 + 3 + 1 + 2 entries → 3 blocks of at most 100
    expect(count(/\/git\/trees$/)).toBe(3);
    expect(count(/\/git\/commits$/)).toBe(1);
    expect(count(/\/git\/refs\/heads\/main$/, 'PATCH')).toBe(1);
    expect(writes).toHaveLength(9);
    expect(r.commitSha).toBe(await s.head());
    expect(logger.lines.some((l) => /REST Git Data API/.test(l))).toBe(true);
    const clone = cloneRepo(s.bareRepoPath);
    try {
      clone.fsck();
      for (const [p, c] of Object.entries(add)) expect(clone.read(p).equals(Buffer.from(c))).toBe(true);
      expect(clone.files()).not.toContain('pages/news/gone.md.png');
      expect(clone.read('notes/keep.txt').toString()).toBe('not part of the mirror\n');
      expect(clone.log()).toHaveLength(2);
    } finally {
      clone.remove();
    }
  });

  it('turns "not a fast forward" into StaleStateError and keeps the other commit', async () => {
    const { s, publisher } = await setup();
    s.faults.graphqlRefused = { type: 'FORBIDDEN', message: 'Resource not accessible by integration' };
    const state = await publisher.readState(ROOTS, FILES);
    s.faults.moveRefBeforeWrite = 1;
    await expect(publisher.apply(planOf({ 'pages/news/n.md': '### N\n' }), state, MSG)).rejects.toBeInstanceOf(StaleStateError);
    expect(await s.listFiles()).toContain('foreign/1.txt');
    expect(await s.listFiles()).not.toContain('pages/news/n.md');
  });
});

describe('pull-request mode', () => {
  it('rebuilds one branch from the base head and keeps one pull request up to date', async () => {
    const { s, publisher } = await setup(seed(), { mode: 'pull-request', prLabels: ['mirror', 'automated'], prTitle: 'Mirror update' });
    const baseHead = await s.head();
    const msgA = { ...MSG, articles: [{ channel: 'news', title: 'Article A', url: 'https://origin.example/a', path: 'pages/news/a.md' }] };
    const first = await publisher.apply(planOf({ 'pages/news/a.md': '### Article A\n' }), await publisher.readState(ROOTS, FILES), msgA);
    expect(first.pullRequestNumber).toBe(1);
    expect(first.pullRequestUrl).toBe(`https://github.com/${s.owner}/${s.repo}/pull/1`);
    expect(await s.head()).toBe(baseHead);
    expect(await s.git(['rev-parse', 'refs/heads/news-mirror/update^'])).toBe(baseHead);
    expect(s.pulls[0]).toMatchObject({ state: 'open', title: 'Mirror update', head: 'news-mirror/update', base: 'main', labels: ['mirror', 'automated'] });
    expect(s.pulls[0]!.body).toContain('| news | [Article A](pages/news/a.md) | [original](<https://origin.example/a>) |');

    const msgAB = { ...MSG, articles: [...msgA.articles, { channel: 'news', title: 'Article B', url: 'https://origin.example/b', path: 'pages/news/b.md' }] };
    const beforeSecond = s.requests.length;
    const second = await publisher.apply(planOf({ 'pages/news/a.md': '### Article A\n', 'pages/news/b.md': '### Article B\n' }), await publisher.readState(ROOTS, FILES), msgAB);
    expect(second.pullRequestNumber).toBe(1);
    expect(s.pulls).toHaveLength(1);
    // Built on a scratch branch at the base head; the PR branch moved once, straight to the new commit.
    expect(s.writes(beforeSecond).map((w) => `${w.operationId ?? w.operation} ${decodeURIComponent(w.path)}`)).toEqual([
      'git/create-ref /repos/octo/mirror/git/refs',
      'createCommitOnBranch /graphql',
      'git/update-ref /repos/octo/mirror/git/refs/heads/news-mirror/update',
      'git/delete-ref /repos/octo/mirror/git/refs/heads/news-mirror/update-next',
      'pulls/update /repos/octo/mirror/pulls/1',
    ]);
    expect(s.pulls[0]!.state).toBe('open');
    expect(await s.head('news-mirror/update-next')).toBeUndefined();
    expect(s.pulls[0]!.body).toContain('Article B');
    expect(await s.git(['rev-parse', 'refs/heads/news-mirror/update^'])).toBe(baseHead);
    expect(await s.git(['rev-list', '--count', 'refs/heads/news-mirror/update'])).toBe('2');
    expect(await s.listFiles('news-mirror/update')).toEqual(expect.arrayContaining(['pages/news/a.md', 'pages/news/b.md']));

    // The same change again: the branch and the PR already hold it, so nothing is written.
    const before = s.requests.length;
    const third = await publisher.apply(planOf({ 'pages/news/a.md': '### Article A\n', 'pages/news/b.md': '### Article B\n' }), await publisher.readState(ROOTS, FILES), msgAB);
    expect(third.pullRequestNumber).toBe(1);
    expect(s.writes(before)).toHaveLength(0);
  });

  it('rebuilds on top of a base that moved', async () => {
    const { s, publisher } = await setup(seed(), { mode: 'pull-request' });
    await publisher.apply(planOf({ 'pages/news/a.md': '### A\n' }), await publisher.readState(ROOTS, FILES), MSG);
    const moved = await s.commitFiles('main', { 'notes/x.txt': 'x' });
    await publisher.apply(planOf({ 'pages/news/a.md': '### A\n' }), await publisher.readState(ROOTS, FILES), MSG);
    expect(await s.git(['rev-parse', 'refs/heads/news-mirror/update^'])).toBe(moved);
    expect(s.pulls).toHaveLength(1);
    expect(s.pulls[0]!.state).toBe('open');
  });

  it('takes over a scratch branch an interrupted run left behind', async () => {
    const { s, publisher } = await setup(seed(), { mode: 'pull-request' });
    await publisher.apply(planOf({ 'pages/news/a.md': '### A\n' }), await publisher.readState(ROOTS, FILES), MSG);
    await s.commitFiles('news-mirror/update-next', { 'stale.txt': 'left behind' });
    const r = await publisher.apply(planOf({ 'pages/news/b.md': '### B\n' }), await publisher.readState(ROOTS, FILES), MSG);
    expect(r.pullRequestNumber).toBe(1);
    expect(await s.head('news-mirror/update-next')).toBeUndefined();
    expect(await s.listFiles('news-mirror/update')).not.toContain('stale.txt');
    expect(await s.listFiles('news-mirror/update')).toContain('pages/news/b.md');
  });

  it('keeps the pull request open when GraphQL is refused (REST commit on the scratch branch)', async () => {
    const { s, publisher, logger } = await setup(seed(), { mode: 'pull-request' });
    s.faults.graphqlRefused = { type: 'FORBIDDEN', message: 'Resource not accessible by integration' };
    await publisher.apply(planOf({ 'pages/news/a.md': '### A\n' }), await publisher.readState(ROOTS, FILES), MSG);
    const r = await publisher.apply(planOf({ 'pages/news/b.md': '### B\n', 'pages/news/b.md.png': fakePng(2) }), await publisher.readState(ROOTS, FILES), MSG);
    expect(r.pullRequestNumber).toBe(1);
    expect(s.pulls).toHaveLength(1);
    expect(s.pulls[0]!.state).toBe('open');
    expect(await s.git(['rev-parse', 'refs/heads/news-mirror/update^'])).toBe(await s.head());
    expect(logger.lines.some((l) => /REST Git Data API/.test(l))).toBe(true);
  });
});

describe('clear errors', () => {
  const plan = planOf({ 'pages/news/a.md': '### A\n' });

  it('says to grant contents: write when the token may not write', async () => {
    const { s, publisher } = await setup();
    s.faults.forbidWrites = true;
    await expect(publisher.apply(plan, await publisher.readState(ROOTS, FILES), MSG)).rejects.toThrow(/permissions: contents: write/);
  });

  it('names the repository setting when Actions may not open pull requests', async () => {
    const { s, publisher } = await setup(seed(), { mode: 'pull-request' });
    s.faults.prForbidden = true;
    await expect(publisher.apply(plan, await publisher.readState(ROOTS, FILES), MSG)).rejects.toThrow(/Allow GitHub Actions to create and approve pull requests/);
  });

  it.each([422, 409] as const)('explains a protected branch (%i)', async (status) => {
    const { s, publisher } = await setup();
    s.faults.protectedBranches = ['main'];
    s.faults.protectedStatus = status;
    await expect(publisher.apply(plan, await publisher.readState(ROOTS, FILES), MSG)).rejects.toThrow(/protected.*mode: pull-request/s);
  });

  it('says a pull request needs a base branch in an empty repository', async () => {
    const { publisher } = await setup(null, { mode: 'pull-request' });
    await expect(publisher.apply(plan, await publisher.readState(ROOTS, FILES), MSG)).rejects.toThrow(/is empty.*mode: commit/);
  });

  it('says the token was rejected, without printing it', async () => {
    const { publisher } = await setup(seed(), { token: 'wrong-token' });
    const err = await publisher.readState(ROOTS, FILES).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/token was rejected/);
    expect(err?.message).not.toContain('wrong-token');
  });
});
