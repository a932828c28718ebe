// What the bundled Action (dist/index.js) tells about a run: annotations
// (one per channel and cause, never more than GitHub shows), a job summary
// that lists each problem once with a true status and links to the files,
// and progress lines in the log while article pages load.
import { describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { closeAfterTest } from '../helpers/close-after-test.js';
import { startGithubStandin, type GithubStandin } from '../helpers/github-standin.js';
import { items, rssFeed, runAction, type ActionResult } from './action-run.js';

let standin: GithubStandin | undefined;
let site: FixtureSite | undefined;

const BASE = 'https://github.com/octo/mirror/blob/main';
const annotations = (r: ActionResult) => r.stdout.split('\n').filter((l) => l.startsWith('::warning'));

function ok(r: ActionResult): ActionResult {
  if (r.code !== 0) throw new Error(`action failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

describe('annotations, job summary and progress of the Action', () => {
  it('35 refused pages of a channel give one annotation; the summary says partial, lists the problem once and links the new files', async () => {
    standin = closeAfterTest(await startGithubStandin({ files: { LICENSE: 'MIT\n' } }));
    site = closeAfterTest(await startFixtureSite());
    const other = `localhost:${new URL(site.origin).port}`;
    const article = (n: number) => `<html><body><article><h1>Story ${n}</h1><p>The body of story ${n}, long enough to be read as an article.</p></article></body></html>`;
    const links = [...[0, 1, 2].map((k) => site!.url(`/world/ok${k}.html`)), ...Array.from({ length: 35 }, (_, k) => `http://${other}/world/cdn${k}.html`)];
    const feed = rssFeed(site.origin, 'world', items('world', 1, links.length));
    // rssFeed links each item to ORIGIN/world/worldN.html; point them at the pages above instead.
    let n = 0;
    site.set('/world.xml', feed.replace(/<link>[^<]*<\/link><guid>[^<]*<\/guid>/g, () => `<link>${links[n]}</link><guid>${links[n++]}</guid>`));
    for (const k of [0, 1, 2]) site.set(`/world/ok${k}.html`, { body: article(k), delayMs: 300 });
    const config = `locale: en\nsite: { base-url: "${BASE}" }\nchannels:\n  - { id: world, title: World, body: page, source: { type: feed, url: "${site.url('/world.xml')}" } }\n`;

    const r = ok(await runAction(standin, { config }, { NEWS_MIRROR_PROGRESS_MS: '30' }));
    expect(n).toBe(38);
    const warned = annotations(r);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain(`::warning::35 article pages of channel \`world\` were refused: their host \`${other}\` is not the channel's host. Add it to \`channels[0].allow-hosts\``);

    expect(r.summary).toContain('| World (`world`) | 3 | 0 | 35 | partial (35 of 38 pages failed) |');
    expect(r.summary.split('were refused')).toHaveLength(2);
    expect(r.summary).not.toContain('cdn3.html');
    for (const k of [0, 1, 2]) expect(r.summary).toContain(`[\`pages/world/ok${k}.md\`](${BASE}/pages/world/ok${k}.md)`);
    // The links resolve: the files are on the branch the base URL names.
    expect(await standin.listFiles()).toEqual(expect.arrayContaining([0, 1, 2].map((k) => `pages/world/ok${k}.md`)));

    const progress = [...r.stdout.matchAll(/^world: (\d+)\/38 pages$/gm)].map((m) => Number(m[1]));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('15 failing channels give at most 10 annotations, the last one saying how many more; the summary lists all 15', async () => {
    standin = closeAfterTest(await startGithubStandin({ files: { LICENSE: 'MIT\n' } }));
    site = closeAfterTest(await startFixtureSite());
    site.set('/good.xml', rssFeed(site.origin, 'good', items('good', 1, 2)));
    const dead = Array.from({ length: 15 }, (_, k) => `d${k}`);
    const channels = ['good', ...dead].map((id) => `  - { id: ${id}, title: Channel ${id}, source: { type: feed, url: "${site!.url(`/${id}.xml`)}" } }`);
    const config = `locale: en\nsite: { base-url: "${BASE}" }\nfetch: { retries: 0 }\nchannels:\n${channels.join('\n')}\n`;

    const r = ok(await runAction(standin, { config }));
    const warned = annotations(r);
    expect(warned).toHaveLength(10);
    expect(warned.slice(0, 9).every((l) => /^::warning::channel d\d+: .*HTTP 404/.test(l))).toBe(true);
    expect(warned[9]).toBe('::warning::6 more warnings: they are in the log above and in the job summary.');
    // The six past the limit are still in the log, as plain lines.
    expect(r.stdout.split('\n').filter((l) => /^warning: channel d\d+: /.test(l))).toHaveLength(6);
    const listed = r.summary.split('\n').filter((l) => /^- channel d\d+: .*HTTP 404/.test(l));
    expect(listed).toHaveLength(15);
    expect(listed[0]).toContain('`channels[1].source.url`');
    expect(r.summary).toContain('| Channel d0 (`d0`) | 0 | 0 | 0 | failed |');
  });
});
