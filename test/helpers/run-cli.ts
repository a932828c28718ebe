import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI (dist/cli.js) as a user would. */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), resolve('dist/cli.js'), ...args], {
      cwd: opts.cwd,
      env: { ...process.env, GITHUB_REPOSITORY: '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}
