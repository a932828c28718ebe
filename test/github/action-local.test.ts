// Mode local: the workflow checked the mirror out and pushes by itself. The
// Action writes into the checkout and never calls the API.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { closeAfterTest } from '../helpers/close-after-test.js';
import { startGithubStandin, type GithubStandin } from '../helpers/github-standin.js';
import { items, rssFeed, runAction } from './action-run.js';
import { tempDir } from '../helpers/temp-dir.js';

let standin: GithubStandin | undefined;
let site: FixtureSite | undefined;

describe('mode local', () => {
  it('writes the mirror into the checkout, makes no API request, and leaves the rest of the checkout alone', async () => {
    standin = closeAfterTest(await startGithubStandin({ files: { 'README.md': 'x\n' } }));
    site = closeAfterTest(await startFixtureSite());
    site.set('/news.xml', rssFeed(site.origin, 'news', items('news', 1, 3)));
    const workspace = tempDir('nm-local-ws-');
    const checkout = join(workspace, 'mirror');
    mkdirSync(join(checkout, '.github'), { recursive: true });
    execFileSync('git', ['init', '-q', checkout]);
    writeFileSync(join(checkout, '.github/news-mirror.yml'), `channels:\n  - { id: news, title: News, source: { type: feed, url: "${site.url('/news.xml')}" } }\n`);

    const r = await runAction(standin, { mode: 'local', path: 'mirror' }, { GITHUB_WORKSPACE: workspace, GITHUB_REF_NAME: 'trunk' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(standin.requests).toEqual([]);
    expect(r.outputs['new-articles']).toBe('3');
    expect(r.outputs['commit-sha']).toBe('');
    const status = execFileSync('git', ['-C', checkout, 'status', '--porcelain', '-uall']).toString().trim().split('\n').map((l) => l.slice(3));
    expect(status.filter((p) => !/^(README\.md|\.github\/news-mirror\.yml|indexes\/news\.(md|json)|feeds\/news\.xml|pages\/news\/[^/]+\.md(\.png)?)$/.test(p))).toEqual([]);
    expect(status.filter((p) => p.startsWith('pages/news/') && p.endsWith('.md'))).toHaveLength(3);
    // Share links point at the branch the workflow runs on.
    const page = readFileSync(join(checkout, status.find((p) => p.startsWith('pages/news/') && p.endsWith('.md'))!), 'utf8');
    expect(page).toContain(`https://github.com/${standin.owner}/${standin.repo}/blob/trunk/pages/news/`);
    expect(r.summary).toContain('commit and push them from the workflow');
  });
});
