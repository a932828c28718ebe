// Config and usage mistakes through dist/cli.js, as a maintainer trying a
// config meets them: the exit status the help promises, and a message that
// says where the mistake is and how to fix it. Nothing is written.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const feedChannel = `channels:
  - id: world
    title: World
    source: { type: feed, url: "https://example.org/feed.xml" }
`;

async function tryConfig(yaml: string, extra: string[] = []) {
  const dir = tempDir('nm-cli-errors-');
  const config = join(dir, 'mirror.yml');
  await writeFile(config, yaml);
  const out = join(dir, 'out');
  const r = await runCli(['run', '--config', config, '--out', out, ...extra]);
  return { ...r, config, written: await readdir(dir) };
}

describe('news-mirror run with a config mistake', () => {
  it('a wrong enum value: exit 2, the file, line and column, the allowed values', async () => {
    const r = await tryConfig(`${feedChannel}    body: pdf\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${r.config}: invalid config\n  - line 5, column 11: channels[0].body: expected \`feed\`, \`page\` or \`auto\`, got "pdf"\n`);
    expect(r.written).toEqual(['mirror.yml']);
  });

  it('an unknown key: exit 2 and the key probably meant', async () => {
    const r = await tryConfig(`${feedChannel}    exclude_titles: ["广告"]\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${r.config}: invalid config\n  - line 5, column 5: channels[0].exclude_titles: unknown key; did you mean \`exclude-titles\`?\n`);
  });

  it('an invalid CSS selector: exit 2 before any page is read, not an empty channel', async () => {
    const r = await tryConfig(`channels:\n  - id: world\n    title: World\n    source: { type: html, url: "https://example.org/", item: "div.post[" }\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${r.config}: invalid config\n  - line 4, column 62: channels[0].source.item: expected a CSS selector, got "div.post[" (expected name, found the end of the selector)\n`,
    );
    expect(r.written).toEqual(['mirror.yml']);
  });

  it('a YAML syntax error: exit 2 with its line and column', async () => {
    const r = await tryConfig(`locale: en\n${feedChannel}\tbody: feed\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${r.config}: invalid config\n  - line 6, column 1: YAML syntax error: Tabs are not allowed as indentation\n`);
  });

  it('a missing config file: exit 2 and how to give one', async () => {
    const dir = tempDir('nm-cli-errors-');
    const r = await runCli(['run', '--config', join(dir, 'nope.yml'), '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${join(dir, 'nope.yml')}: invalid config\n  - no such file: add it (the README's "Use it in a mirror repository" has an example), or name another file with \`--config FILE\`\n`,
    );
  });
});

describe('news-mirror run with a usage mistake', () => {
  it('a bad --shard exits 2 (bad usage), as the help says', async () => {
    const r = await tryConfig(feedChannel, ['--shard', '5/4']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('news-mirror: --shard: expected K/N with 1 ≤ K ≤ N ≤ 256 (e.g. "2/8"), got "5/4"');
    expect(r.stderr).toContain('Exit status: 0 when the run completed');
    expect(r.written).toEqual(['mirror.yml']);
  });

  it('a --base-url that is not an absolute http(s) URL exits 2 instead of landing in every page and QR code', async () => {
    for (const bad of ['github.com/acme/mirror/blob/main', 'ftp://example.org/mirror']) {
      const r = await tryConfig(feedChannel, ['--base-url', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`news-mirror: --base-url: expected an absolute http(s) URL such as "https://github.com/OWNER/REPO/blob/main", got "${bad}"`);
      expect(r.written).toEqual(['mirror.yml']);
    }
  });
});
