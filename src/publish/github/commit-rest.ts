// The fallback when GraphQL is refused: the REST Git Data flow. Text travels
// inline in tree entries, so only binary files (the QR PNGs) cost a request
// each; trees are chained in blocks of 100 entries; the ref moves only by
// fast-forward, so a concurrent commit is never overwritten.
import { StaleStateError } from '../publisher.js';
import { commitMessage, isText, type FileChanges } from './changes.js';
import { explainGithubError, githubMessage, httpStatus } from './errors.js';
import type { GithubClient } from './octokit.js';

export const TREE_BLOCK = 100;

export interface RestCommitOptions {
  owner: string;
  repo: string;
  branch: string;
  /** Parent commit; undefined makes a root commit (a new branch). */
  parent?: string;
  /** Tree of the parent, when already known (saves a read). */
  parentTree?: string;
  changes: FileChanges;
  title: string;
  body: string;
  /** How the branch is moved: fast-forward only, or created. */
  ref: 'fast-forward' | 'create';
}

type TreeEntry = { path: string; mode: '100644'; type: 'blob'; sha?: string | null; content?: string };

export async function commitWithRest(client: GithubClient, o: RestCommitOptions): Promise<{ sha: string }> {
  const { owner, repo, branch } = o;
  const ctx = { owner, repo, branch };
  const git = client.rest.git;
  let step = 'prepare the commit';
  try {
    let baseTree = o.parentTree;
    if (o.parent && !baseTree) {
      step = 'read the parent commit';
      baseTree = (await git.getCommit({ owner, repo, commit_sha: o.parent })).data.tree.sha;
    }
    const entries: TreeEntry[] = o.changes.deletions.map((path) => ({ path, mode: '100644', type: 'blob', sha: null }));
    for (const f of o.changes.additions) {
      if (isText(f.content)) {
        entries.push({ path: f.path, mode: '100644', type: 'blob', content: f.content.toString('utf8') });
      } else {
        step = `upload ${f.path}`;
        const { data } = await git.createBlob({ owner, repo, content: f.content.toString('base64'), encoding: 'base64' });
        entries.push({ path: f.path, mode: '100644', type: 'blob', sha: data.sha });
      }
    }
    step = 'create the tree';
    let tree = baseTree;
    for (let i = 0; i < entries.length; i += TREE_BLOCK) {
      const { data } = await git.createTree({
        owner,
        repo,
        tree: entries.slice(i, i + TREE_BLOCK) as never,
        ...(tree ? { base_tree: tree } : {}),
      });
      tree = data.sha;
    }
    step = 'create the commit';
    const { data: commit } = await git.createCommit({
      owner,
      repo,
      message: commitMessage(o.title, o.body),
      tree: tree!,
      parents: o.parent ? [o.parent] : [],
    });
    step = `update branch ${branch}`;
    if (o.ref === 'create') {
      try {
        await git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
      } catch (e) {
        if (httpStatus(e) === 422 && /already exists/i.test(githubMessage(e))) throw new StaleStateError(`${branch} was created by someone else meanwhile`);
        throw e;
      }
    } else {
      try {
        await git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
      } catch (e) {
        if (httpStatus(e) === 422 && /not a fast.forward/i.test(githubMessage(e))) throw new StaleStateError(`${branch} moved: ${githubMessage(e)}`);
        throw e;
      }
    }
    return { sha: commit.sha };
  } catch (e) {
    if (e instanceof StaleStateError) throw e;
    throw explainGithubError(e, { ...ctx, doing: step });
  }
}
