// Pull-request mode: the change goes on one fixed branch, rebuilt from the
// base branch's head on every run, with one open pull request that is created
// once and then kept up to date.
import { gitBlobSha } from '../../plan/blob-sha.js';
import { escapeInline } from '../../render/escape.js';
import type { NewArticle, PublishResult } from '../publisher.js';
import type { FileChanges } from './changes.js';
import { commitWithGraphql, GraphqlRefusedError } from './commit-graphql.js';
import { commitWithRest } from './commit-rest.js';
import { explainGithubError } from './errors.js';
import type { GithubClient } from './octokit.js';
import { branchHead } from './read-state.js';

export interface PullRequestOptions {
  owner: string;
  repo: string;
  /** The branch the pull request merges into, and its head/tree this run planned on. */
  base: string;
  baseHead: string;
  baseTree?: string;
  prBranch: string;
  changes: FileChanges;
  /** Commit headline and body. */
  headline: string;
  body: string;
  articles: NewArticle[];
  prTitle: string;
  prLabels: string[];
  maxPayloadBytes?: number;
  onFallback?: (reason: string) => void;
}

export async function publishPullRequest(client: GithubClient, o: PullRequestOptions): Promise<PublishResult> {
  const { head: prHead } = await branchHead(client, o, o.prBranch);
  let sha: string;
  if (prHead && prHead !== o.baseHead && (await holdsExactly(client, o, prHead))) {
    // The open PR already carries exactly this change (nothing new since the last run).
    sha = prHead;
  } else {
    sha = await rebuildBranch(client, o, prHead);
  }
  return ensurePullRequest(client, o, sha);
}

async function rebuildBranch(client: GithubClient, o: PullRequestOptions, prHead: string | undefined): Promise<string> {
  const { owner, repo, prBranch } = o;
  const ctx = { owner, repo, branch: prBranch };
  // Start the branch over from the base head, so the PR never piles up stale commits.
  if (prHead !== o.baseHead) {
    try {
      if (prHead) await client.rest.git.updateRef({ owner, repo, ref: `heads/${prBranch}`, sha: o.baseHead, force: true });
      else await client.rest.git.createRef({ owner, repo, ref: `refs/heads/${prBranch}`, sha: o.baseHead });
    } catch (e) {
      throw explainGithubError(e, { ...ctx, doing: `reset branch ${prBranch} to ${o.base}` });
    }
  }
  let sha: string;
  try {
    sha = (
      await commitWithGraphql(client, {
        owner,
        repo,
        branch: prBranch,
        expectedHead: o.baseHead,
        changes: o.changes,
        headline: o.headline,
        body: o.body,
        maxPayloadBytes: o.maxPayloadBytes,
      })
    ).sha;
  } catch (e) {
    if (!(e instanceof GraphqlRefusedError)) throw e;
    o.onFallback?.(e.message);
    sha = (
      await commitWithRest(client, {
        owner,
        repo,
        branch: prBranch,
        parent: o.baseHead,
        parentTree: o.baseTree,
        changes: o.changes,
        title: o.headline,
        body: o.body,
        ref: 'force',
      })
    ).sha;
  }
  return sha;
}

async function ensurePullRequest(client: GithubClient, o: PullRequestOptions, sha: string): Promise<PublishResult> {
  const { owner, repo, prBranch } = o;
  const ctx = { owner, repo, branch: prBranch };
  const prBody = pullRequestBody(o.body, o.articles, o.changes.deletions.length);
  try {
    const { data: open } = await client.rest.pulls.list({ owner, repo, head: `${owner}:${prBranch}`, base: o.base, state: 'open', per_page: 10 });
    let pr = open[0];
    let labels = new Set<string>();
    if (pr) {
      labels = new Set(pr.labels.map((l) => (typeof l === 'string' ? l : l.name ?? '')));
      if (pr.title !== o.prTitle || (pr.body ?? '') !== prBody) await client.rest.pulls.update({ owner, repo, pull_number: pr.number, title: o.prTitle, body: prBody });
    } else {
      const { data } = await client.rest.pulls.create({ owner, repo, head: prBranch, base: o.base, title: o.prTitle, body: prBody });
      pr = data as unknown as (typeof open)[number];
    }
    const missing = o.prLabels.filter((l) => !labels.has(l));
    if (missing.length > 0) await client.rest.issues.addLabels({ owner, repo, issue_number: pr.number, labels: missing });
    return { commitSha: sha, pullRequestNumber: pr.number, pullRequestUrl: pr.html_url };
  } catch (e) {
    throw explainGithubError(e, { ...ctx, doing: `open or update the pull request from ${prBranch}` });
  }
}

/** Whether `prHead` is one commit on the base head that changes exactly the planned files, to the planned bytes. */
async function holdsExactly(client: GithubClient, o: PullRequestOptions, prHead: string): Promise<boolean> {
  const { owner, repo } = o;
  const { data: commit } = await client.rest.git.getCommit({ owner, repo, commit_sha: prHead });
  if (commit.parents.length !== 1 || commit.parents[0]!.sha !== o.baseHead) return false;
  const read = async (treeish: string) => {
    const { data } = await client.rest.git.getTree({ owner, repo, tree_sha: treeish, recursive: 'true' });
    if (data.truncated) return undefined;
    return new Map(data.tree.filter((e) => e.type === 'blob').map((e) => [e.path!, e.sha!] as const));
  };
  const [base, pr] = await Promise.all([read(o.baseTree ?? o.baseHead), read(commit.tree.sha)]);
  if (!base || !pr) return false;
  const expected = new Map(base);
  for (const d of o.changes.deletions) expected.delete(d);
  for (const f of o.changes.additions) expected.set(f.path, gitBlobSha(f.content));
  if (expected.size !== pr.size) return false;
  for (const [path, blob] of expected) if (pr.get(path) !== blob) return false;
  return true;
}

/** The run's description, then a table of the new articles. */
export function pullRequestBody(description: string, articles: NewArticle[], deletedCount: number): string {
  const rows = articles.map((a) => `| ${escapeCell(a.channel)} | [${escapeCell(escapeInline(a.title))}](${encodeURI(a.path)}) | [original](<${a.url}>) |`);
  const parts = [description.trim()];
  if (rows.length > 0) parts.push(['| Channel | Article | Source |', '| --- | --- | --- |', ...rows].join('\n'));
  if (deletedCount > 0) parts.push(`${deletedCount} file(s) removed by retention.`);
  parts.push('_This pull request is rebuilt by News Mirror on every run; merge it to publish._');
  return parts.filter(Boolean).join('\n\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}
