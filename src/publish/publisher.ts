import type { Plan } from '../plan/plan.js';
import type { RepoState } from '../plan/repo-state.js';

export interface PublishResult {
  /** The commit that now holds the run's changes (commit and pull-request modes). */
  commitSha?: string;
  pullRequestUrl?: string;
  pullRequestNumber?: number;
  /** Where a local publish wrote to. */
  directory?: string;
}

/** Thrown by apply() when the branch moved after readState(): the pipeline re-reads, re-plans and retries. */
export class StaleStateError extends Error {
  constructor(message = 'the branch moved since the run read it') {
    super(message);
    this.name = 'StaleStateError';
  }
}

/** Where a run's result goes: a directory, a branch, a pull request, or nowhere (dry run). */
export interface Publisher {
  readonly mode: 'local' | 'commit' | 'pull-request' | 'dry-run';
  /** Files under `roots` (folders) plus the listed single files. */
  readState(roots: string[], files: string[]): Promise<RepoState>;
  /** Carries out a non-empty plan; throws StaleStateError when the state it was based on is stale. */
  apply(plan: Plan, state: RepoState, message: PublishMessage): Promise<PublishResult>;
}

export interface PublishMessage {
  /** First line of the commit message, e.g. `mirror: 12 new, 3 removed (nsc413, world)`. */
  title: string;
  /** Longer description (commit body / PR body, Markdown). */
  body: string;
  /** The articles this change adds, for the pull request's table. */
  articles: NewArticle[];
  /** Index pages of the channels the change touches (the pull request links them when its list is cut short). */
  indexes?: string[];
}

export interface NewArticle {
  channel: string;
  title: string;
  /** The original article. */
  url: string;
  /** Its page in the repository. */
  path: string;
}
