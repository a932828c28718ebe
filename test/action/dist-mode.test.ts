// npx runs dist/cli.js itself, so the committed file must be executable:
// a clone gets the mode git recorded, not the one a local build set.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('dist/cli.js in git', () => {
  it('is committed with mode 100755', () => {
    const line = execFileSync('git', ['ls-files', '-s', '--', 'dist/cli.js'], { encoding: 'utf8' }).trim();
    expect(line, 'dist/cli.js is not in the git index').not.toBe('');
    expect(line.split(/\s+/)[0], `git ls-files -s: ${line}\nfix: git update-index --chmod=+x dist/cli.js`).toBe('100755');
  });
});
