// Section 5: cold start of the Action bundle: from spawning `node
// dist/index.js` (inputs as INPUT_* variables, the GitHub API stand-in as
// GITHUB_API_URL) to its first line on stdout, median of several runs, next
// to a bare `node -e` that prints one line (Node's own start on this machine).
// The child is stopped (by its pid) once the line is seen: what follows is
// the run itself, measured in the other sections.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGithubStandin } from '../test/helpers/github-standin.js';
import { configYaml, channelsOn } from './config.js';
import type { BenchSite } from './site.js';
import { median } from './stats.js';

export interface ColdStartResult {
  runs: number;
  medianMs: number;
  minMs: number;
  nodeBaselineMs: number;
  firstLine: string;
  bundleBytes: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function timeToFirstLine(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ ms: number; line: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no stdout line within 60 s: ${err.slice(0, 300)}`)), 60_000);
    function finish(e: Error | undefined, ms = 0) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (e) reject(e);
      else resolve({ ms, line: out.split('\n')[0]! });
    }
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) finish(undefined, performance.now() - t0);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => finish(e));
    child.on('close', (code) => finish(new Error(`exited ${code} before printing a line: ${err.slice(0, 300)}`)));
  });
}

export async function coldStart(site: BenchSite, runs: number): Promise<ColdStartResult> {
  const chans = channelsOn(site.origins, 1);
  const standin = await startGithubStandin({ owner: 'bench', repo: 'mirror', files: { '.github/news-mirror.yml': configYaml(chans) } });
  const dir = await mkdtemp(join(tmpdir(), 'nm-bench-cold-'));
  try {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')));
    const env = {
      ...clean,
      INPUT_TOKEN: 'ghs_bench',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: `${standin.owner}/${standin.repo}`,
      GITHUB_API_URL: standin.apiUrl,
      GITHUB_GRAPHQL_URL: standin.graphqlUrl,
      GITHUB_WORKSPACE: join(dir, 'workspace'),
      RUNNER_TEMP: dir,
    };
    const action: number[] = [];
    const baseline: number[] = [];
    let firstLine = '';
    for (let i = 0; i < runs; i++) {
      const a = await timeToFirstLine([join(ROOT, 'dist/index.js')], env, dir);
      action.push(a.ms);
      firstLine = a.line;
      baseline.push((await timeToFirstLine(['-e', 'console.log("ready")'], clean, dir)).ms);
    }
    const { size } = await import('node:fs').then((fs) => fs.statSync(join(ROOT, 'dist/index.js')));
    // The token is masked by the first line; never print it.
    return { runs, medianMs: median(action), minMs: Math.min(...action), nodeBaselineMs: median(baseline), firstLine: firstLine.replace(/ghs_\w+/g, '***'), bundleBytes: size };
  } finally {
    await standin.close();
    await rm(dir, { recursive: true, force: true });
  }
}
