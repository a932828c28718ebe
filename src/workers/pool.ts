// Runs build jobs on a worker thread when there are enough of them to pay
// for its start (about the cost of loading the bundle once), else on the
// main thread. Either way each job gives the same bytes.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runBuildJob, type BuildContext, type BuildJob, type BuildResult } from './build-job.js';

/** Below this many articles a run builds them on the main thread. */
export const MIN_JOBS_FOR_WORKER = 24;

export interface BuildPool {
  /** Worker threads in use (0: the main thread builds). */
  readonly threads: number;
  run(job: BuildJob): Promise<BuildResult>;
  close(): Promise<void>;
}

export function createBuildPool(ctx: BuildContext, jobs: number): BuildPool {
  const script = jobs >= MIN_JOBS_FOR_WORKER && availableParallelism() > 1 && process.env.NEWS_MIRROR_WORKERS !== '0' ? workerScript() : undefined;
  if (!script) return { threads: 0, run: (job) => runBuildJob(job, ctx), close: async () => {} };

  const worker = new Worker(script, { workerData: ctx });
  const waiting = new Map<number, (r: BuildResult) => void>();
  let next = 0;
  let failed: Error | undefined;
  const failAll = (e: Error) => {
    failed = e;
    for (const done of waiting.values()) done({ ok: false, reason: `the build worker stopped: ${e.message}` });
    waiting.clear();
  };
  worker.on('message', (m: { n: number; result: BuildResult }) => {
    const done = waiting.get(m.n);
    waiting.delete(m.n);
    done?.(m.result.ok ? { ...m.result, page: asBuffer(m.result.page), png: asBuffer(m.result.png) } : m.result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`exit code ${code}`)));
  return {
    threads: 1,
    run(job) {
      if (failed) return Promise.resolve({ ok: false, reason: `the build worker stopped: ${failed.message}` });
      const n = next++;
      return new Promise((resolve) => {
        waiting.set(n, resolve);
        worker.postMessage({ n, job });
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/**
 * The worker's entry: dist/worker.js beside the bundled Action and CLI; when
 * running from source under tsx (the benchmark), the TypeScript entry, which
 * the worker loads with the same tsx flags it inherits. Elsewhere (the test
 * runner's own loader) there is none, and the main thread builds.
 */
function workerScript(): URL | undefined {
  const bundled = new URL('./worker.js', import.meta.url);
  if (import.meta.url.endsWith('.js') && existsSync(fileURLToPath(bundled))) return bundled;
  const source = new URL('./build-worker.ts', import.meta.url);
  if (import.meta.url.endsWith('.ts') && process.execArgv.some((a) => a.includes('tsx')) && existsSync(fileURLToPath(source))) return source;
  return undefined;
}

function asBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
