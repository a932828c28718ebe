/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are arbitrary JSON sent by the client under test; the handlers check what they use. */
// A GitHub API stand-in on 127.0.0.1 for tests. It answers the REST and
// GraphQL endpoints News Mirror uses the way GitHub does (status codes,
// messages, empty-repository and fast-forward rules) and keeps every object in
// a real bare git repository, so tests can `git clone` and `git fsck` it.
// Faults (a ref moving under a run, secondary rate limits, 502 on big bodies,
// refused GraphQL, missing permissions, protected branches) are switched on
// per test through `faults`. Every request is logged for counting.
//
// Every request is also checked against GitHub's published description of its
// API (github-contract.ts). One it refuses is answered as GitHub answers it
// (404, 422, or a GraphQL `errors` array) AND recorded as a violation; the
// afterEach hook below fails the test that sent it, so the client's own error
// handling cannot swallow the finding.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { checkGraphqlRequest, checkRestRequest, loadContracts, type ContractViolation } from './github-contract.js';

export interface StandinOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Files of a first commit on the default branch; omit (or `empty: true`) for an empty repository. */
  files?: Record<string, string | Buffer>;
  /** Accepted token; any other gets 401 "Bad credentials". Undefined accepts any. */
  token?: string;
}

export interface StandinRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  bodySize: number;
  kind: 'read' | 'write';
  status: number;
  /** For GraphQL: the operation ("createCommitOnBranch", "query"). */
  operation?: string;
  /** For REST: the OpenAPI operationId ("git/create-ref"), when the request names one. */
  operationId?: string;
}

export interface StandinFaults {
  /** The next N branch-moving writes (GraphQL commit, ref update) first see a foreign commit land on the branch. */
  moveRefBeforeWrite: number;
  /** The next N requests of `secondaryRateLimitOn` kind answer 403 secondary rate limit. */
  secondaryRateLimit: number;
  secondaryRateLimitOn: 'write' | 'any';
  /** Seconds in the `retry-after` header of those answers. */
  retryAfter: number;
  /** Requests with bodies larger than this answer 502. */
  maxBodyBytes?: number;
  /** GraphQL mutations answer this error (e.g. { type: 'FORBIDDEN', message: 'Resource not accessible by integration' }). */
  graphqlRefused?: { type: string; message: string };
  /** Every write answers 403 "Resource not accessible by integration" (a token without contents: write). */
  forbidWrites: boolean;
  /** Pull request creation answers 403 (the repository setting that stops Actions from creating PRs). */
  prForbidden: boolean;
  /** Branches whose ref may not be updated by the API. */
  protectedBranches: string[];
  /** Status of a refused update of a protected branch (422 classic protection, 409 rulesets). */
  protectedStatus: 409 | 422;
  /** Recursive tree reads holding more entries than this answer truncated. */
  truncateTreesAbove?: number;
}

export interface PullRequest {
  number: number;
  state: 'open' | 'closed';
  /** Set when GitHub closed it because its head became reachable from its base. */
  merged: boolean;
  title: string;
  body: string;
  head: string;
  base: string;
  labels: string[];
  html_url: string;
}

export interface GithubStandin {
  apiUrl: string;
  graphqlUrl: string;
  owner: string;
  repo: string;
  bareRepoPath: string;
  requests: StandinRequest[];
  faults: StandinFaults;
  pulls: PullRequest[];
  /** Requests GitHub's API description refuses, not yet taken; each fails the running test at its end. */
  violations: ContractViolation[];
  /** Returns and clears the violations (for tests that send refused requests on purpose). */
  takeViolations(): ContractViolation[];
  /** Write requests logged so far (optionally since index `from`). */
  writes(from?: number): StandinRequest[];
  /** Head commit of a branch, undefined when absent. */
  head(branch?: string): Promise<string | undefined>;
  /** Paths of the files on a branch (sorted). */
  listFiles(branch?: string): Promise<string[]>;
  readFile(branch: string, path: string): Promise<Buffer | undefined>;
  /** Commits a change directly (a person's push or another run): null deletes. Returns the new head. */
  commitFiles(branch: string, files: Record<string, string | Buffer | null>, message?: string): Promise<string>;
  /** Runs git in the bare repository. */
  git(args: string[], input?: string | Buffer): Promise<string>;
  close(): Promise<void>;
}

const ZERO = '0'.repeat(40);

const started = new Set<GithubStandin>();

