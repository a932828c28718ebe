// npx runs dist/cli.js itself, so the committed file must be executable:
// a clone gets the mode git recorded, not the one a local build set. The
// bundles must be pure ASCII: V8 then holds their source one byte per
// character, where a single other character doubles it (scripts/build.mjs).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('dist/cli.js in git', () => {
  it('is committed with mode 100755', () => {
    const line = execFileSync('git', ['ls-files', '-s', '--', 'dist/cli.js'], { encoding: 'utf8' }).trim();
    expect(line, 'dist/cli.js is not in the git index').not.toBe('');
    expect(line.split(/\s+/)[0], `git ls-files -s: ${line}\nfix: git update-index --chmod=+x dist/cli.js`).toBe('100755');
  });
});

describe('the bundles', () => {
  const files = readdirSync('dist', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`);

  it('are the two entry points and the chunks they share', () => {
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/cli.js');
    expect(files.some((f) => f.startsWith('dist/chunks/'))).toBe(true);
  });

  it('load OpenCC only on first use: no static import reaches its dictionaries', () => {
    // The files a run loads before any dynamic import() runs.
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import\s+(?:[^;]*?\sfrom\s*)?"(\.\.?\/[^"]+)";?$/gm)) visit(join(dirname(file), m[1]!));
    };
    visit('dist/index.js');
    visit('dist/cli.js');
    const dictionaries = files.filter((f) => /\/(t2cn|cn2t)-[^/]+\.js$/.test(f));
    expect(dictionaries).toHaveLength(2);
    for (const d of dictionaries) expect([...loaded]).not.toContain(d);
    expect([...loaded].some((f) => f.startsWith('dist/chunks/'))).toBe(true);
  });

  for (const file of files) {
    it(`${file} is pure ASCII`, () => {
      const text = readFileSync(file, 'utf8');
      const at = text.search(/[^\x00-\x7f]/);
      const line = at < 0 ? '' : text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at));
      expect(at, `non-ASCII at offset ${at}: ${line.slice(0, 200)}`).toBe(-1);
    });
  }
});
