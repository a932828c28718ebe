// Once per test run: build dist/ so the end-to-end tests never run a stale
// bundle, and give the run its own temp folder, removed at the end, so no run
// leaves folders behind in the OS temp dir (the tests make ~60 of them, and the
// processes they start make more).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

/** Prefix of the per-run temp folder that every test's temp folder goes in. */
export const RUN_TEMP_PREFIX = 'news-mirror-test-';

export default function setup(_project: TestProject): () => void {
  execFileSync(process.execPath, [resolve('scripts/build.mjs')], { stdio: 'inherit' });

  const osTemp = tmpdir();
  const before = runFolders(osTemp);
  const runTemp = mkdtempSync(join(osTemp, RUN_TEMP_PREFIX));
  // Workers and every process they spawn inherit these; os.tmpdir() reads them on each call.
  process.env.TMPDIR = runTemp;
  process.env.TMP = runTemp;
  process.env.TEMP = runTemp;

  return () => {
    const left = readdirSync(runTemp);
    rmSync(runTemp, { recursive: true, force: true });
    process.env.TMPDIR = osTemp;
    const after = runFolders(osTemp);
    const gained = after.filter((n) => !before.includes(n));
    if (gained.length > 0) throw new Error(`the test run left ${gained.length} temp folder(s) in ${osTemp}: ${gained.join(', ')}`);
    if (left.length > 0) {
      const byPrefix = new Map<string, number>();
      for (const name of left) {
        const p = name.replace(/[A-Za-z0-9]{6}$/, '*');
        byPrefix.set(p, (byPrefix.get(p) ?? 0) + 1);
      }
      const list = [...byPrefix].map(([p, n]) => `${p} ×${n}`).join(', ');
      throw new Error(`tests left ${left.length} temp folder(s) behind (${list}); removed now, but make them with tempDir() from test/helpers/temp-dir.ts, which removes them after the file`);
    }
  };
}

function runFolders(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith(RUN_TEMP_PREFIX));
}
