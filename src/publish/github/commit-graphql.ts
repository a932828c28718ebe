// The main path: GitHub's createCommitOnBranch makes one (signed) commit from
// one request holding every addition and deletion, and refuses it when the
// branch moved (expectedHeadOid), which is our optimistic-concurrency check.
import { StaleStateError } from '../publisher.js';
import type { FileChanges } from './changes.js';
import { httpStatus } from './errors.js';
import { GraphqlError, type GithubClient } from './octokit.js';

/** GitHub caps a request body; stay well below so one run is one request. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 40 * 1024 * 1024;
/** A 5xx on a one-file request is retried this often (a bigger request is split instead). */
const SERVER_ERROR_RETRIES = 2;

const MUTATION = `mutation NewsMirrorCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`;

/** GraphQL refused the mutation (permissions, GHES without it...): the REST flow may still work. */
export class GraphqlRefusedError extends Error {
  constructor(readonly reason: unknown) {
    super(`GraphQL createCommitOnBranch refused: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'GraphqlRefusedError';
  }
}

export interface GraphqlCommitOptions {
  owner: string;
  repo: string;
  branch: string;
  expectedHead: string;
  changes: FileChanges;
  headline: string;
  body: string;
  maxPayloadBytes?: number;
}

export interface CommitOutcome {
  sha: string;
  /** Commits made (more than one only when the change was too large for one request). */
  commits: number;
}

interface Part {
  additions: Array<{ path: string; contents: string }>;
  deletions: Array<{ path: string }>;
  bytes: number;
}

const entryBytes = (path: string, b64?: string) => path.length + (b64?.length ?? 0) + 48;

/** Greedy packing of the changes into request-sized parts; deletions ride in the first part. */
function pack(changes: Array<{ path: string; contents?: string }>, limit: number): Part[] {
  const parts: Part[] = [];
  let cur: Part = { additions: [], deletions: [], bytes: 0 };
  for (const c of changes) {
    const size = entryBytes(c.path, c.contents);
    if (cur.bytes > 0 && cur.bytes + size > limit) {
      parts.push(cur);
      cur = { additions: [], deletions: [], bytes: 0 };
    }
    if (c.contents === undefined) cur.deletions.push({ path: c.path });
    else cur.additions.push({ path: c.path, contents: c.contents });
    cur.bytes += size;
  }
  if (cur.bytes > 0) parts.push(cur);
  return parts;
}

export async function commitWithGraphql(client: GithubClient, o: GraphqlCommitOptions): Promise<CommitOutcome> {
  const queue: Array<{ path: string; contents?: string }> = [
    ...o.changes.deletions.map((path) => ({ path })),
    ...o.changes.additions.map((f) => ({ path: f.path, contents: f.content.toString('base64') })),
  ];
  let limit = o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  let head = o.expectedHead;
  let commits = 0;
  let done = 0;
  let serverErrors = 0;
  while (done < queue.length) {
    const parts = pack(queue.slice(done), limit);
    const part = parts[0]!;
    const split = commits > 0 || parts.length > 1;
    const headline = split ? `${o.headline} (part ${commits + 1})` : o.headline;
    const input = {
      branch: { repositoryNameWithOwner: `${o.owner}/${o.repo}`, branchName: o.branch },
      message: o.body.trim() ? { headline, body: o.body.trim() } : { headline },
      expectedHeadOid: head,
      fileChanges: { additions: part.additions, deletions: part.deletions },
    };
    try {
      const data = await client.graphql<{ createCommitOnBranch: { commit: { oid: string } } }>(
        MUTATION,
        { input },
        // 5xx are handled below: splitting beats sending the same large body again.
        { retries: 0 },
      );
      head = data.createCommitOnBranch.commit.oid;
    } catch (e) {
      if (e instanceof GraphqlError && e.hasType('STALE_DATA')) throw new StaleStateError(`${o.branch} moved: ${e.message}`);
      const status = httpStatus(e);
      const count = part.additions.length + part.deletions.length;
      // A gateway error on a big body: the request was too large, so send halves.
      if (status !== undefined && status >= 500) {
        if (count > 1) {
          limit = Math.max(1, Math.floor(part.bytes / 2));
          continue;
        }
        // If the failed request did land, the retry meets STALE_DATA and the pipeline re-plans.
        if (serverErrors++ < SERVER_ERROR_RETRIES) {
          await new Promise((r) => setTimeout(r, 1000 * serverErrors));
          continue;
        }
      }
      // Nothing written yet: let the caller try the REST flow. After a part landed, the
      // pipeline re-reads the branch and re-plans what is left.
      if (commits === 0 && isRefusal(e)) throw new GraphqlRefusedError(e);
      if (commits > 0) throw new StaleStateError(`only part of the change landed (${e instanceof Error ? e.message : String(e)})`);
      throw e;
    }
    commits++;
    done += part.additions.length + part.deletions.length;
  }
  return { sha: head, commits };
}

/** Errors after which the REST Git Data flow is worth a try. */
function isRefusal(e: unknown): boolean {
  if (e instanceof GraphqlError) return !e.hasType('STALE_DATA');
  const status = httpStatus(e);
  return status === 401 || status === 403 || status === 404 || status === 400;
}
