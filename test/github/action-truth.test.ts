// The bundled Action (dist/index.js) against the GitHub API stand-in: a run
// whose every channel failed fails the job and makes no write request; the
// fail-on input; a hand-written README is kept; local dry runs call no API.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { closeAfterTest } from '../helpers/close-after-test.js';
import { startGithubStandin, type GithubStandin } from '../helpers/github-standin.js';
import { items, rssFeed, runAction } from './action-run.js';

let standin: GithubStandin | undefined;
let site: FixtureSite | undefined;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function config(channels: string[], extra = ''): string {
  return [
    'locale: en',
    'site: { base-url: "https://github.com/octo/mirror/blob/main" }',
    'fetch: { retries: 0 }',
    extra,
    'channels:',
    ...channels.flatMap((c) => [`  - id: ${c}`, `    title: Channel ${c}`, `    source: { type: feed, url: "${site!.url(`/${c}.xml`)}" }`]),
  ].join('\n');
}

describe('the Action when channels fail', () => {
  it('every channel failed: the job fails, the summary says so, and no write request is made', async () => {
    standin = closeAfterTest(await startGithubStandin({ files: { LICENSE: 'MIT\n' } }));
    site = closeAfterTest(await startFixtureSite());
    site.set('/one.xml', rssFeed(site.origin, 'one', items('one', 1, 2)));
    site.set('/two.xml', rssFeed(site.origin, 'two', items('two', 1, 2)));
    const cfg = config(['one', 'two']);
    const first = await runAction(standin, { config: cfg });
    expect(first.code, first.stdout).toBe(0);
    const head = await standin.head();
    const mark = standin.requests.length;

    site.remove('/one.xml');
    site.set('/two.xml', { status: 500, body: 'broken' });
    const r = await runAction(standin, { config: cfg });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::every channel failed (one, two), so nothing was written');
    expect(r.stdout).not.toContain('Nothing new');
    expect(r.summary).toContain('Every channel failed: nothing was written.');
    expect(standin.writes(mark)).toEqual([]);
    expect(await standin.head()).toBe(head);
    expect(r.outputs['changed-files']).toBe('0');
  });

  it('fail-on: any-channel fails the job and still publishes the healthy channel; a bad value names the input', async () => {
    standin = closeAfterTest(await startGithubStandin({ files: { LICENSE: 'MIT\n' } }));
    site = closeAfterTest(await startFixtureSite());
    site.set('/up.xml', rssFeed(site.origin, 'up', items('up', 1, 2)));
    const r = await runAction(standin, { config: config(['up', 'down']), 'fail-on': 'any-channel' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::1 of 2 channels failed (down); the others were published.');
    expect(standin.writes()).toHaveLength(1);
    const files = await standin.listFiles('main');
    expect(files).toContain('pages/up/up2.md');
    expect(JSON.parse((await standin.readFile('main', 'indexes/down.json'))!.toString())).toMatchObject({ health: { failures: 1 }, articles: [] });
    // The first failed run: `failed`; the manifest now dates the streak for the runs after.
    expect(r.summary).toContain('| Channel down (`down`) | 0 | 0 | 0 | failed |');

    const bad = await runAction(standin, { config: config(['up']), 'fail-on': 'sometimes' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('::error::fail-on: expected "all-channels", "any-channel", "never", got "sometimes"');
    const badStale = await runAction(standin, { config: config(['up']), 'stale-after': 'soon' });
    expect(badStale.stdout).toContain('::error::stale-after: expected a duration such as "3d", "72h" or "90m", got "soon"');
  });
});

describe('the Action and files it did not write', () => {
  it('keeps a hand-written README.md byte for byte: the run stops naming paths.home, and goes on once paths.home moves', async () => {
    const readme = '# Our project\n\nThis README was written by hand.\n';
    standin = closeAfterTest(await startGithubStandin({ files: { 'README.md': readme } }));
    site = closeAfterTest(await startFixtureSite());
    site.set('/news.xml', rssFeed(site.origin, 'news', items('news', 1, 2)));
    const r = await runAction(standin, { config: config(['news']) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('README.md was not written by News Mirror');
    expect(r.stdout).toContain('Set `paths.home` to another file');
    expect(standin.writes()).toEqual([]);

    const moved = await runAction(standin, { config: config(['news'], 'paths: { home: NEWS.md }') });
    expect(moved.code, moved.stdout).toBe(0);
    expect((await standin.readFile('main', 'README.md'))!.toString()).toBe(readme);
    expect((await standin.readFile('main', 'NEWS.md'))!.toString()).toMatch(/^<!-- generated by News Mirror/);
  });
});

describe('mode local with dry-run: true', () => {
  it('makes no API request and writes nothing into the checkout', async () => {
    standin = closeAfterTest(await startGithubStandin({ files: { LICENSE: 'MIT\n' } }));
    site = closeAfterTest(await startFixtureSite());
    site.set('/news.xml', rssFeed(site.origin, 'news', items('news', 1, 3)));
    const workspace = mkdtempSync(join(tmpdir(), 'nm-local-dry-'));
    dirs.push(workspace);
    const checkout = join(workspace, 'mirror');
    mkdirSync(join(checkout, '.github'), { recursive: true });
    execFileSync('git', ['init', '-q', checkout]);
    writeFileSync(join(checkout, '.github/news-mirror.yml'), config(['news']));
    const r = await runAction(standin, { mode: 'local', path: 'mirror', 'dry-run': 'true' }, { GITHUB_WORKSPACE: workspace });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(standin.requests).toEqual([]);
    expect(readdirSync(checkout).sort()).toEqual(['.git', '.github']);
    expect(r.outputs['new-articles']).toBe('3');
    expect(r.summary).toContain('Dry run: would publish 3 new articles');
  });
});