/** The violations of the given stand-ins as one error naming each operation and reason; none: no error. */
export function contractViolationError(standins: Iterable<GithubStandin>): Error | undefined {
  const found = [...standins].flatMap((s) => s.takeViolations());
  if (found.length === 0) return undefined;
  const lines = found.map((v) => `- ${v.operation}: ${v.reason}\n  request: ${v.request}`);
  return new Error(`GitHub's API description refuses ${found.length} request(s) the code under test sent:\n${lines.join('\n')}`);
}

// Under vitest (the benchmarks use the stand-in too, outside it): loading GitHub's descriptions is a
// hook's work, not the first test's; and the afterEach hook, registered when a test file imports
// the stand-in, runs after the file's own afterEach hooks (vitest runs them as a stack), so
// stand-ins already closed are still checked.
if (process.env.VITEST) {
  const { afterEach, beforeAll } = await import('vitest');
  beforeAll(loadContracts);
  afterEach(() => {
    const error = contractViolationError(started);
    started.clear();
    if (error) throw error;
  });
}
const SHA = /^[0-9a-f]{40}$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function startGithubStandin(opts: StandinOptions = {}): Promise<GithubStandin> {
  const owner = opts.owner ?? 'octo';
  const repo = opts.repo ?? 'mirror';
  const defaultBranch = opts.defaultBranch ?? 'main';
  const root = await mkdtemp(join(tmpdir(), 'gh-standin-'));
  const gitDir = join(root, 'repo.git');
  let commitClock = 0;
  const pulls: PullRequest[] = [];
  let indexCounter = 0;

  const git = (args: string[], input?: string | Buffer, env: Record<string, string> = {}): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const child = spawn('git', args, {
        env: { ...process.env, GIT_DIR: gitDir, GIT_CONFIG_NOSYSTEM: '1', HOME: root, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(Buffer.concat(out));
        else reject(new Error(`git ${args.join(' ')}: ${Buffer.concat(err).toString().trim()}`));
      });
      child.stdin.on('error', () => {});
      child.stdin.end(input ?? '');
    });
  const gitText = async (args: string[], input?: string | Buffer, env?: Record<string, string>) =>
    (await git(args, input, env)).toString('utf8').trim();

  await mkdir(gitDir, { recursive: true });
  await gitText(['init', '--bare', '--quiet', gitDir]);
  await gitText(['symbolic-ref', 'HEAD', `refs/heads/${defaultBranch}`]);

  /** Writes a loose object the way git does (zlib of "type size\0bytes"); git fsck verifies them. */
  async function writeObject(type: 'blob', content: Buffer): Promise<string> {
    const full = Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]);
    const sha = createHash('sha1').update(full).digest('hex');
    const dir = join(gitDir, 'objects', sha.slice(0, 2));
    const file = join(dir, sha.slice(2));
    if (!existsSync(file)) {
      await mkdir(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      await writeFile(tmp, deflateSync(full));
      await rename(tmp, file);
    }
    return sha;
  }

  async function objectType(sha: string): Promise<string | undefined> {
    if (!SHA.test(sha)) return undefined;
    try {
      return await gitText(['cat-file', '-t', sha]);
    } catch {
      return undefined;
    }
  }

  async function refHead(branch: string): Promise<string | undefined> {
    try {
      return await gitText(['rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`]);
    } catch {
      return undefined;
    }
  }

  async function isEmpty(): Promise<boolean> {
    return (await gitText(['for-each-ref', '--count=1', 'refs/heads'])) === '';
  }

  async function requireNotEmpty(): Promise<void> {
    if (await isEmpty()) throw new HttpError(409, 'Git Repository is empty.');
  }

  interface Change {
    path: string;
    mode: string;
    /** null deletes the path. */
    sha: string | null;
  }

  /** A tree from a base tree plus changes, built in a throwaway index (write-tree checks every object exists). */
  async function buildTree(baseTree: string | undefined, changes: Change[]): Promise<string> {
    const index = join(root, `index-${++indexCounter}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      if (baseTree) await git(['read-tree', baseTree], undefined, env);
      else await git(['read-tree', '--empty'], undefined, env);
      const records = changes.map((c) => (c.sha === null ? `0 ${ZERO}\t${c.path}` : `${c.mode} ${c.sha}\t${c.path}`));
      if (records.length > 0) await git(['update-index', '-z', '--index-info'], `${records.join('\0')}\0`, env);
      return await gitText(['write-tree'], undefined, env);
    } catch (e) {
      throw new HttpError(422, `GitRPC::BadObjectState: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      await rm(index, { force: true });
    }
  }

  interface Person {
    name: string;
    email: string;
  }
  const actionsBot: Person = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

  /** Commits with a clock that advances one second per commit, so the same test gives the same SHAs. */
  async function makeCommit(tree: string, parents: string[], message: string, author: Person = actionsBot): Promise<string> {
    const date = `${1_700_000_000 + ++commitClock} +0000`;
    return gitText(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'], message, {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: 'GitHub',
      GIT_COMMITTER_EMAIL: 'noreply@github.com',
      GIT_COMMITTER_DATE: date,
    });
  }

  /** Moves a branch only if it still points at `expected` (ZERO: must not exist). */
  async function setRef(branch: string, sha: string, expected: string): Promise<boolean> {
    try {
      await git(['update-ref', `refs/heads/${branch}`, sha, expected]);
    } catch {
      return false;
    }
    await settlePulls();
    return true;
  }

  const isAncestor = (a: string, b: string) =>
    git(['merge-base', '--is-ancestor', a, b]).then(
      () => true,
      () => false,
    );

  /**
   * GitHub's rule after any ref moves: an open pull request whose head is
   * reachable from its base has nothing left to merge and is closed as merged;
   * one whose head branch is gone is closed.
   */
  async function settlePulls(): Promise<void> {
    for (const pr of pulls) {
      if (pr.state !== 'open') continue;
      const head = await refHead(pr.head);
      const base = await refHead(pr.base);
      if (!head) pr.state = 'closed';
      else if (base && (await isAncestor(head, base))) Object.assign(pr, { state: 'closed', merged: true });
    }
  }

  async function commitInfo(sha: string) {
    const raw = await gitText(['cat-file', 'commit', sha]);
    const [head, ...rest] = raw.split('\n\n');
    const lines = (head ?? '').split('\n');
    const tree = lines.find((l) => l.startsWith('tree '))!.slice(5);
    const parents = lines.filter((l) => l.startsWith('parent ')).map((l) => l.slice(7));
    const person = (key: string) => {
      const m = new RegExp(`^${key} (.*) <(.*)> (\\d+) ([+-]\\d{4})$`, 'm').exec(head ?? '');
      return m ? { name: m[1], email: m[2], date: new Date(Number(m[3]) * 1000).toISOString() } : undefined;
    };
    return {
      sha,
      node_id: `C_${sha}`,
      url: `${api.apiUrl}/repos/${owner}/${repo}/git/commits/${sha}`,
      html_url: `https://github.com/${owner}/${repo}/commit/${sha}`,
      tree: { sha: tree, url: `${api.apiUrl}/repos/${owner}/${repo}/git/trees/${tree}` },
      parents: parents.map((p) => ({ sha: p, url: `${api.apiUrl}/repos/${owner}/${repo}/git/commits/${p}` })),
      message: rest.join('\n\n'),
      author: person('author'),
      committer: person('committer'),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
    };
  }

  async function listTree(treeish: string, recursive: boolean) {
    const out = await git(['ls-tree', '-l', '-z', ...(recursive ? ['-r', '-t'] : []), treeish]);
    return out
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map((rec) => {
        const tab = rec.indexOf('\t');
        const [mode, type, sha, size] = rec.slice(0, tab).split(/\s+/) as [string, string, string, string];
        const path = rec.slice(tab + 1);
        return type === 'blob' ? { path, mode, type, sha, size: Number(size) } : { path, mode, type, sha };
      });
  }

  /** A commit on `branch` changing `files` (null deletes), like a person's push. */
  async function commitFilesOn(branch: string, files: Record<string, string | Buffer | null>, message: string, author?: Person) {
    const head = await refHead(branch);
    const baseTree = head ? (await commitInfo(head)).tree.sha : undefined;
    const changes: Change[] = [];
    for (const [path, content] of Object.entries(files)) {
      changes.push({ path, mode: '100644', sha: content === null ? null : await writeObject('blob', Buffer.from(content)) });
    }
    const tree = await buildTree(baseTree, changes);
    const sha = await makeCommit(tree, head ? [head] : [], message, author ?? { name: 'Someone Else', email: 'someone@example.com' });
    if (!(await setRef(branch, sha, head ?? ZERO))) throw new Error(`standin: ${branch} moved while committing`);
    return sha;
  }

  if (opts.files) await commitFilesOn(defaultBranch, opts.files, 'Initial commit');

  const faults: StandinFaults = {
    moveRefBeforeWrite: 0,
    secondaryRateLimit: 0,
    secondaryRateLimitOn: 'write',
    retryAfter: 1,
    forbidWrites: false,
    prForbidden: false,
    protectedBranches: [],
    protectedStatus: 422,
  };
  let foreignCount = 0;
  async function maybeMoveRef(branch: string): Promise<void> {
    if (faults.moveRefBeforeWrite <= 0) return;
    faults.moveRefBeforeWrite--;
    foreignCount++;
    await commitFilesOn(branch, { [`foreign/${foreignCount}.txt`]: `foreign commit ${foreignCount}\n` }, `foreign commit ${foreignCount}`);
  }

  function protectedError(branch: string): HttpError {
    return faults.protectedStatus === 409
      ? new HttpError(409, 'Repository rule violations found\n\nCannot update this protected ref.\n\n')
      : new HttpError(422, `Protected branch update failed for refs/heads/${branch}.`);
  }

  // One writer at a time: the check-then-update of a ref (and fault injection) stays atomic.
  let writeChain: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = writeChain.then(fn, fn);
    writeChain = next.catch(() => {});
    return next;
  };

  const repoPath = `/repos/${owner}/${repo}`;
  type Handler = (m: RegExpExecArray, body: any, url: URL) => Promise<[number, unknown]>;
  const routes: Array<[string, RegExp, Handler]> = [];
  const route = (method: string, pattern: string, h: Handler) =>
    routes.push([method, new RegExp(`^${repoPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${pattern}$`), h]);

  const refJson = (branch: string, sha: string) => ({
    ref: `refs/heads/${branch}`,
    node_id: `REF_${branch}`,
    url: `${api.apiUrl}${repoPath}/git/refs/heads/${branch}`,
    object: { sha, type: 'commit', url: `${api.apiUrl}${repoPath}/git/commits/${sha}` },
  });

  route('GET', '', async () => [
    200,
    {
      id: 1,
      name: repo,
      full_name: `${owner}/${repo}`,
      owner: { login: owner },
      private: false,
      html_url: `https://github.com/${owner}/${repo}`,
      default_branch: defaultBranch,
      permissions: { admin: false, maintain: false, push: !faults.forbidWrites, triage: true, pull: true },
    },
  ]);

  route('GET', '/git/ref/heads/(.+)', async (m) => {
    await requireNotEmpty();
    const branch = m[1]!;
    const sha = await refHead(branch);
    if (!sha) throw new HttpError(404, 'Not Found');
    return [200, refJson(branch, sha)];
  });

  route('POST', '/git/refs', async (_m, body) => {
    await requireNotEmpty();
    const ref = String(body?.ref ?? '');
    const sha = String(body?.sha ?? '');
    if (!ref.startsWith('refs/heads/') || ref.split('/').length < 3) throw new HttpError(422, 'Reference name must start with refs/ and have at least two slashes.');
    if ((await objectType(sha)) !== 'commit') throw new HttpError(422, 'Object does not exist');
    const branch = ref.slice('refs/heads/'.length);
    if (faults.protectedBranches.includes(branch)) throw protectedError(branch);
    if (!(await setRef(branch, sha, ZERO))) throw new HttpError(422, 'Reference already exists');
    return [201, refJson(branch, sha)];
  });

  route('PATCH', '/git/refs/heads/(.+)', async (m, body) => {
    await requireNotEmpty();
    const branch = m[1]!;
    const sha = String(body?.sha ?? '');
    await maybeMoveRef(branch);
    const current = await refHead(branch);
    if (!current) throw new HttpError(422, 'Reference does not exist');
    if ((await objectType(sha)) !== 'commit') throw new HttpError(422, 'Object does not exist');
    if (faults.protectedBranches.includes(branch)) throw protectedError(branch);
    if (body?.force !== true && current !== sha && !(await isAncestor(current, sha))) throw new HttpError(422, 'Update is not a fast forward');
    if (!(await setRef(branch, sha, current))) throw new HttpError(422, 'Update is not a fast forward');
    return [200, refJson(branch, sha)];
  });

  route('DELETE', '/git/refs/heads/(.+)', async (m) => {
    await requireNotEmpty();
    const branch = m[1]!;
    const current = await refHead(branch);
    if (!current) throw new HttpError(422, 'Reference does not exist');
    if (faults.protectedBranches.includes(branch)) throw protectedError(branch);
    await git(['update-ref', '-d', `refs/heads/${branch}`, current]);
    await settlePulls();
    return [204, undefined];
  });

  route('GET', '/git/commits/([0-9a-f]{40})', async (m) => {
    await requireNotEmpty();
    if ((await objectType(m[1]!)) !== 'commit') throw new HttpError(404, 'Not Found');
    return [200, await commitInfo(m[1]!)];
  });

  route('POST', '/git/commits', async (_m, body) => {
    await requireNotEmpty();
    const tree = String(body?.tree ?? '');
    const parents: string[] = Array.isArray(body?.parents) ? body.parents.map(String) : [];
    if (typeof body?.message !== 'string') throw new HttpError(422, 'Invalid request.\n\n"message" wasn\'t supplied.');
    if ((await objectType(tree)) !== 'tree') throw new HttpError(422, 'Tree SHA does not exist');
    for (const p of parents) if ((await objectType(p)) !== 'commit') throw new HttpError(422, 'Parent SHA does not exist or is not a commit object');
    const author = body.author?.name && body.author?.email ? { name: String(body.author.name), email: String(body.author.email) } : undefined;
    const sha = await makeCommit(tree, parents, body.message, author);
    return [201, await commitInfo(sha)];
  });

  route('GET', '/git/trees/([^/]+)', async (m, _b, url) => {
    await requireNotEmpty();
    const name = m[1]!;
    let tree: string;
    try {
      tree = await gitText(['rev-parse', '--verify', '-q', `${SHA.test(name) ? name : `refs/heads/${name}`}^{tree}`]);
    } catch {
      throw new HttpError(404, 'Not Found');
    }
    const recursive = url.searchParams.has('recursive') && !['0', 'false'].includes(url.searchParams.get('recursive') ?? '');
    let entries = await listTree(tree, recursive);
    let truncated = false;
    if (recursive && faults.truncateTreesAbove !== undefined && entries.length > faults.truncateTreesAbove) {
      entries = entries.slice(0, faults.truncateTreesAbove);
      truncated = true;
    }
    return [200, { sha: tree, url: `${api.apiUrl}${repoPath}/git/trees/${tree}`, tree: entries, truncated }];
  });

  route('POST', '/git/trees', async (_m, body) => {
    await requireNotEmpty();
    const entries: any[] = Array.isArray(body?.tree) ? body.tree : [];
    let baseTree: string | undefined;
    if (body?.base_tree !== undefined && body.base_tree !== null) {
      baseTree = String(body.base_tree);
      if ((await objectType(baseTree)) !== 'tree') throw new HttpError(422, 'Invalid tree info');
    }
    const changes: Change[] = [];
    for (const e of entries) {
      const path = String(e?.path ?? '');
      if (!path || path.startsWith('/') || path.endsWith('/') || path.split('/').some((p) => p === '' || p === '.' || p === '..' || p === '.git')) {
        throw new HttpError(422, `tree.path contains a malformed path component`);
      }
      const mode = String(e?.mode ?? '');
      if (!['100644', '100755', '120000'].includes(mode)) throw new HttpError(422, `tree.mode ${mode} is not supported by the stand-in`);
      if (e.sha === null) {
        changes.push({ path, mode, sha: null });
      } else if (typeof e.content === 'string') {
        changes.push({ path, mode, sha: await writeObject('blob', Buffer.from(e.content, 'utf8')) });
      } else if (typeof e.sha === 'string') {
        if ((await objectType(e.sha)) !== 'blob') throw new HttpError(422, `tree.sha ${e.sha} is not a valid blob`);
        changes.push({ path, mode, sha: e.sha });
      } else {
        throw new HttpError(422, 'Must supply either tree.sha or tree.content');
      }
    }
    const sha = await buildTree(baseTree, changes);
    return [201, { sha, url: `${api.apiUrl}${repoPath}/git/trees/${sha}`, tree: await listTree(sha, false), truncated: false }];
  });

  route('GET', '/git/blobs/([0-9a-f]{40})', async (m) => {
    await requireNotEmpty();
    if ((await objectType(m[1]!)) !== 'blob') throw new HttpError(404, 'Not Found');
    const bytes = await git(['cat-file', 'blob', m[1]!]);
    return [
      200,
      { sha: m[1], node_id: `B_${m[1]}`, size: bytes.length, url: `${api.apiUrl}${repoPath}/git/blobs/${m[1]}`, content: wrap64(bytes), encoding: 'base64' },
    ];
  });

  route('POST', '/git/blobs', async (_m, body) => {
    await requireNotEmpty();
    if (typeof body?.content !== 'string') throw new HttpError(422, 'Invalid request.\n\n"content" wasn\'t supplied.');
    const bytes = body.encoding === 'base64' ? Buffer.from(body.content, 'base64') : Buffer.from(body.content, 'utf8');
    const sha = await writeObject('blob', bytes);
    return [201, { sha, url: `${api.apiUrl}${repoPath}/git/blobs/${sha}` }];
  });

  route('GET', '/contents/(.+)', async (m, _b, url) => {
    if (await isEmpty()) throw new HttpError(404, 'This repository is empty.');
    const path = m[1]!;
    const ref = url.searchParams.get('ref') ?? defaultBranch;
    const commit = SHA.test(ref) ? ref : await refHead(ref);
    if (!commit) throw new HttpError(404, `No commit found for the ref ${ref}`);
    let sha: string;
    try {
      sha = await gitText(['rev-parse', '--verify', '-q', `${commit}:${path}`]);
    } catch {
      throw new HttpError(404, 'Not Found');
    }
    if ((await objectType(sha)) !== 'blob') throw new HttpError(404, 'Not Found');
    const bytes = await git(['cat-file', 'blob', sha]);
    return [200, { type: 'file', encoding: 'base64', size: bytes.length, name: path.split('/').pop(), path, sha, content: wrap64(bytes) }];
  });

  route('PUT', '/contents/(.+)', async (m, body) => {
    const path = m[1]!;
    if (typeof body?.message !== 'string') throw new HttpError(422, 'Invalid request.\n\n"message" wasn\'t supplied.');
    if (typeof body?.content !== 'string') throw new HttpError(422, 'Invalid request.\n\n"content" wasn\'t supplied.');
    const empty = await isEmpty();
    const branch = String(body.branch ?? defaultBranch);
    if (faults.protectedBranches.includes(branch)) throw protectedError(branch);
    const head = await refHead(branch);
    if (!head && !empty) throw new HttpError(404, `Branch ${branch} not found`);
    if (head) {
      const existing = await gitText(['rev-parse', '--verify', '-q', `${head}:${path}`]).catch(() => undefined);
      if (existing && body.sha === undefined) throw new HttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
      if (existing && body.sha !== existing) throw new HttpError(409, `${path} does not match ${String(body.sha)}`);
    }
    const blob = await writeObject('blob', Buffer.from(body.content, 'base64'));
    const tree = await buildTree(head ? (await commitInfo(head)).tree.sha : undefined, [{ path, mode: '100644', sha: blob }]);
    const sha = await makeCommit(tree, head ? [head] : [], body.message);
    if (!(await setRef(branch, sha, head ?? ZERO))) throw new HttpError(409, `is at ${head} but expected ${head}`);
    if (empty) await gitText(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
    return [201, { content: { name: path.split('/').pop(), path, sha: blob }, commit: await commitInfo(sha) }];
  });

  const pullJson = (p: PullRequest) => ({
    number: p.number,
    state: p.state,
    merged: p.merged,
    title: p.title,
    body: p.body,
    html_url: p.html_url,
    url: `${api.apiUrl}${repoPath}/pulls/${p.number}`,
    head: { ref: p.head, label: `${owner}:${p.head}` },
    base: { ref: p.base, label: `${owner}:${p.base}` },
    labels: p.labels.map((name) => ({ name })),
  });

  route('GET', '/pulls', async (_m, _b, url) => {
    const state = url.searchParams.get('state') ?? 'open';
    const head = url.searchParams.get('head');
    const base = url.searchParams.get('base');
    const list = pulls.filter(
      (p) =>
        (state === 'all' || p.state === state) &&
        (!head || head === `${owner}:${p.head}` || head === p.head) &&
        (!base || base === p.base),
    );
    return [200, list.map(pullJson)];
  });

  /** GitHub's cap on a pull request (issue) body, which its API description does not state. */
  const checkPullBody = (body: unknown) => {
    if (typeof body === 'string' && body.length > 65_536) {
      throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
    }
  };

  route('POST', '/pulls', async (_m, body) => {
    if (faults.prForbidden) throw new HttpError(403, 'GitHub Actions is not permitted to create or approve pull requests.');
    checkPullBody(body?.body);
    const head = String(body?.head ?? '').replace(`${owner}:`, '');
    const base = String(body?.base ?? '');
    const headSha = await refHead(head);
    const baseSha = await refHead(base);
    if (!headSha || !baseSha) throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'PullRequest', field: headSha ? 'base' : 'head', code: 'invalid' }] });
    if (pulls.some((p) => p.state === 'open' && p.head === head && p.base === base)) {
      throw new HttpError(422, 'Validation Failed', {
        errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${head}.` }],
      });
    }
    if (await isAncestor(headSha, baseSha)) throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }] });
    const number = pulls.length + 1;
    const pr: PullRequest = {
      number,
      state: 'open',
      merged: false,
      title: String(body?.title ?? ''),
      body: String(body?.body ?? ''),
      head,
      base,
      labels: [],
      html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
    };
    pulls.push(pr);
    return [201, pullJson(pr)];
  });

  route('PATCH', '/pulls/(\\d+)', async (m, body) => {
    const pr = pulls.find((p) => p.number === Number(m[1]));
    if (!pr) throw new HttpError(404, 'Not Found');
    checkPullBody(body?.body);
    if (typeof body?.title === 'string') pr.title = body.title;
    if (typeof body?.body === 'string') pr.body = body.body;
    if (body?.state === 'open' || body?.state === 'closed') pr.state = body.state;
    return [200, pullJson(pr)];
  });

  route('POST', '/issues/(\\d+)/labels', async (m, body) => {
    const pr = pulls.find((p) => p.number === Number(m[1]));
    if (!pr) throw new HttpError(404, 'Not Found');
    const labels: string[] = Array.isArray(body?.labels) ? body.labels.map((l: unknown) => (typeof l === 'string' ? l : String((l as { name?: string })?.name))) : [];
    for (const l of labels) if (!pr.labels.includes(l)) pr.labels.push(l);
    return [200, pr.labels.map((name) => ({ name }))];
  });

  /** createCommitOnBranch, answering errors in GraphQL form (HTTP 200) as GitHub does. */
  async function createCommitOnBranch(input: any): Promise<unknown> {
    const gqlError = (type: string, message: string) => ({ data: { createCommitOnBranch: null }, errors: [{ type, path: ['createCommitOnBranch'], message }] });
    if (faults.graphqlRefused) return gqlError(faults.graphqlRefused.type, faults.graphqlRefused.message);
    if (faults.forbidWrites) return gqlError('FORBIDDEN', 'Resource not accessible by integration');
    const nwo = input?.branch?.repositoryNameWithOwner;
    const branch = String(input?.branch?.branchName ?? '');
    if (nwo !== `${owner}/${repo}`) return gqlError('NOT_FOUND', `Could not resolve to a Repository with the name '${String(nwo)}'.`);
    if (typeof input?.message?.headline !== 'string' || !input.message.headline) return gqlError('UNPROCESSABLE', 'A commit headline is required.');
    if (typeof input?.expectedHeadOid !== 'string') return { errors: [{ message: 'Variable $input of type CreateCommitOnBranchInput! was provided invalid value for expectedHeadOid' }] };
    await maybeMoveRef(branch);
    const head = await refHead(branch);
    if (!head) return gqlError('NOT_FOUND', `A ref named "refs/heads/${branch}" does not exist.`);
    if (head !== input.expectedHeadOid) return gqlError('STALE_DATA', `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`);
    if (faults.protectedBranches.includes(branch)) return gqlError('UNPROCESSABLE', `Protected branch update failed for refs/heads/${branch}.`);
    const changes: Change[] = [];
    for (const d of input?.fileChanges?.deletions ?? []) changes.push({ path: String(d.path), mode: '100644', sha: null });
    for (const a of input?.fileChanges?.additions ?? []) {
      changes.push({ path: String(a.path), mode: '100644', sha: await writeObject('blob', Buffer.from(String(a.contents), 'base64')) });
    }
    let tree: string;
    try {
      tree = await buildTree((await commitInfo(head)).tree.sha, changes);
    } catch (e) {
      return gqlError('UNPROCESSABLE', (e as Error).message);
    }
    const message = input.message.body ? `${input.message.headline}\n\n${input.message.body}` : input.message.headline;
    const sha = await makeCommit(tree, [head], message);
    if (!(await setRef(branch, sha, head))) return gqlError('STALE_DATA', `Expected branch to point to "${head}" but it did not. Pull and try again.`);
    return {
      data: {
        createCommitOnBranch: {
          commit: { oid: sha, url: `https://github.com/${owner}/${repo}/commit/${sha}`, committedDate: new Date().toISOString() },
          ref: { name: branch, target: { oid: sha } },
        },
      },
    };
  }

  const requests: StandinRequest[] = [];
  const violations: ContractViolation[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    const isGraphql = url.pathname === '/graphql';
    let body: any;
    let unparsable = false;
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      unparsable = true;
    }
    const request = `${method} ${req.url ?? '/'}`;
    const gql = isGraphql && method === 'POST' && !unparsable ? checkGraphqlRequest(body) : undefined;
    const rest = isGraphql || unparsable ? undefined : checkRestRequest(method, req.url ?? '/', raw);
    const operation = gql ? (gql.rootField ?? gql.operation) : undefined;
    const kind: 'read' | 'write' = gql?.kind ? (gql.kind === 'mutation' ? 'write' : 'read') : method === 'GET' || method === 'HEAD' || isGraphql ? 'read' : 'write';
    const entry: StandinRequest = {
      method,
      path: req.url ?? '/',
      bodySize: raw.length,
      kind,
      status: 0,
      ...(operation ? { operation } : {}),
      ...(rest?.operationId ? { operationId: rest.operationId } : {}),
    };
    requests.push(entry);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/html' : 'application/json; charset=utf-8', 'x-github-request-id': `STANDIN:${requests.length}`, ...headers });
      res.end(text);
    };
    try {
      // What GitHub's description refuses is answered as GitHub answers it, and recorded.
      if (unparsable) {
        violations.push({ operation: isGraphql ? 'graphql' : `${method} ${url.pathname}`, reason: 'the request body is not valid JSON', request });
        throw new HttpError(400, 'Problems parsing JSON');
      }
      if (gql && gql.errors.length > 0) {
        violations.push({ operation: `GraphQL ${gql.kind ?? 'document'} ${gql.operation}`, reason: gql.errors.map((e) => e.message).join('; '), request });
        send(200, { errors: gql.errors });
        return;
      }
      if (rest?.violation) {
        violations.push(rest.violation);
        if (!rest.operationId) throw new HttpError(404, 'Not Found');
        throw new HttpError(422, `Invalid request.\n\n${rest.violation.reason}`);
      }
      const auth = req.headers.authorization ?? '';
      if (opts.token !== undefined && auth.replace(/^(token|bearer)\s+/i, '') !== opts.token) {
        throw new HttpError(401, 'Bad credentials');
      }
      if (faults.maxBodyBytes !== undefined && raw.length > faults.maxBodyBytes) {
        send(502, '<html><body><h1>502 Bad Gateway</h1>The server returned an invalid or incomplete response.</body></html>');
        return;
      }
      if (faults.secondaryRateLimit > 0 && (faults.secondaryRateLimitOn === 'any' || kind === 'write')) {
        faults.secondaryRateLimit--;
        throw new HttpError(
          403,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID STANDIN.',
          { documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits' },
          { 'retry-after': String(faults.retryAfter) },
        );
      }
      if (isGraphql) {
        if (method !== 'POST') throw new HttpError(404, 'Not Found');
        if (operation !== 'createCommitOnBranch') {
          send(200, { errors: [{ message: 'the GitHub stand-in only answers the createCommitOnBranch mutation' }] });
          return;
        }
        send(200, await serialized(() => createCommitOnBranch(gql?.variables?.input)));
        return;
      }
      // Octokit sends `heads/main` as `heads%2Fmain`; GitHub reads both.
      const pathname = decodeURIComponent(url.pathname);
      const match = routes.find(([m, re]) => m === method && re.test(pathname));
      if (!match) throw new HttpError(404, 'Not Found');
      if (kind === 'write' && faults.forbidWrites) throw new HttpError(403, 'Resource not accessible by integration');
      const args = match[1].exec(pathname)!;
      const [status, payload] = kind === 'write' ? await serialized(() => match[2](args, body, url)) : await match[2](args, body, url);
      send(status, payload);
    } catch (e) {
      if (e instanceof HttpError) {
        send(e.status, { message: e.message, documentation_url: 'https://docs.github.com/rest', status: String(e.status), ...e.extra }, e.headers);
      } else {
        send(500, { message: `stand-in error: ${(e as Error).message}` });
      }
    }
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: GithubStandin = {
    apiUrl: origin,
    graphqlUrl: `${origin}/graphql`,
    owner,
    repo,
    bareRepoPath: gitDir,
    requests,
    faults,
    pulls,
    violations,
    takeViolations: () => violations.splice(0),
    writes: (from = 0) => requests.slice(from).filter((r) => r.kind === 'write'),
    head: (branch = defaultBranch) => refHead(branch),
    async listFiles(branch = defaultBranch) {
      const head = await refHead(branch);
      if (!head) return [];
      return (await listTree(head, true)).filter((e) => e.type === 'blob').map((e) => e.path).sort();
    },
    async readFile(branch, path) {
      const head = await refHead(branch);
      if (!head) return undefined;
      try {
        return await git(['cat-file', 'blob', `${head}:${path}`]);
      } catch {
        return undefined;
      }
    },
    commitFiles: (branch, files, message = 'a change pushed by someone else') => serialized(() => commitFilesOn(branch, files, message)),
    git: (args, input) => gitText(args, input),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          void rm(root, { recursive: true, force: true }).then(() => resolve());
        });
      }),
  };
  started.add(api);
  return api;
}

function wrap64(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n');
}
