// A first run that adds hundreds of articles at once (body: feed, so they are
// all built in one burst), through dist/cli.js: every page's QR file must
// still be a code that scanners read back as that page's URL.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { decodeQrPng } from '../helpers/qr-decode.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const BASE = 'https://github.com/acme/mirror/blob/main';
/** The real sample feed (60 items with full bodies), served once per channel with its links made distinct. */
const SAMPLE = readFileSync(new URL('../fixtures/samples/feeds/nsc412.xml', import.meta.url), 'utf8');
const CHANNELS = 11;
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite();
  for (let k = 1; k <= CHANNELS; k++) {
    site.set(`/ch${k}.xml`, SAMPLE.replace(/<(link|guid)([^>]*)>http:\/\/www\.epochtimes\.com\//g, `<$1$2>http://www.epochtimes.com/c${k}/`));
  }
});
afterAll(() => site.close());

describe('a run that adds 600+ articles at once', () => {
  it('writes a QR file per page that decodes to the page URL (jsqr for all, zbarimg for a sample)', async () => {
    const dir = tempDir('nm-many-');
    const channels = Array.from({ length: CHANNELS }, (_, i) => `  - { id: ch${i + 1}, title: C${i + 1}, source: { type: feed, url: "${site.url(`/ch${i + 1}.xml`)}" }, body: feed }`);
    await writeFile(join(dir, 'mirror.yml'), `site:\n  base-url: ${BASE}\nchannels:\n${channels.join('\n')}\n`);
    const r = await runCli(['run', '--config', join(dir, 'mirror.yml'), '--out', dir, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const items = (SAMPLE.match(/<item>/g) ?? []).length;
    expect(JSON.parse(r.stdout).newArticles).toBe(CHANNELS * items);
    expect(CHANNELS * items).toBeGreaterThanOrEqual(600);

    const pages = (await readdir(join(dir, 'pages'), { recursive: true })).filter((p) => p.endsWith('.md')).sort();
    expect(pages).toHaveLength(CHANNELS * items);
    const sample: string[] = [];
    for (const [i, rel] of pages.entries()) {
      const url = `${BASE}/pages/${rel}`;
      // The page shows the URL its QR code holds, and links the QR file beside it.
      const page = await readFile(join(dir, 'pages', rel), 'utf8');
      expect(page).toContain(`${url} <br/>`);
      expect(page).toContain(`<img src='${rel.split('/').pop()}.png'/>`);
      const png = await readFile(join(dir, 'pages', `${rel}.png`));
      expect(decodeQrPng(png), rel).toBe(url);
      if (i % 97 === 0) sample.push(join(dir, 'pages', `${rel}.png`));
    }
    // zbarimg prints one line per file, in order.
    const read = execFileSync('/usr/bin/zbarimg', ['-q', '--raw', ...sample], { encoding: 'utf8' }).trim().split('\n');
    expect(read).toEqual(sample.map((f) => `${BASE}/pages/${f.slice(join(dir, 'pages').length + 1, -'.png'.length)}`));
  }, 600_000);
});
