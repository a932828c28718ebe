// The command line as npm's `bin` runs it (npx news-mirror), its per-command
// help, and the demo site served until stopped.
import { execFile, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const exec = promisify(execFile);
const CLI = resolve('dist/cli.js');

describe('dist/cli.js as an executable', () => {
  it('starts with the node shebang and carries the executable bit after a build', () => {
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(CLI).mode & 0o111).toBe(0o111);
  });

  it('runs by itself, without `node` in front, as npm bin links run it', async () => {
    const { stdout } = await exec(CLI, ['--version']);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('`npx news-mirror --help` prints the usage', async () => {
    const { stdout } = await exec('npm', ['exec', '--offline', '--yes', '--', 'news-mirror', '--help'], { env: { ...process.env, npm_config_update_notifier: 'false' } });
    expect(stdout).toContain('news-mirror run --config FILE --out DIR');
    expect(stdout).toContain('news-mirror demo --serve PORT');
  });
});

describe('per-command help', () => {
  it('`news-mirror run --help` prints the help for run, exit 0', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: news-mirror run --config FILE --out DIR/);
    expect(r.stdout).toContain('--dry-run   write nothing');
    expect(r.stdout).not.toContain('--serve PORT');
    expect(r.stderr).toBe('');
  });

  it('`news-mirror demo --help` prints the help for demo, exit 0', async () => {
    const r = await runCli(['demo', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: news-mirror demo/);
    expect(r.stdout).toContain('--serve PORT');
    expect(r.stdout).not.toContain('--base-url');
  });

  it('`news-mirror --help` prints every command', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('news-mirror run --config FILE');
    expect(r.stdout).toContain('news-mirror demo --serve PORT');
  });
});

describe('news-mirror demo --serve PORT', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`serves the sample site and the printed config until ${signal}`, async () => {
      const port = await freePort();
      const child = spawn(process.execPath, [CLI, 'demo', '--serve', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      try {
        await waitFor(() => stdout.includes('channels:'), () => `no config printed; stdout so far:\n${stdout}`);
        expect(stdout).toContain(`Demo news site on http://127.0.0.1:${port}`);
        const printed = await runCli(['demo', '--print-config', '--port', String(port)]);
        expect(printed.code).toBe(0);
        expect(stdout.endsWith(printed.stdout)).toBe(true);
        const feed = await fetch(`http://127.0.0.1:${port}/world/atom.xml`);
        expect(feed.status).toBe(200);
        expect(await feed.text()).toContain(`<link rel="alternate" href="/world/`);
        // Serving stays up between requests: a mirror run reads it more than once.
        expect((await fetch(`http://127.0.0.1:${port}/tech/`)).status).toBe(200);
      } finally {
        child.kill(signal);
      }
      expect(await exited).toBe(0);
      expect(stdout).toContain('Demo news site stopped.');
    });
  }

  it('refuses a port it cannot take instead of serving elsewhere', async () => {
    const bad = await runCli(['demo', '--serve', '70000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--serve: expected a port number from 1 to 65535, got "70000"');
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

async function waitFor(cond: () => boolean, why: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(why());
}
