// One commit on a branch, the way every GitHub mode makes it: GraphQL
// createCommitOnBranch (one request, refused when the branch moved), and the
// REST Git Data flow where GraphQL is refused. Also: a new branch created at a
// commit and given the change, for a constant number of writes.
import type { FileChanges } from './changes.js';
import { createBranch } from './branch-refs.js';
import { commitWithGraphql, GraphqlRefusedError, type CommitOutcome } from './commit-graphql.js';
import { commitWithRest } from './commit-rest.js';
import type { GithubClient } from './octokit.js';

export interface BranchCommitOptions {
  owner: string;
  repo: string;
  branch: string;
  /** The commit the change was planned on; the branch must still point there. */
  head: string;
  /** Its tree, when known (saves a read in the REST flow). */
  headTree?: string;
  changes: FileChanges;
  headline: string;
  body: string;
  maxPayloadBytes?: number;
  /** Told why GraphQL was refused, before the REST flow runs. */
  onFallback?: (reason: string) => void;
}

export async function commitOnBranch(client: GithubClient, o: BranchCommitOptions): Promise<CommitOutcome> {
  const { owner, repo, branch } = o;
  try {
    return await commitWithGraphql(client, {
      owner,
      repo,
      branch,
      expectedHead: o.head,
      changes: o.changes,
      headline: o.headline,
      body: o.body,
      maxPayloadBytes: o.maxPayloadBytes,
    });
  } catch (e) {
    if (!(e instanceof GraphqlRefusedError)) throw e;
    o.onFallback?.(e.message);
    const { sha } = await commitWithRest(client, {
      owner,
      repo,
      branch,
      parent: o.head,
      parentTree: o.headTree,
      changes: o.changes,
      title: o.headline,
      body: o.body,
      ref: 'fast-forward',
    });
    return { sha, commits: 1 };
  }
}

/**
 * Creates `branch` at `o.head`, then commits the change on it: two writes
 * whatever the number of files. `reset` takes over a branch of that name
 * left behind (a scratch branch); without it, an existing branch means
 * someone else created it and the run re-plans.
 */
export async function commitOnNewBranch(client: GithubClient, o: BranchCommitOptions & { reset?: boolean }): Promise<CommitOutcome> {
  await createBranch(client, o, o.head, { reset: o.reset });
  return commitOnBranch(client, o);
}
