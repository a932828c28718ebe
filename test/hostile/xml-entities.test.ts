// XML feeds that abuse DTD entities: billion laughs and external entities
// (a local file, an address on the private network). The channel fails or
// parses without expansion, nothing is read or fetched, and the run finishes
// (the test timeout is the bound).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rss2 } from '../helpers/feeds.js';
import { config, run, snapshot } from './harness.js';
import { tempDir } from '../helpers/temp-dir.js';

let site: FixtureSite;
/** Stands for a service on the private network; must never be asked anything. */
let privateSite: FixtureSite;

function billionLaughs(o: string): string {
  const levels = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
${levels.join('\n')}
]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>&lol9;</title><link>${o}/</link><description>&lol9;</description>
<item><title>Laughs &lol9;</title><link>${o}/lol/a1.html</link><guid>${o}/lol/a1.html</guid>
<description>&lol9;</description><content:encoded>&lt;p&gt;Body &amp;lol9; &lol9;&lt;/p&gt;</content:encoded></item>
</channel></rss>`;
}

/** Quadratic blowup: one big entity referenced many times (no nesting). */
function quadraticBlowup(o: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY big "${'A'.repeat(50_000)}">]>
<rss version="2.0"><channel><title>q</title><link>${o}/</link><description>d</description>
<item><title>Quadratic</title><link>${o}/quad/a1.html</link><description>${'&big;'.repeat(20_000)}</description></item>
</channel></rss>`;
}

function externalEntities(o: string, priv: string, withParam: boolean): string {
  const param = withParam ? `<!ENTITY % param SYSTEM "${priv}/xxe-param.dtd">\n%param;` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
<!ENTITY passwd SYSTEM "file:///etc/passwd">
<!ENTITY remote SYSTEM "${priv}/xxe-remote">
${param}
]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>XXE &passwd;</title><link>${o}/</link><description>d</description>
<item><title>Secrets: &passwd; &remote;</title><link>${o}/xxe/a1.html</link><guid>${o}/xxe/a1.html</guid>
<description>&passwd;</description><content:encoded>&lt;p&gt;Visible body text.&lt;/p&gt;&passwd;&remote;</content:encoded></item>
</channel></rss>`;
}

beforeAll(async () => {
  site = await startFixtureSite();
  privateSite = await startFixtureSite({ '/xxe-remote': 'REMOTE-SECRET', '/xxe-param.dtd': '<!ENTITY leak "PARAM-SECRET">' });
  const o = site.origin;
  site.set('/lol.xml', billionLaughs(o));
  site.set('/quad.xml', quadraticBlowup(o));
  site.set('/xxe.xml', externalEntities(o, privateSite.origin, false));
  site.set('/xxeparam.xml', externalEntities(o, privateSite.origin, true));
  site.set('/good.xml', rss2([{ url: `${o}/good/a1.html`, title: 'A good one', published: '2026-05-01T00:00:00Z', html: '<p>Good body.</p>' }]));
});
afterAll(async () => {
  await site.close();
  await privateSite.close();
});

/** A line of this machine's /etc/passwd that would show up if the file were read. */
async function passwdMarker(): Promise<string> {
  const text = await readFile('/etc/passwd', 'utf8').catch(() => 'root:x:0:0:root:/root:/bin/sh');
  return text.split('\n').find((l) => l.includes(':'))!.trim();
}

describe('entity tricks in XML feeds', () => {
  it('billion laughs, quadratic blowup and external entities: no expansion, nothing read or fetched, the rest publishes', async () => {
    const dir = tempDir('nm-hostile-xml-');
    const channels = ['lol', 'quad', 'xxe', 'xxeparam', 'good']
      .map((id) => `  - { id: ${id}, title: ${id}, source: { type: feed, url: "${site.url(`/${id}.xml`)}" }, body: feed }`)
      .join('\n');
    const { summary, logged } = await run(config(channels), dir);

    const good = summary.channels.find((c) => c.id === 'good')!;
    expect(good).toMatchObject({ new: 1 });
    // Each hostile channel either is reported as failing, or parsed with its entity references left as text.
    const references: Record<string, string> = { lol: '&lol9;', quad: '&big;', xxe: '&passwd;', xxeparam: '&passwd;' };
    for (const [id, ref] of Object.entries(references)) {
      const c = summary.channels.find((x) => x.id === id)!;
      if (c.error) {
        expect(c.error).toMatch(/not a feed/);
        expect(logged.some((l) => l.startsWith(`channel ${id}: `))).toBe(true);
      } else {
        expect(c.new, id).toBe(1);
        const page = await readFile(join(dir, `pages/${id}/a1.md`), 'utf8');
        expect(page.replace(/\\/g, '')).toContain(ref);
      }
    }
    expect(privateSite.requests).toEqual([]);

    const marker = await passwdMarker();
    const files = await snapshot(dir);
    let total = 0;
    for (const path of files.keys()) {
      const bytes = await readFile(join(dir, path));
      total += bytes.length;
      const text = bytes.toString('utf8');
      expect(text, path).not.toContain(marker);
      expect(text, path).not.toMatch(/root:x?:0:0/);
      expect(text, path).not.toContain('REMOTE-SECRET');
      expect(text, path).not.toContain('PARAM-SECRET');
      expect(text, path).not.toContain('lol'.repeat(10));
      expect(text, path).not.toContain('A'.repeat(1000));
    }
    // 10^9 laughs or 10^9 bytes of A would be gigabytes; a handful of small pages is what is there.
    expect(total).toBeLessThan(1_000_000);
    const warnings = [...summary.warnings, ...logged].join('\n');
    expect(warnings).not.toContain(marker);
  });
});
