// verify's view of a branch through the API, read-only: the tree through
// read-state.ts (one recursive read), blobs only as the checks ask for them.
import type { MirrorFiles } from '../../verify/files.js';
import type { GithubClient } from './octokit.js';
import { readBranchState, type Repo } from './read-state.js';

export async function branchMirrorFiles(client: GithubClient, r: Repo, branch: string, roots: string[], files: string[]): Promise<MirrorFiles> {
  const state = await readBranchState(client, r, branch, roots, files);
  // A missing branch reads as the default branch's files (a run would start it there); verify must not pass them off as the branch's.
  if (!state.head) throw new Error(`${r.owner}/${r.repo}: branch ${branch} ${state.empty ? 'has no commit: the repository is empty' : 'does not exist'}; there is no mirror to verify`);
  return {
    paths: state.paths,
    readBytes: (path) => state.readBytes(path),
    async existing(paths) {
      // Targets outside the mirror's folders: one more tree read covers them all, as files or as folders.
      const more = await readBranchState(client, r, branch, paths, paths);
      const found = new Set<string>();
      for (const p of paths) if (more.paths.has(p) || [...more.paths].some((q) => q.startsWith(`${p}/`))) found.add(p);
      return found;
    },
  };
}
