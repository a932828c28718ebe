// A new article that links to one the mirror took in an earlier run must link
// to that article's page in the mirror: the original is what readers cannot
// reach. Through dist/cli.js, two runs over the same working copy.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss2, type FixtureItem } from '../helpers/feeds.js';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { runCli } from '../helpers/run-cli.js';

let site: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(() => site.close());

const item = (url: string, title: string, published: string, html: string): FixtureItem => ({ url, title, published, html });

async function run(config: string, out: string) {
  const r = await runCli(['run', '--config', config, '--out', out, '--json']);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { newArticles: number };
}

describe('links between articles across runs', () => {
  it("the second run's article links to the pages of articles mirrored in the first, in its own channel and in another", async () => {
    const o = site.origin;
    const flood = item(`${o}/world/flood.html`, 'Flood', '2026-03-01T08:00:00Z', '<p>The river rose overnight.</p>');
    const dam = item(`${o}/china/dam.html`, 'Dam', '2026-03-01T09:00:00Z', '<p>The dam held.</p>');
    site.set('/world.xml', rss2([flood]));
    site.set('/china.xml', rss2([dam]));
    const dir = await mkdtemp(join(tmpdir(), 'nm-links-'));
    const config = join(dir, 'mirror.yml');
    await writeFile(
      config,
      `site:\n  base-url: https://github.com/acme/mirror/blob/main\nchannels:\n` +
        `  - id: world\n    title: World\n    source: { type: feed, url: "${site.url('/world.xml')}" }\n` +
        `  - id: china\n    title: China\n    source: { type: feed, url: "${site.url('/china.xml')}" }\n`,
    );
    expect((await run(config, dir)).newArticles).toBe(2);

    const followUp = item(
      `${o}/world/follow-up.html`,
      'Follow-up',
      '2026-03-02T08:00:00Z',
      `<p>After <a href="${flood.url}">the flood</a> and <a href="${dam.url}">the dam report</a>, see <a href="${o}/world/never-mirrored.html">this</a>.</p>`,
    );
    site.set('/world.xml', rss2([followUp, flood]));
    expect((await run(config, dir)).newArticles).toBe(1);

    const page = await readFile(join(dir, 'pages/world/follow-up.md'), 'utf8');
    expect(page).toContain(`After [the flood](flood.md) and [the dam report](../china/dam.md), see [this](${o}/world/never-mirrored.html).`);
    await rm(dir, { recursive: true, force: true });
  });
});
