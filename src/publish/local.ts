import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { lstat, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { gitBlobSha } from '../plan/blob-sha.js';
import type { Plan } from '../plan/plan.js';
import type { RepoState } from '../plan/repo-state.js';
import type { Publisher, PublishResult } from './publisher.js';

/** Reads the mirror's files from a directory (a working copy of the mirror repository). */
export async function readLocalState(dir: string, roots: string[], files: string[]): Promise<RepoState> {
  const found: string[] = [];
  for (const root of roots) found.push(...(await listFiles(dir, root)));
  for (const f of files) {
    if (await isFile(join(dir, f))) found.push(f);
  }
  const paths = new Set(found);
  return {
    paths,
    blobSha: async (path) => (paths.has(path) ? gitBlobSha(await readFile(join(dir, path))) : undefined),
    readText: async (path) => (paths.has(path) ? readFile(join(dir, path), 'utf8') : undefined),
  };
}

async function listFiles(dir: string, root: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(join(dir, root), { withFileTypes: true, recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw e;
  }
  for (const e of entries) {
    // Links are not followed: a symlink in the mirror must not let the run read or write elsewhere.
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    const rel = relative(dir, full).split(sep).join('/');
    if (!rel.split('/').some((p) => p.startsWith('.tmp-'))) out.push(rel);
  }
  return out.sort();
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * Writes the plan into a directory. Every new file goes to a temporary name
 * first and is renamed into place only once all are written, so an
 * interrupted run leaves the old files, not half-written ones. The writes
 * are synchronous, with one mkdir per folder: a first run writes thousands
 * of small files, and an awaited call per file cost more than the writes.
 */
export function createLocalPublisher(dir: string): Publisher {
  return {
    mode: 'local',
    readState: (roots, files) => readLocalState(dir, roots, files),
    async apply(plan: Plan): Promise<PublishResult> {
      const staged: Array<[string, string]> = [];
      const made = new Set<string>();
      try {
        for (const f of [...plan.add, ...plan.change]) {
          const target = join(dir, f.path);
          const folder = dirname(target);
          const tmp = join(folder, `.tmp-${process.pid}-${staged.length}`);
          if (!made.has(folder)) {
            mkdirSync(folder, { recursive: true });
            made.add(folder);
          }
          // Staged before the write, so a write that fails half-way is removed too.
          staged.push([tmp, target]);
          writeFileSync(tmp, f.content);
        }
      } catch (e) {
        for (const [tmp] of staged) rmSync(tmp, { force: true });
        throw e;
      }
      for (const [tmp, target] of staged) renameSync(tmp, target);
      for (const path of plan.delete) {
        await rm(join(dir, path), { force: true });
        await removeEmptyParents(dir, dirname(path));
      }
      return { directory: dir };
    },
  };
}

async function removeEmptyParents(dir: string, rel: string): Promise<void> {
  let current = rel;
  while (current && current !== '.') {
    try {
      await rmdir(join(dir, current));
    } catch {
      return;
    }
    current = dirname(current);
  }
}

/** Reads state like `inner` but writes nothing: the summary says what would change. */
export function dryRun(inner: Publisher): Publisher {
  return {
    mode: 'dry-run',
    readState: (roots, files) => inner.readState(roots, files),
    apply: async () => ({}),
  };
}
