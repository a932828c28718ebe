// Starts the benchmark site (site-server.ts) as a child process and talks to
// it over IPC: set latency and feed contents, read and reset the request log.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SiteLog, SiteReply, SiteRequest } from './site-protocol.js';

type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface BenchSite {
  /** http://127.0.0.k:port, one per loopback address. */
  origins: string[];
  /** files: URL path → a file on disk, served as it is (a real feed, say). */
  set(opts: { latencyMs?: number; feeds?: Record<string, { first: number; count: number }>; files?: Record<string, string> }): Promise<void>;
  log(): Promise<SiteLog>;
  /** Clears the log and closes idle connections. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const SERVER = fileURLToPath(new URL('./site-server.ts', import.meta.url));

export async function startBenchSite(hosts: number): Promise<BenchSite> {
  // execArgv is inherited (--import tsx), so the child runs the TypeScript directly.
  const child: ChildProcess = fork(SERVER, [String(hosts)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 1;
  const waiting = new Map<number, (r: SiteReply) => void>();
  const ready = new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench site did not start within 20 s')), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench site exited with ${code}`)));
    child.on('message', (r: SiteReply) => {
      if (r.op === 'ready') {
        clearTimeout(timer);
        resolve(r.origins);
      } else {
        waiting.get(r.id)?.(r);
        waiting.delete(r.id);
      }
    });
  });
  const origins = await ready;
  const ask = (req: Without<SiteRequest, 'id'>): Promise<SiteReply> =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ ...req, id });
    });
  return {
    origins,
    set: async (opts) => void (await ask({ op: 'set', ...opts })),
    log: async () => {
      const r = await ask({ op: 'log' });
      if (r.op !== 'log') throw new Error('bench site: unexpected reply');
      return r.log;
    },
    reset: async () => void (await ask({ op: 'reset' })),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
