// Shared bits of the publisher tests: a quiet logger, plans, and a clone of the stand-in's repository.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../src/plan/plan.js';
import type { Logger } from '../../src/types.js';
import { tempDir } from '../helpers/temp-dir.js';

export function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(`info: ${m}`),
    warn: (m) => void lines.push(`warn: ${m}`),
    debug: () => {},
    group: (_n, fn) => fn(),
  };
}

export function planOf(add: Record<string, string | Buffer>, change: Record<string, string | Buffer> = {}, del: string[] = []): Plan {
  const files = (r: Record<string, string | Buffer>) => Object.entries(r).map(([path, c]) => ({ path, content: Buffer.from(c) }));
  return { add: files(add), change: files(change), delete: del };
}

/** A small valid-looking PNG: signature bytes (with NUL and non-UTF-8 bytes) and some payload. */
export function fakePng(seed: number, size = 300): Buffer {
  const b = Buffer.alloc(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]).copy(b);
  for (let i = 12; i < size; i++) b[i] = (i * 31 + seed * 17) & 0xff;
  return b;
}

export interface Clone {
  dir: string;
  read(path: string): Buffer;
  files(): string[];
  log(): string[];
  fsck(): string;
  remove(): void;
}

/** `git clone` of the bare repository (file path), as a user would get it. */
export function cloneRepo(bare: string, branch?: string): Clone {
  const dir = tempDir('standin-clone-');
  execFileSync('git', ['clone', '--quiet', ...(branch ? ['--branch', branch] : []), bare, dir], { stdio: 'pipe' });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  return {
    dir,
    read: (p) => readFileSync(join(dir, p)),
    files: () => git('ls-files').split('\n').filter(Boolean).sort(),
    log: () => git('log', '--format=%s').split('\n').filter(Boolean),
    fsck: () => git('fsck', '--full', '--strict'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
