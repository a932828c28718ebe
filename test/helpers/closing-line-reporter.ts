// Prints one plain closing line, "N passed, N failed, N skipped", that CI
// systems read whatever the test runner's own format.
import type { Reporter, RunnerTestFile, RunnerTask } from 'vitest';

export default class ClosingLineReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const visit = (t: RunnerTask) => {
      if (t.type === 'test') {
        const state = t.result?.state;
        if (state === 'pass') passed++;
        else if (state === 'fail') failed++;
        else skipped++;
      } else if ('tasks' in t) {
        if (t.result?.state === 'fail' && t.tasks.length === 0) failed++;
        t.tasks.forEach(visit);
      }
    };
    files.forEach((f) => {
      if (f.result?.state === 'fail' && f.tasks.length === 0) failed++;
      f.tasks.forEach(visit);
    });
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
