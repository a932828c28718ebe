// Fails when dist/ is not the bundle of the committed src/: GitHub runs dist/,
// so a stale bundle would ship code nobody tested. Content only: npx or a
// checkout may set or clear the executable bit, which says nothing about staleness
// (test/action/dist-mode.test.ts checks the committed mode of dist/cli.js).
import { execFileSync } from 'node:child_process';

execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
const status = execFileSync('git', ['-c', 'core.fileMode=false', 'status', '--porcelain', '--untracked-files=all', '--', 'dist']).toString();
if (status.trim() !== '') {
  console.error(`dist/ is stale: rebuild with "npm run build" and commit it.\n${status}`);
  process.exit(1);
}
console.log('dist/ is up to date with src/.');
