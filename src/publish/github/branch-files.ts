// verify's view of a branch through the API, read-only: the tree through
// read-state.ts (one recursive read), blobs only as the checks ask for them.
import type { MirrorFiles } from '../../verify/files.js';
import { explainGithubError } from './errors.js';
import type { GithubClient } from './octokit.js';
import { readBranchState, type Repo } from './read-state.js';

export async function branchMirrorFiles(client: GithubClient, r: Repo, branch: string, roots: string[], files: string[]): Promise<MirrorFiles & { head?: string }> {
  const state = await readBranchState(client, r, branch, roots, files);
  return {
    ...(state.head ? { head: state.head } : {}),
    paths: state.paths,
    async readBytes(path) {
      const sha = await state.blobSha(path);
      if (sha === undefined) return undefined;
      try {
        const { data } = await client.rest.git.getBlob({ owner: r.owner, repo: r.repo, file_sha: sha });
        return Buffer.from(data.content, data.encoding === 'utf-8' ? 'utf8' : 'base64');
      } catch (e) {
        throw explainGithubError(e, { ...r, branch, doing: `read ${path}` });
      }
    },
    async existing(paths) {
      // Targets outside the mirror's folders: one more tree read covers them all, as files or as folders.
      const more = await readBranchState(client, r, branch, paths, paths);
      const found = new Set<string>();
      for (const p of paths) if (more.paths.has(p) || [...more.paths].some((q) => q.startsWith(`${p}/`))) found.add(p);
      return found;
    },
  };
}
