// The Publisher of the `commit`, `pull-request` and `dry-run` modes: reads the
// branch through the API and writes the plan back as one commit (or one PR).
import { isEmptyPlan, type Plan } from '../../plan/plan.js';
import type { RepoState } from '../../plan/repo-state.js';
import type { Logger } from '../../types.js';
import { StaleStateError, type Publisher, type PublishMessage, type PublishResult } from '../publisher.js';
import { changesOf, isText, type FileChanges } from './changes.js';
import { commitOnBranch, commitOnNewBranch } from './commit-on-branch.js';
import { commitWithRest } from './commit-rest.js';
import { explainGithubError, GithubPublishError, githubMessage, httpStatus } from './errors.js';
import { createGithubClient, type GithubClient } from './octokit.js';
import { publishPullRequest } from './pull-request.js';
import { defaultBranch, readBranchState, type BranchState } from './read-state.js';

export const DEFAULT_PR_BRANCH = 'news-mirror/update';
export const DEFAULT_PR_TITLE = 'News Mirror: new articles';

export interface GithubPublisherOptions {
  token: string;
  owner: string;
  repo: string;
  /** Branch to commit to (or the PR's base); default: the repository's default branch. */
  branch?: string;
  mode: 'commit' | 'pull-request' | 'dry-run';
  prBranch?: string;
  prTitle?: string;
  prLabels?: string[];
  apiUrl?: string;
  graphqlUrl?: string;
  logger: Logger;
  /** Largest GraphQL request before the change is split (default ~40 MB). */
  maxPayloadBytes?: number;
  /** Spacing of write requests (default: GitHub's recommended 1 s). */
  writeIntervalMs?: number;
  maxRateLimitRetries?: number;
}

export interface GithubPublisher extends Publisher {
  readonly mode: 'commit' | 'pull-request' | 'dry-run';
  readonly client: GithubClient;
  /** The branch commits go to (or the PR's base), resolved once. */
  branch(): Promise<string>;
}

export function createGithubPublisher(opts: GithubPublisherOptions): GithubPublisher {
  const { owner, repo, logger } = opts;
  const client = createGithubClient(opts);
  let branchName: Promise<string> | undefined;
  const branch = () => (branchName ??= opts.branch ? Promise.resolve(opts.branch) : defaultBranch(client, { owner, repo }));
  const states = new WeakMap<RepoState, BranchState>();

  async function stateOf(state: RepoState): Promise<BranchState> {
    const known = states.get(state);
    if (known) return known;
    // A state from elsewhere (tests, a future caller): trust its head, learn the rest lazily.
    return { ...state, branch: await branch(), empty: false, readText: state.readText.bind(state) };
  }

  async function commit(changes: FileChanges, s: BranchState, message: PublishMessage): Promise<PublishResult> {
    let head = s.head;
    let treeSha = s.treeSha;
    if (s.empty) {
      // GitHub refuses Git data requests (and createCommitOnBranch) on an empty repository;
      // the contents API can make its first commit, which then carries the rest.
      const first = await bootstrap(changes, s.branch, message);
      head = first.sha;
      treeSha = undefined;
      changes = first.rest;
      if (changes.additions.length === 0 && changes.deletions.length === 0) return { commitSha: head };
    }
    const o = {
      owner,
      repo,
      branch: s.branch,
      changes,
      headline: message.title,
      body: message.body,
      maxPayloadBytes: opts.maxPayloadBytes,
      onFallback: (reason: string) => logger.warn(`${reason}; using the REST Git Data API instead`),
    };
    let outcome;
    if (head) {
      outcome = await commitOnBranch(client, { ...o, head, headTree: treeSha });
    } else if (s.createFrom) {
      // Planned on the default branch's files: the new branch starts there, then one commit.
      logger.info(`branch ${s.branch} does not exist yet: creating it at ${s.createFrom.slice(0, 7)}`);
      outcome = await commitOnNewBranch(client, { ...o, head: s.createFrom, headTree: treeSha });
    } else {
      logger.info(`branch ${s.branch} does not exist yet: creating it`);
      const { sha } = await commitWithRest(client, { owner, repo, branch: s.branch, changes, title: message.title, body: message.body, ref: 'create' });
      return { commitSha: sha };
    }
    if (outcome.commits > 1) logger.warn(`the change was too large for one request: published as ${outcome.commits} commits`);
    return { commitSha: outcome.sha };
  }

  /** First commit of an empty repository, through the contents API, with one text file of the change. */
  async function bootstrap(changes: FileChanges, branchName: string, message: PublishMessage): Promise<{ sha: string; rest: FileChanges }> {
    const pick = changes.additions.find((f) => f.path === 'README.md') ?? changes.additions.find((f) => isText(f.content)) ?? changes.additions[0];
    if (!pick) throw new GithubPublishError(`${owner}/${repo} is empty and the run has no file to write`);
    logger.info(`${owner}/${repo} is empty: creating its first commit with ${pick.path}`);
    try {
      const { data } = await client.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path: pick.path,
        message: message.title,
        content: pick.content.toString('base64'),
        branch: branchName,
      });
      return { sha: data.commit.sha!, rest: { additions: changes.additions.filter((f) => f !== pick), deletions: [] } };
    } catch (e) {
      const status = httpStatus(e);
      // Another run made the first commit meanwhile: re-read and re-plan on it.
      if (status === 409 || (status === 422 && /sha/i.test(githubMessage(e)))) throw new StaleStateError(`${owner}/${repo} got its first commit meanwhile`);
      throw explainGithubError(e, { owner, repo, branch: branchName, doing: 'create the first commit' });
    }
  }

  return {
    mode: opts.mode,
    client,
    branch,
    async readState(roots: string[], files: string[]): Promise<RepoState> {
      const s = await readBranchState(client, { owner, repo }, await branch(), roots, files);
      states.set(s, s);
      logger.info(
        s.head
          ? `${s.branch} at ${s.head.slice(0, 7)}: ${s.paths.size} mirror files`
          : s.empty
            ? `${owner}/${repo} is empty`
            : s.createFrom
              ? `branch ${s.branch} does not exist yet: it will start from the default branch at ${s.createFrom.slice(0, 7)} (${s.paths.size} mirror files)`
              : `branch ${s.branch} does not exist yet`,
      );
      return s;
    },
    async apply(plan: Plan, state: RepoState, message: PublishMessage): Promise<PublishResult> {
      // Nothing to write means no write request, whatever the mode.
      if (opts.mode === 'dry-run' || isEmptyPlan(plan)) return {};
      const s = await stateOf(state);
      const changes = changesOf(plan);
      if (opts.mode === 'commit') return commit(changes, s, message);
      if (!s.head) {
        throw new GithubPublishError(
          `pull-request mode needs an existing base branch, and ${s.branch} ${s.empty ? `does not exist: ${owner}/${repo} is empty` : 'does not exist'}. Run once with \`mode: commit\` or push a first commit, then run again.`,
        );
      }
      return publishPullRequest(client, {
        owner,
        repo,
        base: s.branch,
        baseHead: s.head,
        baseTree: s.treeSha,
        prBranch: opts.prBranch || DEFAULT_PR_BRANCH,
        changes,
        headline: message.title,
        body: message.body,
        articles: message.articles,
        indexes: message.indexes,
        prTitle: opts.prTitle || DEFAULT_PR_TITLE,
        prLabels: opts.prLabels ?? [],
        maxPayloadBytes: opts.maxPayloadBytes,
        onFallback: (reason) => logger.warn(`${reason}; using the REST Git Data API instead`),
        onWarning: (m) => logger.warn(m),
      });
    },
  };
}
