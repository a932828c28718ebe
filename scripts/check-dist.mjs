// Fails when dist/ is not the bundle of the committed src/: GitHub runs dist/,
// so a stale bundle would ship code nobody tested. Content only: npx or a
// checkout may set or clear the executable bit on disk, which says nothing
// about staleness. What a clone gets is the mode in git, checked on its own:
// dist/cli.js must be 100755 for npm's bin (npx news-mirror) to run it.
import { execFileSync } from 'node:child_process';

execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
const status = execFileSync('git', ['-c', 'core.fileMode=false', 'status', '--porcelain', '--untracked-files=all', '--', 'dist']).toString();
if (status.trim() !== '') {
  console.error(`dist/ is stale: rebuild with "npm run build" and commit it.\n${status}`);
  process.exit(1);
}
const cli = execFileSync('git', ['ls-files', '-s', '--', 'dist/cli.js']).toString().trim();
if (!cli.startsWith('100755 ')) {
  console.error(`dist/cli.js is not committed executable (git ls-files -s: "${cli}"): git update-index --chmod=+x dist/cli.js, then commit.`);
  process.exit(1);
}
console.log('dist/ is up to date with src/, and dist/cli.js is committed executable.');
