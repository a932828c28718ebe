import type { Config } from '../config/load.js';
import type { OutputFile } from '../types.js';
import { gitBlobSha } from './blob-sha.js';
import type { Plan } from './plan.js';
import type { RepoState } from './repo-state.js';

export interface PlanScope {
  /** Folders the run may write into (e.g. pages, indexes, feeds). */
  roots: string[];
  /** Single files the run may write (e.g. README.md). */
  files: string[];
}

/** Where the mirror lives in a repository: the run writes only there, and verify reads only there. */
export function mirrorScope(config: Pick<Config, 'paths'>): PlanScope {
  return { roots: [config.paths.pages, config.paths.indexes, config.paths.feeds], files: [config.paths.home] };
}

export class UnsafePathError extends Error {
  constructor(path: string) {
    super(`refusing to write "${path}": outside the folders the config allows`);
    this.name = 'UnsafePathError';
  }
}

/**
 * A path is writable only when it is a plain relative path inside one of the
 * allowed folders (or one of the allowed files). This is the last gate before
 * any publisher, so a hostile feed can never reach `.github/` or `../`.
 */
export function isAllowedPath(path: string, scope: PlanScope): boolean {
  if (path.length === 0 || path.length > 255) return false;
  if (path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.toLowerCase() === '.git')) return false;
  if (scope.files.includes(path)) return true;
  return scope.roots.some((r) => path.startsWith(`${r}/`));
}

/** Desired files and deletions against what the repository holds: only real differences remain. */
export async function makePlan(state: RepoState, desired: OutputFile[], deletions: string[], scope: PlanScope): Promise<Plan> {
  const plan: Plan = { add: [], change: [], delete: [] };
  const written = new Set<string>();
  const unique: OutputFile[] = [];
  for (const f of desired) {
    if (!isAllowedPath(f.path, scope)) throw new UnsafePathError(f.path);
    if (written.has(f.path)) continue;
    written.add(f.path);
    unique.push(f);
  }
  for (const path of deletions) if (!isAllowedPath(path, scope)) throw new UnsafePathError(path);
  const current = await Promise.all(unique.map((f) => (state.paths.has(f.path) ? state.blobSha(f.path) : undefined)));
  unique.forEach((f, i) => {
    const sha = current[i];
    if (sha === undefined) plan.add.push(f);
    else if (sha !== gitBlobSha(f.content)) plan.change.push(f);
  });
  for (const path of new Set(deletions)) {
    if (!written.has(path) && state.paths.has(path)) plan.delete.push(path);
  }
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  plan.add.sort(byPath);
  plan.change.sort(byPath);
  plan.delete.sort();
  return plan;
}
