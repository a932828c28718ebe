// The mirror's current state, read from a branch through the API: one
// recursive tree read gives every file's blob SHA; manifests are fetched only
// when the pipeline asks for their text.
import type { RepoState } from '../../plan/repo-state.js';
import { explainGithubError, httpStatus, githubMessage } from './errors.js';
import type { GithubClient } from './octokit.js';

export interface BranchState extends RepoState {
  branch: string;
  /** Tree of `head` (undefined with head). */
  treeSha?: string;
  /** The repository has no commit at all (GitHub refuses Git data requests then). */
  empty: boolean;
  /**
   * The branch does not exist yet: it will be created at this commit (the
   * default branch's head), whose files this state holds.
   */
  createFrom?: string;
}

/** A branch as read from GitHub: its state, and any file's bytes (each blob read once, shared with readText). */
export interface BranchFiles extends BranchState {
  readBytes(path: string): Promise<Buffer | undefined>;
}

export interface Repo {
  owner: string;
  repo: string;
}

/** The repository's default branch (one read). */
export async function defaultBranch(client: GithubClient, r: Repo): Promise<string> {
  try {
    const { data } = await client.rest.repos.get({ owner: r.owner, repo: r.repo });
    return data.default_branch;
  } catch (e) {
    throw explainGithubError(e, { ...r, doing: `read ${r.owner}/${r.repo}` });
  }
}

/** Head commit of a branch; `empty` when the repository has no commit yet. */
export async function branchHead(client: GithubClient, r: Repo, branch: string): Promise<{ head?: string; empty: boolean }> {
  try {
    const { data } = await client.rest.git.getRef({ owner: r.owner, repo: r.repo, ref: `heads/${branch}` });
    return { head: data.object.sha, empty: false };
  } catch (e) {
    const status = httpStatus(e);
    if (status === 404) return { empty: false };
    if (status === 409 && /empty/i.test(githubMessage(e))) return { empty: true };
    throw explainGithubError(e, { ...r, branch, doing: `read branch ${branch}` });
  }
}

interface TreeEntry {
  path?: string;
  type?: string;
  sha?: string | null;
}

export async function readBranchState(client: GithubClient, r: Repo, branch: string, roots: string[], files: string[]): Promise<BranchFiles> {
  const { head, empty } = await branchHead(client, r, branch);
  let createFrom: string | undefined;
  if (!head && !empty) {
    const from = await defaultBranch(client, r);
    if (from !== branch) createFrom = (await branchHead(client, r, from)).head;
  }
  const source = head ?? createFrom;
  const map = new Map<string, string>();
  let treeSha: string | undefined;
  if (source) {
    const wanted = (p: string) => files.includes(p) || roots.some((root) => p.startsWith(`${root}/`));
    try {
      treeSha = await collectTree(client, r, source, '', wanted, (p) => roots.some((root) => root === p || root.startsWith(`${p}/`) || p.startsWith(`${root}/`)), map);
    } catch (e) {
      throw explainGithubError(e, { ...r, branch, doing: `read the files of ${branch}` });
    }
  }
  const blobs = new Map<string, Promise<Buffer>>();
  const readBytes = (path: string): Promise<Buffer | undefined> => {
    const sha = map.get(path);
    if (sha === undefined) return Promise.resolve(undefined);
    let p = blobs.get(sha);
    if (!p) {
      p = client.rest.git.getBlob({ owner: r.owner, repo: r.repo, file_sha: sha }).then(
        ({ data }) => Buffer.from(data.content, (data.encoding as BufferEncoding) === 'utf-8' ? 'utf8' : 'base64'),
        (e: unknown) => {
          blobs.delete(sha);
          throw explainGithubError(e, { ...r, branch, doing: `read ${path}` });
        },
      );
      blobs.set(sha, p);
    }
    return p;
  };
  return {
    branch,
    head,
    treeSha,
    empty,
    ...(createFrom ? { createFrom } : {}),
    paths: new Set(map.keys()),
    blobSha: async (path: string) => map.get(path),
    readBytes,
    readText: async (path: string) => (await readBytes(path))?.toString('utf8'),
  };
}

/**
 * Fills `out` with the blob SHAs under `prefix`. One recursive read covers a
 * whole repository unless GitHub truncates it (over 100,000 entries or 7 MB);
 * then the folders that matter are read level by level.
 * Returns the SHA of the tree read.
 */
async function collectTree(
  client: GithubClient,
  r: Repo,
  treeish: string,
  prefix: string,
  wanted: (path: string) => boolean,
  descend: (dir: string) => boolean,
  out: Map<string, string>,
): Promise<string> {
  const { data } = await client.rest.git.getTree({ owner: r.owner, repo: r.repo, tree_sha: treeish, recursive: 'true' });
  const entries = data.tree as TreeEntry[];
  if (!data.truncated) {
    for (const e of entries) {
      const path = `${prefix}${e.path}`;
      if (e.type === 'blob' && e.sha && wanted(path)) out.set(path, e.sha);
    }
    return data.sha;
  }
  const { data: flat } = await client.rest.git.getTree({ owner: r.owner, repo: r.repo, tree_sha: data.sha });
  for (const e of flat.tree as TreeEntry[]) {
    const path = `${prefix}${e.path}`;
    if (e.type === 'blob' && e.sha && wanted(path)) out.set(path, e.sha);
    else if (e.type === 'tree' && e.sha && descend(path)) await collectTree(client, r, e.sha, `${path}/`, wanted, descend, out);
  }
  return data.sha;
}
