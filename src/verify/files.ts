// What verify reads: the mirror's files as they stand, from a working copy
// (here) or from a branch through the API (publish/github/branch-files.ts).
import { lstat, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { readLocalState } from '../publish/local.js';

export interface MirrorFiles {
  /** Every file under the mirror's folders, and the home page when present. */
  paths: ReadonlySet<string>;
  /** Bytes of one of `paths`, undefined when absent. */
  readBytes(path: string): Promise<Buffer | undefined>;
  /** Which of these repository paths (anywhere in the repository) exist, as a file or a folder. */
  existing(paths: string[]): Promise<Set<string>>;
}

export async function localMirrorFiles(dir: string, roots: string[], files: string[]): Promise<MirrorFiles> {
  const state = await readLocalState(dir, roots, files);
  return {
    paths: state.paths,
    readBytes: async (path) => (state.paths.has(path) ? readFile(join(dir, path)) : undefined),
    async existing(paths) {
      const found = new Set<string>();
      for (const p of paths) {
        const n = posix.normalize(p);
        if (n.startsWith('../') || n === '..' || n.startsWith('/')) continue;
        try {
          await lstat(join(dir, n));
          found.add(p);
        } catch {
          // absent
        }
      }
      return found;
    },
  };
}
