// The bundled Action (dist/index.js) run as the Actions runner runs it,
// against a fixture news site and the GitHub API stand-in.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { closeAfterTest } from '../helpers/close-after-test.js';
import { startGithubStandin, type GithubStandin } from '../helpers/github-standin.js';
import { items, rssFeed, runAction, type ActionResult } from './action-run.js';
import { cloneRepo } from './util.js';

const SEED = { LICENSE: 'MIT\n' };
let standin: GithubStandin | undefined;
let site: FixtureSite | undefined;

async function setup(feeds: Record<string, number | [number, number]>) {
  standin = closeAfterTest(await startGithubStandin({ files: SEED }));
  site = closeAfterTest(await startFixtureSite());
  for (const [ch, n] of Object.entries(feeds)) {
    const [from, count] = typeof n === 'number' ? [1, n] : n;
    setFeed(ch, from, count);
  }
  return { s: standin, site };
}

function setFeed(channel: string, from: number, count: number) {
  site!.set(`/${channel}.xml`, rssFeed(site!.origin, channel, items(channel, from, count)));
}

function config(channels: string[], retention = 300): string {
  return [
    'locale: en',
    'site:',
    '  base-url: https://github.com/octo/mirror/blob/main',
    `retention: ${retention}`,
    'channels:',
    ...channels.flatMap((c) => [`  - id: ${c}`, `    title: Channel ${c}`, `    source: { type: feed, url: "${site!.url(`/${c}.xml`)}" }`]),
  ].join('\n');
}

