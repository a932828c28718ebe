// Branch refs through the Git Data API: create, move (forced), delete, each
// turning GitHub's refusals into the error the caller acts on.
import { StaleStateError } from '../publisher.js';
import { explainGithubError, githubMessage, httpStatus } from './errors.js';
import type { GithubClient } from './octokit.js';

export interface BranchRef {
  owner: string;
  repo: string;
  branch: string;
}

const alreadyExists = (e: unknown) => httpStatus(e) === 422 && /already exists/i.test(githubMessage(e));

/**
 * Creates `branch` at `sha`. When it exists already: with `reset`, it is moved
 * there (a scratch branch of ours left by an earlier run); otherwise someone
 * else made it meanwhile and the run re-plans on it.
 */
export async function createBranch(client: GithubClient, r: BranchRef, sha: string, opts: { reset?: boolean } = {}): Promise<void> {
  const { owner, repo, branch } = r;
  try {
    await client.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha });
  } catch (e) {
    if (!alreadyExists(e)) throw explainGithubError(e, { ...r, doing: `create branch ${branch}` });
    if (!opts.reset) throw new StaleStateError(`${branch} was created by someone else meanwhile`);
    await moveBranch(client, r, sha);
  }
}

/** Points `branch` at `sha` whatever it held (one forced ref update). */
export async function moveBranch(client: GithubClient, r: BranchRef, sha: string): Promise<void> {
  const { owner, repo, branch } = r;
  try {
    await client.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha, force: true });
  } catch (e) {
    throw explainGithubError(e, { ...r, doing: `move branch ${branch} to ${sha.slice(0, 7)}` });
  }
}

/** Deletes `branch`; one that is gone already is fine. */
export async function deleteBranch(client: GithubClient, r: BranchRef): Promise<void> {
  const { owner, repo, branch } = r;
  try {
    await client.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` });
  } catch (e) {
    if (httpStatus(e) === 422 && /does not exist/i.test(githubMessage(e))) return;
    throw explainGithubError(e, { ...r, doing: `delete branch ${branch}` });
  }
}
