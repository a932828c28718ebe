// The upkeep stays cheap: a run with nothing to do reads the manifests and
// no page; a chrome change reads each held page once, and only then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { runPipeline } from '../../src/pipeline.js';
import { createLocalPublisher } from '../../src/publish/local.js';
import type { Publisher } from '../../src/publish/publisher.js';
import type { Logger } from '../../src/types.js';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { makeItems, rss2 } from '../helpers/feeds.js';
import { tempDir } from '../helpers/temp-dir.js';

const quiet: Logger = { info() {}, warn() {}, debug() {}, group: (_n, fn) => fn() };
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite();
  site.set('/a.xml', rss2(makeItems(site.origin, 'a', 4)));
  site.set('/b.xml', rss2(makeItems(site.origin, 'b', 3)));
});
afterAll(() => site.close());

/** The local publisher, recording every file whose text a run reads. */
function counting(dir: string, reads: string[]): Publisher {
  const inner = createLocalPublisher(dir);
  return {
    ...inner,
    async readState(roots, files) {
      const s = await inner.readState(roots, files);
      return { ...s, readText: (p: string) => (reads.push(p), s.readText(p)) };
    },
  };
}

const config = (header: string) =>
  parseConfig(
    `site:\n  header: "${header}"\nchannels:\n  - { id: a, title: A, source: { type: feed, url: "${site.url('/a.xml')}" } }\n  - { id: b, title: B, source: { type: feed, url: "${site.url('/b.xml')}" } }\n`,
    'test',
  );

describe('reads of the upkeep', () => {
  it('reads no page on a run with nothing to do, and each held page once when the chrome changes', async () => {
    const dir = tempDir('nm-reads-');
    const run = async (header: string) => {
      const reads: string[] = [];
      const s = await runPipeline({ config: config(header), publisher: counting(dir, reads), logger: quiet, baseUrl: 'https://github.com/o/r/blob/main' });
      return { s, reads: reads.sort() };
    };
    await run('#### [Home](README.md)');
    const idle = await run('#### [Home](README.md)');
    // The home page is read for its ownership marker (plan/ownership.ts), the manifests for what is held.
    expect(idle.reads).toEqual(['README.md', 'indexes/a.json', 'indexes/b.json']);
    expect(idle.s.changed).toEqual([]);

    const changed = await run('#### [Start](README.md)');
    const held = ['a1', 'a2', 'a3', 'a4'].map((id) => `pages/a/${id}.md`).concat(['a1', 'a2', 'a3'].map((id) => `pages/b/${id}.md`));
    expect(changed.reads).toEqual(['README.md', 'indexes/a.json', 'indexes/b.json', ...held].sort());
    expect(changed.s.rerendered?.sort()).toEqual(held.sort());

    const after = await run('#### [Start](README.md)');
    expect(after.reads).toEqual(['README.md', 'indexes/a.json', 'indexes/b.json']);
    expect([...after.s.added, ...after.s.changed, ...after.s.deleted]).toEqual([]);
  });
});
