// npx runs dist/cli.js itself, so the committed file must be executable:
// a clone gets the mode git recorded, not the one a local build set. The
// bundles must be pure ASCII: V8 then holds their source one byte per
// character, where a single other character doubles it (scripts/build.mjs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('dist/cli.js in git', () => {
  it('is committed with mode 100755', () => {
    const line = execFileSync('git', ['ls-files', '-s', '--', 'dist/cli.js'], { encoding: 'utf8' }).trim();
    expect(line, 'dist/cli.js is not in the git index').not.toBe('');
    expect(line.split(/\s+/)[0], `git ls-files -s: ${line}\nfix: git update-index --chmod=+x dist/cli.js`).toBe('100755');
  });
});

describe('the bundles', () => {
  for (const file of ['dist/index.js', 'dist/cli.js']) {
    it(`${file} is pure ASCII`, () => {
      const text = readFileSync(file, 'utf8');
      const at = text.search(/[^\x00-\x7f]/);
      const line = at < 0 ? '' : text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at));
      expect(at, `non-ASCII at offset ${at}: ${line.slice(0, 200)}`).toBe(-1);
    });
  }
});
