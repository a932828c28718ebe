// GitHub's refusals, turned into messages that say what the user must change.
import { GraphqlError } from './octokit.js';

export interface ErrorContext {
  owner: string;
  repo: string;
  branch?: string;
  /** What the run was doing, e.g. "update branch main". */
  doing: string;
}

/** An error whose message already tells the user what to do. */
export class GithubPublishError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'GithubPublishError';
  }
}

export function httpStatus(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** GitHub's own message, including the details of a 422 "Validation Failed". */
export function githubMessage(e: unknown): string {
  const data = (e as { response?: { data?: unknown } } | null)?.response?.data;
  if (data && typeof data === 'object') {
    const d = data as { message?: string; errors?: Array<{ message?: string; code?: string; field?: string } | string> };
    const details = (d.errors ?? []).map((x) => (typeof x === 'string' ? x : x.message ?? [x.field, x.code].filter(Boolean).join(' '))).filter(Boolean);
    if (d.message) return [d.message, ...details].join(': ');
  }
  if (e instanceof GraphqlError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

const PERMISSION = /Resource not accessible by (integration|personal access token)|Must have admin rights|Permission to .* denied/i;
const PR_NOT_PERMITTED = /not permitted to create or approve pull requests/i;
const PROTECTED = /protected branch|rule violations|Cannot update this protected ref|required status check|changes must be made through a pull request/i;
const EMPTY = /Git Repository is empty|This repository is empty/i;

/** Turns a refused request into an error that names the setting to change; other errors pass through. */
export function explainGithubError(e: unknown, ctx: ErrorContext): Error {
  if (e instanceof GithubPublishError) return e;
  const status = httpStatus(e);
  const msg = githubMessage(e);
  const where = `${ctx.owner}/${ctx.repo}`;
  const branch = ctx.branch ?? 'the branch';
  const fail = (text: string) => new GithubPublishError(`Could not ${ctx.doing}: ${text} (GitHub said: ${msg})`, status, e);

  if (status === 401 || /Bad credentials/i.test(msg)) {
    return fail('the token was rejected. Check the `token` input: the default `${{ github.token }}` works; a personal or App token must be valid and not expired.');
  }
  if (PR_NOT_PERMITTED.test(msg)) {
    return fail(
      'this repository does not let GitHub Actions open pull requests. Enable Settings → Actions → General → Workflow permissions → "Allow GitHub Actions to create and approve pull requests" (the organization may have to allow it too), or pass a token of a GitHub App or a person in `token`. The branch with the changes was pushed; only the pull request is missing.',
    );
  }
  if (PROTECTED.test(msg) || ((status === 409 || status === 422) && /protect|rule/i.test(msg))) {
    return fail(
      `${branch} is protected against direct updates. Use \`mode: pull-request\`, or let the workflow's token bypass the branch protection / ruleset, or publish to another \`branch\`.`,
    );
  }
  if (EMPTY.test(msg)) {
    return fail(`${where} has no commit yet. Create a first commit (for example a README from the GitHub web page), then run again.`);
  }
  if (status === 403 && PERMISSION.test(msg)) {
    return fail(
      `the token may not write to ${where}. Give the workflow \`permissions: contents: write\` (and \`pull-requests: write\` for pull-request mode), and check Settings → Actions → General → Workflow permissions.`,
    );
  }
  if (e instanceof GraphqlError && (e.hasType('FORBIDDEN') || e.hasType('INSUFFICIENT_SCOPES'))) {
    return fail(`the token may not write to ${where}. Give the workflow \`permissions: contents: write\` (and \`pull-requests: write\` for pull-request mode).`);
  }
  if (status === 403) {
    return fail(`access was refused. Check the token's permissions on ${where} (\`permissions: contents: write\`).`);
  }
  if (status === 404) {
    return fail(`${where}${ctx.branch ? ` or its branch ${ctx.branch}` : ''} was not found with this token. Check the repository name, the \`branch\` input, and that the token can see the repository.`);
  }
  return fail('unexpected answer from GitHub.');
}