function ok(r: ActionResult): ActionResult {
  if (r.code !== 0) throw new Error(`action failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

function listDir(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

describe('the Action (dist/index.js) end to end', () => {
  it('first run: one commit whose files equal a local `news-mirror run`; second run writes nothing; a feed change adds and retires', async () => {
    const { s } = await setup({ news: 5 });
    const cfg = config(['news'], 5);
    const first = ok(await runAction(s, { config: cfg }));
    expect(s.writes()).toHaveLength(1);
    expect(first.outputs['new-articles']).toBe('5');
    expect(first.outputs['commit-sha']).toBe(await s.head());
    expect(first.summary).toContain('Published 5 new articles');
    expect(first.stdout).toContain('::add-mask::ghs_test_token');
    expect(first.stdout.replace('::add-mask::ghs_test_token', '')).not.toContain('ghs_test_token');

    const clone = cloneRepo(s.bareRepoPath);
    const local = mkdtempSync(join(tmpdir(), 'cli-out-'));
    try {
      clone.fsck();
      expect(clone.log()).toHaveLength(2);
      const cfgFile = join(local, '..', `${relative(tmpdir(), local)}.yml`);
      writeFileSync(cfgFile, cfg);
      // Asynchronously: the fixture site answers from this process.
      await promisify(execFile)(process.execPath, [resolve('dist/cli.js'), 'run', '--config', cfgFile, '--out', local, '--quiet']);
      const mirrored = clone.files().filter((f) => f !== 'LICENSE');
      expect(mirrored).toEqual(listDir(local));
      for (const f of mirrored) expect(clone.read(f).equals(readFileSync(join(local, f))), f).toBe(true);
      rmSync(cfgFile);
    } finally {
      clone.remove();
      rmSync(local, { recursive: true, force: true });
    }

    const before = s.requests.length;
    const second = ok(await runAction(s, { config: cfg }));
    expect(s.writes(before)).toHaveLength(0);
    expect(second.outputs['changed-files']).toBe('0');
    expect(second.outputs['commit-sha']).toBe('');
    expect(second.summary).toContain('Nothing new');

    // Three newer articles; retention 5 retires the three oldest (page and QR code).
    setFeed('news', 1, 8);
    const third = ok(await runAction(s, { config: cfg }));
    expect(third.outputs['new-articles']).toBe('3');
    // changed-files counts every file the commit touched, the six deletions (three pages, three QR codes) included.
    const touched = (await s.git(['diff', '--no-renames', '--name-status', 'main~1', 'main'])).split('\n');
    expect(touched.filter((l) => l.startsWith('D'))).toHaveLength(6);
    expect(third.outputs['changed-files']).toBe(String(touched.length));
    const files = await s.listFiles();
    for (const n of [4, 5, 6, 7, 8]) expect(files).toEqual(expect.arrayContaining([`pages/news/news${n}.md`, `pages/news/news${n}.md.png`]));
    for (const n of [1, 2, 3]) expect(files.filter((f) => f.startsWith(`pages/news/news${n}.`))).toEqual([]);
    expect(files).toContain('LICENSE');
    expect(await s.git(['rev-list', '--count', 'main'])).toBe('3');
  });

  it('reads the config file from the repository when there is no checkout', async () => {
    const { s } = await setup({ news: 2 });
    await s.commitFiles('main', { '.github/news-mirror.yml': config(['news']) });
    const r = ok(await runAction(s, {}));
    expect(r.outputs['new-articles']).toBe('2');
    expect(r.stdout).toContain('config from .github/news-mirror.yml on octo/mirror@main');
  });

  it('dry-run reads the branch, writes nothing, and says what would change', async () => {
    const { s } = await setup({ news: 3 });
    const r = ok(await runAction(s, { config: config(['news']), 'dry-run': 'true' }));
    expect(s.writes()).toHaveLength(0);
    expect(r.outputs['new-articles']).toBe('3');
    expect(r.outputs['commit-sha']).toBe('');
    expect(r.summary).toContain('Dry run: would publish 3 new articles');
  });

  it('fails with a clear message on a bad config and on a missing permission', async () => {
    const { s } = await setup({ news: 2 });
    const bad = await runAction(s, { config: 'channels: 3' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('::error::the `config` input: invalid config%0A  - line 1, column 11: channels: expected a list, got 3');
    // No config anywhere: the same advice the command line gives, with the Action's other ways.
    const missing = await runAction(s, {});
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      '::error::.github/news-mirror.yml on octo/mirror@main: invalid config%0A  - no such file: add it (the README\'s "Use it in a mirror repository" has an example), or pass the config inline in the `config` input, or name another file in `config-file`',
    );
    s.faults.forbidWrites = true;
    const denied = await runAction(s, { config: config(['news']) });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/::error::.*permissions: contents: write/);
  });

  it('pull-request mode opens one PR, and runs two and three update PR #1, which stays open with its commit ahead', async () => {
    const { s } = await setup({ news: 3 });
    const base = await s.head();
    const inputs = { config: config(['news']), mode: 'pull-request', 'pr-labels': 'news,automated' };
    const first = ok(await runAction(s, inputs));
    expect(first.outputs['pull-request-number']).toBe('1');
    expect(first.outputs['pull-request-url']).toBe('https://github.com/octo/mirror/pull/1');
    expect(await s.head()).toBe(base);
    expect(s.pulls[0]).toMatchObject({ state: 'open', head: 'news-mirror/update', base: 'main', labels: ['news', 'automated'] });
    // The PR branch did not exist yet: its 404 is expected, not a warning.
    expect(s.requests.some((r) => r.status === 404 && decodeURIComponent(r.path).endsWith('/git/ref/heads/news-mirror/update'))).toBe(true);
    expect(first.stdout).not.toContain('::warning');

    for (const [run, count] of [[2, 5], [3, 7]] as const) {
      setFeed('news', 1, count);
      const r = ok(await runAction(s, inputs));
      expect(r.outputs['pull-request-number'], `run ${run}`).toBe('1');
      expect(r.summary).toContain('[#1](https://github.com/octo/mirror/pull/1)');
      expect(r.stdout).not.toContain('::warning');
      // GitHub closes a PR whose head is reachable from its base; the stand-in does too. Still one PR, open.
      expect(s.pulls.map((p) => [p.number, p.state])).toEqual([[1, 'open']]);
      expect(await s.git(['rev-list', '--count', 'main..news-mirror/update'])).toBe('1');
      expect(await s.git(['rev-parse', 'refs/heads/news-mirror/update^'])).toBe(base);
      expect((await s.listFiles('news-mirror/update')).filter((f) => f.endsWith('.md.png'))).toHaveLength(count);
      expect(await s.head('news-mirror/update-next')).toBeUndefined();
    }
    expect(await s.head()).toBe(base);
    // Three runs of the Action, each spacing its writes one second apart as GitHub asks.
  }, 180_000);

  it('pull-request mode caps the PR body below GitHub’s 65,536 characters and links the index', async () => {
    const { s, site } = await setup({});
    const long = 'A headline as long as some news sites write them, with every detail in it, '.repeat(5);
    // 100: a channel's default `limit` of new articles per run.
    const many = items('news', 1, 100).map((i) => ({ ...i, title: `${long}${i.title}` }));
    site.set('/news.xml', rssFeed(site.origin, 'news', many));
    const r = ok(await runAction(s, { config: config(['news']), mode: 'pull-request' }));
    expect(r.outputs['new-articles']).toBe('100');
    expect(s.pulls).toHaveLength(1);
    const body = s.pulls[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    expect(body).toMatch(/\*\*100 new articles\*\*; \d+ are listed above/);
    expect(body).toContain("Every article is in its channel's index: [indexes/news.md](indexes/news.md).");
  });

  it('a branch that does not exist yet starts at the default branch head: two writes for 30 articles', async () => {
    const { s } = await setup({ news: 30 });
    const main = await s.head();
    const r = ok(await runAction(s, { config: config(['news']), branch: 'mirror' }));
    expect(r.outputs['new-articles']).toBe('30');
    expect(s.writes().map((w) => w.operationId ?? w.operation)).toEqual(['git/create-ref', 'createCommitOnBranch']);
    expect(await s.git(['rev-parse', 'refs/heads/mirror^'])).toBe(main);
    const files = await s.listFiles('mirror');
    expect(files).toContain('LICENSE');
    expect(files.filter((f) => f.endsWith('.md.png'))).toHaveLength(30);
    expect(await s.head()).toBe(main);
    expect(r.stdout).not.toContain('::warning');
  });

  it('waits out a secondary rate limit (403 with retry-after) and then publishes', async () => {
    const { s } = await setup({ news: 2 });
    s.faults.secondaryRateLimit = 1;
    s.faults.retryAfter = 1;
    const r = ok(await runAction(s, { config: config(['news']) }));
    const commits = s.requests.filter((q) => q.operation === 'createCommitOnBranch');
    expect(commits.map((q) => q.status)).toEqual([403, 200]);
    expect(r.stdout).toMatch(/::warning::GitHub secondary rate limit on POST .*\/graphql: retrying in 1s/);
    expect(await s.listFiles()).toContain('pages/news/news2.md');
  });

  it('two runs racing on one branch both land, neither losing the other’s files', async () => {
    const { s } = await setup({ alpha: 4, beta: 4 });
    // Each run mirrors one channel; the stand-in moves the branch under the first writer too.
    s.faults.moveRefBeforeWrite = 1;
    const [a, b] = await Promise.all([runAction(s, { config: config(['alpha']) }), runAction(s, { config: config(['beta']) })]);
    ok(a);
    ok(b);
    const files = await s.listFiles();
    for (const ch of ['alpha', 'beta']) {
      for (let n = 1; n <= 4; n++) expect(files).toEqual(expect.arrayContaining([`pages/${ch}/${ch}${n}.md`, `pages/${ch}/${ch}${n}.md.png`]));
      expect(files).toContain(`indexes/${ch}.json`);
    }
    expect(files).toContain('foreign/1.txt');
    const clone = cloneRepo(s.bareRepoPath);
    try {
      clone.fsck();
    } finally {
      clone.remove();
    }
  });

  it('shards running in parallel compose into the complete mirror', async () => {
    const channels = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const { s } = await setup(Object.fromEntries(channels.map((c) => [c, 3])));
    const cfg = config(channels);
    const runs = await Promise.all([1, 2, 3].map((k) => runAction(s, { config: cfg, shard: `${k}/3` })));
    runs.forEach(ok);
    const total = runs.reduce((n, r) => n + Number(r.outputs['new-articles']), 0);
    expect(total).toBe(15);
    const sharded = (await s.listFiles()).filter((f) => f !== 'LICENSE');

    // The same config in one unsharded run, on a fresh repository.
    const whole = closeAfterTest(await startGithubStandin({ files: SEED }));
    ok(await runAction(whole, { config: cfg }));
    expect(sharded).toEqual((await whole.listFiles()).filter((f) => f !== 'LICENSE'));
    for (const f of sharded.filter((p) => p.startsWith('pages/') || p.startsWith('indexes/'))) {
      expect((await s.readFile('main', f))!.equals((await whole.readFile('main', f))!), f).toBe(true);
    }
    const home = (await s.readFile('main', 'README.md'))!.toString('utf8');
    for (const c of channels) expect(home).toContain(`Channel ${c}`);
  });

  it('a 50-article run costs one write request (GraphQL) and a handful of reads', async () => {
    const { s } = await setup({ news: 50 });
    const r = ok(await runAction(s, { config: config(['news']) }));
    expect(r.outputs['new-articles']).toBe('50');
    expect(r.outputs['changed-files']).toBe('104');
    const writes = s.writes();
    const reads = s.requests.filter((q) => q.kind === 'read');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.operation).toBe('createCommitOnBranch');
    // repository (default branch), ref, one recursive tree: nothing per file.
    expect(reads.length).toBeLessThanOrEqual(4);
    console.info(`50-article run: ${writes.length} write, ${reads.length} reads, request body ${writes[0]!.bodySize} bytes`);

    // The same run in pull-request mode, on a fresh repository.
    const pr = closeAfterTest(await startGithubStandin({ files: SEED }));
    ok(await runAction(pr, { config: config(['news']), mode: 'pull-request', 'pr-labels': 'news' }));
    const w = pr.writes();
    console.info(`50-article PR run: ${w.length} writes (${w.map((x) => `${x.method} ${x.operation ?? x.path}`).join(', ')}), ${pr.requests.length - w.length} reads`);
    expect(w).toHaveLength(4);
  });
});
