// Entry of a build worker thread (bundled to dist/worker.js): runs the jobs
// the pipeline sends, so pages are built on another core while the main
// thread keeps the network busy.
import { parentPort, workerData } from 'node:worker_threads';
import { runBuildJob, type BuildContext, type BuildJob } from './build-job.js';

const ctx = workerData as BuildContext;
parentPort!.on('message', (msg: { n: number; job: BuildJob }) => {
  // Buffers are copied, not transferred: small ones share Node's pool memory.
  void runBuildJob(msg.job, ctx).then((result) => parentPort!.postMessage({ n: msg.n, result }));
});
