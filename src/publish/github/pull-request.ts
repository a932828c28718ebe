// Pull-request mode: the change goes on one fixed branch with one open pull
// request, created once and then kept up to date. Each run's commit is built
// on the base branch's head first and the PR branch is moved to it in one
// step: GitHub closes a PR as merged the moment its head is reachable from its
// base, so the branch is never reset to the base on the way.
import { gitBlobSha } from '../../plan/blob-sha.js';
import { escapeInline } from '../../render/escape.js';
import type { NewArticle, PublishResult } from '../publisher.js';
import { deleteBranch, moveBranch } from './branch-refs.js';
import type { FileChanges } from './changes.js';
import { commitOnNewBranch } from './commit-on-branch.js';
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
  /** Index pages of the channels the change touches, linked when the PR body is cut short. */
  indexes?: string[];
  prTitle: string;
  prLabels: string[];
  maxPayloadBytes?: number;
  onFallback?: (reason: string) => void;
  /** Told about a scratch branch that could not be deleted. */
  onWarning?: (message: string) => void;
}

/** Where the next commit of the PR branch is built: `<pr-branch>-next`, deleted right after. */
function scratchBranch(prBranch: string): string {
  return `${prBranch}-next`;
}

export async function publishPullRequest(client: GithubClient, o: PullRequestOptions): Promise<PublishResult> {
  const { head: prHead } = await branchHead(client, o, o.prBranch);
  let sha: string;
  if (prHead && prHead !== o.baseHead && (await holdsExactly(client, o, prHead))) {
    // The open PR already carries exactly this change (nothing new since the last run).
    sha = prHead;
  } else if (!prHead) {
    // No branch, so no open pull request to close: create it at the base head and commit on it.
    sha = (await commitOnNewBranch(client, { ...commitOptions(o), branch: o.prBranch })).sha;
  } else {
    sha = await rebuildBranch(client, o);
  }
  return ensurePullRequest(client, o, sha);
}

function commitOptions(o: PullRequestOptions) {
  return {
    owner: o.owner,
    repo: o.repo,
    head: o.baseHead,
    headTree: o.baseTree,
    changes: o.changes,
    headline: o.headline,
    body: o.body,
    maxPayloadBytes: o.maxPayloadBytes,
    onFallback: o.onFallback,
  };
}

/**
 * The new commit is made on a scratch branch started at the base head (GraphQL
 * commits only onto a branch's head), then the PR branch is force-moved to it:
 * the one update the PR branch sees, from one commit ahead of the base to another.
 */
async function rebuildBranch(client: GithubClient, o: PullRequestOptions): Promise<string> {
  const scratch = { owner: o.owner, repo: o.repo, branch: scratchBranch(o.prBranch) };
  let sha: string;
  try {
    sha = (await commitOnNewBranch(client, { ...commitOptions(o), branch: scratch.branch, reset: true })).sha;
    await moveBranch(client, { owner: o.owner, repo: o.repo, branch: o.prBranch }, sha);
  } finally {
    await deleteBranch(client, scratch).catch((e: unknown) =>
      o.onWarning?.(`could not delete the scratch branch ${scratch.branch}: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
  return sha;
}

async function ensurePullRequest(client: GithubClient, o: PullRequestOptions, sha: string): Promise<PublishResult> {
  const { owner, repo, prBranch } = o;
  const ctx = { owner, repo, branch: prBranch };
  const prBody = pullRequestBody(o.body, o.articles, o.changes.deletions.length, o.indexes);
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

/** GitHub refuses a pull request body over 65,536 characters; this leaves room to spare. */
export const MAX_PR_BODY_CHARS = 60_000;

const TABLE_HEAD = ['| Channel | Article | Source |', '| --- | --- | --- |'];
const FOOTER = '_This pull request is rebuilt by News Mirror on every run; merge it to publish._';

/**
 * The run's description, then a table of the new articles. Past
 * MAX_PR_BODY_CHARS the table holds as many rows as fit, followed by the
 * count and links to the channels' indexes, which list every article.
 */
export function pullRequestBody(description: string, articles: NewArticle[], deletedCount: number, indexes: string[] = []): string {
  const rows = articles.map((a) => `| ${escapeCell(a.channel)} | [${escapeCell(escapeInline(a.title))}](${encodeURI(a.path)}) | [original](<${a.url}>) |`);
  const tail = [...(deletedCount > 0 ? [`${deletedCount} file(s) removed by retention.`] : []), FOOTER];
  const assemble = (desc: string, shown: string[], note?: string) =>
    [desc, shown.length > 0 ? [...TABLE_HEAD, ...shown].join('\n') : '', note ?? '', ...tail].filter(Boolean).join('\n\n');
  const full = assemble(description.trim(), rows);
  if (full.length <= MAX_PR_BODY_CHARS) return full;

  // The description lists every article as well: keep its start only.
  const desc = fitLines(description.trim().split('\n'), 2_000, '…');
  const links = fitLines(
    indexes.map((p) => `[${escapeInline(p)}](${encodeURI(p)})`),
    4_000,
    `and ${indexes.length} in all`,
    ', ',
  );
  const note = (shown: number) =>
    `**${articles.length} new articles**; ${shown} are listed above, as many as a pull request description holds.` +
    (indexes.length > 0 ? ` Every article is in its channel's index: ${links}.` : '');
  const budget = MAX_PR_BODY_CHARS - assemble(desc, [], note(articles.length)).length - TABLE_HEAD.join('\n').length - 4;
  const shown = fitLines(rows, budget).split('\n').filter(Boolean);
  return assemble(desc, shown, note(shown.length));
}

/** The leading items that fit in `budget` characters joined by `sep`, and `more` when some were left out. */
function fitLines(items: string[], budget: number, more?: string, sep = '\n'): string {
  const kept: string[] = [];
  let used = 0;
  const reserve = more ? more.length + sep.length : 0;
  for (const item of items) {
    if (used + item.length + sep.length + reserve > budget) return [...kept, ...(more ? [more] : [])].join(sep);
    kept.push(item);
    used += item.length + sep.length;
  }
  return kept.join(sep);
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}
