// `npm test` on a fresh clone: install the locked dependencies first, so the
// README's quick start holds without a separate install step.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

if (!existsSync('node_modules/.package-lock.json')) {
  console.log('node_modules missing: running npm ci');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
