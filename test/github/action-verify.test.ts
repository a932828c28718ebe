// Mode verify of the bundled Action (dist/index.js): read-only, through the
// API (no checkout) or from the checkout at `path`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFixtureSite } from '../helpers/fixture-site.js';
import { closeAfterTest } from '../helpers/close-after-test.js';
import { startGithubStandin } from '../helpers/github-standin.js';
import { items, rssFeed, runAction } from './action-run.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('the Action, mode verify', () => {
  it('finds a fresh mirror sound without writing, then names a deleted PNG and an orphan, through the API and from a checkout', async () => {
    const s = closeAfterTest(await startGithubStandin({ files: { LICENSE: 'MIT\n' } }));
    const site = closeAfterTest(await startFixtureSite());
    site.set('/news.xml', rssFeed(site.origin, 'news', items('news', 1, 3)));
    // No base-url: both modes derive the same one from the repository and branch.
    const config = `site:\n  header: "#### [Home](README.md) | [Licence](LICENSE)"\nchannels:\n  - { id: news, title: News, source: { type: feed, url: "${site.url('/news.xml')}" } }\n`;
    const first = await runAction(s, { config });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(s.writes()).toHaveLength(1);

    const sound = await runAction(s, { config, mode: 'verify' });
    expect(sound.code, sound.stdout + sound.stderr).toBe(0);
    expect(sound.outputs.problems).toBe('0');
    expect(sound.summary).toContain('News Mirror verify: sound');
    expect(sound.summary).toContain('3 articles, 3 QR codes');
    expect(s.writes()).toHaveLength(1);

    await s.commitFiles('main', { 'pages/news/news2.md.png': null, 'pages/news/stray.md': '# left by a crash\n' }, 'damage');
    const requestsBefore = s.requests.length;
    const bad = await runAction(s, { config, mode: 'verify' });
    expect(bad.code).toBe(1);
    expect(s.requests.slice(requestsBefore).every((r) => r.kind === 'read')).toBe(true);
    expect(bad.outputs.problems).toBe('3');
    expect(bad.stdout).toContain('::error::pages/news/news2.md.png: QR code missing');
    expect(bad.stdout).toContain('::error::pages/news/stray.md: orphaned: not listed in indexes/news.json');
    expect(bad.stdout).toContain('::error::verify found 3 problems in octo/mirror@main'.replace('octo/mirror', `${s.owner}/${s.repo}`));
    expect(bad.summary).toContain('| `pages/news/news2.md` | link | broken link: "news2.md.png" leads to pages/news/news2.md.png, which does not exist |');

    // From a checkout: the same answer, and no API request at all.
    const workspace = tempDir('nm-verify-ws-');
    execFileSync('git', ['clone', '--quiet', s.bareRepoPath, join(workspace, 'mirror')]);
    const before = s.requests.length;
    const local = await runAction(s, { config, mode: 'verify', path: 'mirror' }, { GITHUB_WORKSPACE: workspace, GITHUB_REF_NAME: 'main' });
    expect(local.code).toBe(1);
    expect(s.requests.length).toBe(before);
    expect(local.outputs.problems).toBe('3');
    expect(local.stdout).toContain('::error::pages/news/stray.md: orphaned');

    // A branch that does not exist is no mirror, not the default branch's files under its name.
    const missing = await runAction(s, { config, mode: 'verify', branch: 'nope' });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`${s.owner}/${s.repo}: branch nope does not exist; there is no mirror to verify`);
  }, 300_000); // six runs of the bundled Action, each a fresh Node process
});
