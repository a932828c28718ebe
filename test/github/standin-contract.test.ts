// The GitHub stand-in's own checks: a request GitHub's published description
// refuses is refused here too, with the operation and the reason, and the
// stand-in answers the way GitHub answers (empty repository, GraphQL errors,
// secondary rate limits, pull requests closed as merged).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { checkGraphqlRequest, checkRestRequest } from '../helpers/github-contract.js';
import { contractViolationError, startGithubStandin, type GithubStandin } from '../helpers/github-standin.js';

let standin: GithubStandin | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

const COMMIT_MUTATION = 'mutation C($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid url } } }';
const commitInput = (extra: Record<string, unknown> = {}) => ({
  branch: { repositoryNameWithOwner: 'octo/mirror', branchName: 'main' },
  message: { headline: 'a commit' },
  expectedHeadOid: 'a'.repeat(40),
  fileChanges: { additions: [{ path: 'a.md', contents: Buffer.from('a').toString('base64') }] },
  ...extra,
});

describe('REST requests against the OpenAPI description', () => {
  it('accepts the requests News Mirror sends', () => {
    expect(checkRestRequest('GET', '/repos/o/r/git/ref/heads%2Fmain', undefined)).toEqual({ operationId: 'git/get-ref' });
    expect(checkRestRequest('PATCH', '/repos/o/r/git/refs/heads%2Fnews-mirror%2Fupdate', JSON.stringify({ sha: 'a'.repeat(40), force: true }))).toEqual({ operationId: 'git/update-ref' });
    expect(checkRestRequest('GET', '/repos/o/r/contents/.github/news-mirror.yml?ref=main', undefined)).toEqual({ operationId: 'repos/get-content' });
    expect(checkRestRequest('GET', '/repos/o/r/pulls/12', undefined)).toEqual({ operationId: 'pulls/get' });
    expect(checkRestRequest('GET', '/repos/o/r/pulls/comments', undefined)).toEqual({ operationId: 'pulls/list-review-comments-for-repo' });
  });

  it('rejects a body that does not match the operation’s schema, naming the field', () => {
    const r = checkRestRequest('POST', '/repos/o/r/git/trees', JSON.stringify({ tree: [{ path: 'a', mode: '100645', type: 'blob', content: 'x' }] }));
    expect(r.violation?.operation).toBe('git/create-tree (POST /repos/{owner}/{repo}/git/trees)');
    expect(r.violation?.reason).toMatch(/\/tree\/0\/mode must be equal to one of the allowed values/);
    const force = checkRestRequest('PATCH', '/repos/o/r/git/refs/heads%2Fmain', JSON.stringify({ sha: 'a'.repeat(40), force: 'yes' }));
    expect(force.violation?.reason).toMatch(/\/force must be boolean/);
    const missing = checkRestRequest('POST', '/repos/o/r/git/refs', JSON.stringify({ ref: 'refs/heads/x' }));
    expect(missing.violation?.reason).toMatch(/must have required property 'sha'/);
    expect(checkRestRequest('POST', '/repos/o/r/git/commits', undefined).violation?.reason).toBe('a JSON request body is required');
  });

  it('rejects an unknown path and a method the path does not have', () => {
    expect(checkRestRequest('GET', '/repos/o/r/git/branches', undefined).violation).toMatchObject({ reason: 'no operation in GitHub’s REST API has this path' });
    expect(checkRestRequest('PUT', '/repos/o/r/git/refs', '{}').violation).toMatchObject({ operation: 'PUT /repos/{owner}/{repo}/git/refs', reason: 'no PUT operation on this path (it has POST)' });
  });

  it('rejects path and query parameters outside their declared type or enum', () => {
    expect(checkRestRequest('GET', '/repos/o/r/pulls?state=opened', undefined).violation?.reason).toBe('query parameter state: "opened" is not one of ["open","closed","all"]');
    expect(checkRestRequest('GET', '/repos/o/r/pulls?per_page=ten', undefined).violation?.reason).toBe('query parameter per_page: "ten" is not an integer');
    expect(checkRestRequest('PATCH', '/repos/o/r/pulls/one', '{}').violation?.reason).toBe('path parameter pull_number: "one" is not an integer');
  });
});

describe('GraphQL requests against the published schema', () => {
  it('accepts the createCommitOnBranch mutation with variables that coerce', () => {
    const r = checkGraphqlRequest({ query: COMMIT_MUTATION, variables: { input: commitInput() } });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ operation: 'C', rootField: 'createCommitOnBranch', kind: 'mutation' });
  });

  it('rejects a document that does not validate, a syntax error, and variables that do not coerce', () => {
    expect(checkGraphqlRequest({ query: 'mutation { createCommitOnBranch(input: {}) { commit { sha } } }' }).errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Cannot query field "sha" on type "Commit"/)]),
    );
    expect(checkGraphqlRequest({ query: 'query { viewer ' }).errors[0]!.message).toMatch(/Syntax Error/);
    const input = commitInput({ fileChanges: { additions: [{ path: 'a.md', content: 'YQ==' }] } });
    const bad = checkGraphqlRequest({ query: COMMIT_MUTATION, variables: { input } });
    expect(bad.errors.map((e) => e.message).join('\n')).toMatch(/Field "contents" of required type "Base64String!" was not provided/);
    const noHead = checkGraphqlRequest({ query: COMMIT_MUTATION, variables: { input: { ...commitInput(), expectedHeadOid: undefined } } });
    expect(noHead.errors.map((e) => e.message).join('\n')).toMatch(/Field "expectedHeadOid" of required type "GitObjectID!" was not provided/);
  });
});

describe('a refused request fails the test that sent it', () => {
  it('even when the code under test swallows the error answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-hook-'));
    try {
      const configFile = join(dir, 'vitest.config.mjs');
      const report = join(dir, 'report.json');
      writeFileSync(configFile, `export default { test: { include: ['test/github/fixtures/swallowed-violation.ts'], testTimeout: 60000, hookTimeout: 60000 } };\n`);
      const run = await promisify(execFile)(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', '--root', resolve('.'), '--config', configFile, '--reporter', 'json', '--outputFile', report], {
        env: { ...process.env, VITEST: undefined, VITEST_WORKER_ID: undefined, VITEST_POOL_ID: undefined },
      }).then(
        () => 0,
        (e: { code?: number }) => e.code ?? -1,
      );
      expect(run).not.toBe(0);
      const result = JSON.parse(readFileSync(report, 'utf8')) as { testResults: Array<{ assertionResults: Array<{ status: string; failureMessages: string[] }> }> };
      const test = result.testResults[0]!.assertionResults[0]!;
      expect(test.status).toBe('failed');
      expect(test.failureMessages.join('\n')).toContain('git/create-tree (POST /repos/{owner}/{repo}/git/trees): request body does not match the schema: /tree/0/mode');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the stand-in answers as GitHub does', () => {
  const send = (s: GithubStandin, method: string, path: string, body?: unknown) =>
    fetch(`${s.apiUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

  it('refuses a request the description rejects (422 / 404) and records it, so the test that sent it fails', async () => {
    standin = await startGithubStandin({ files: { 'README.md': 'x\n' } });
    const bad = await send(standin, 'POST', '/repos/octo/mirror/git/trees', { tree: [{ path: 'a', mode: 'file', type: 'blob', content: 'x' }] });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^Invalid request\.\n\nrequest body does not match the schema: \/tree\/0\/mode/);
    const unknown = await send(standin, 'GET', '/repos/octo/mirror/git/branches');
    expect(unknown.status).toBe(404);
    expect(standin.violations.map((v) => v.operation)).toEqual(['git/create-tree (POST /repos/{owner}/{repo}/git/trees)', 'GET /repos/octo/mirror/git/branches']);
    const error = contractViolationError([standin]);
    expect(error?.message).toMatch(/refuses 2 request\(s\)/);
    expect(error?.message).toContain('- git/create-tree (POST /repos/{owner}/{repo}/git/trees): request body does not match the schema: /tree/0/mode');
    expect(error?.message).toContain('request: GET /repos/octo/mirror/git/branches');
    // Taken: nothing is left for the end-of-test check.
    expect(standin.violations).toEqual([]);
    expect(contractViolationError([standin])).toBeUndefined();
  });

  it('answers invalid GraphQL with HTTP 200 and an errors array', async () => {
    standin = await startGithubStandin({ files: { 'README.md': 'x\n' } });
    const query = 'mutation C($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { nope } }';
    const res = await fetch(standin.graphqlUrl, { method: 'POST', body: JSON.stringify({ query, variables: { input: commitInput() } }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.message).toMatch(/Cannot query field "nope"/);
    expect(standin.takeViolations()).toEqual([expect.objectContaining({ operation: 'GraphQL mutation C', reason: expect.stringMatching(/Cannot query field "nope"/) })]);
  });

  it('answers 409 "Git Repository is empty." for Git data on an empty repository', async () => {
    standin = await startGithubStandin();
    for (const [method, path, body] of [
      ['GET', '/repos/octo/mirror/git/ref/heads%2Fmain'],
      ['POST', '/repos/octo/mirror/git/blobs', { content: 'eA==', encoding: 'base64' }],
      ['POST', '/repos/octo/mirror/git/refs', { ref: 'refs/heads/x', sha: 'a'.repeat(40) }],
    ] as const) {
      const res = await send(standin, method, path, body);
      expect(res.status, path).toBe(409);
      expect(((await res.json()) as { message: string }).message).toBe('Git Repository is empty.');
    }
  });

  it('answers a switched-on secondary rate limit with 403 and retry-after', async () => {
    standin = await startGithubStandin({ files: { 'README.md': 'x\n' } });
    standin.faults.secondaryRateLimit = 1;
    standin.faults.secondaryRateLimitOn = 'any';
    standin.faults.retryAfter = 7;
    const limited = await send(standin, 'GET', '/repos/octo/mirror');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(((await limited.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    expect((await send(standin, 'GET', '/repos/octo/mirror')).status).toBe(200);
  });

  it('closes a pull request as merged when its head becomes reachable from its base', async () => {
    standin = await startGithubStandin({ files: { 'README.md': 'x\n' } });
    const s = standin;
    const base = (await s.head())!;
    await send(s, 'POST', '/repos/octo/mirror/git/refs', { ref: 'refs/heads/topic', sha: base });
    const tip = await s.commitFiles('topic', { 'a.md': 'a\n' });
    expect((await send(s, 'POST', '/repos/octo/mirror/pulls', { head: 'topic', base: 'main', title: 'Topic' })).status).toBe(201);
    expect(s.pulls[0]).toMatchObject({ state: 'open', merged: false });
    // Moving the head back onto the base leaves nothing to merge.
    expect((await send(s, 'PATCH', '/repos/octo/mirror/git/refs/heads%2Ftopic', { sha: base, force: true })).status).toBe(200);
    expect(s.pulls[0]).toMatchObject({ state: 'closed', merged: true });
    // A second PR: closed as well when the base takes in its head.
    await send(s, 'PATCH', '/repos/octo/mirror/git/refs/heads%2Ftopic', { sha: tip, force: true });
    expect((await send(s, 'POST', '/repos/octo/mirror/pulls', { head: 'topic', base: 'main', title: 'Topic' })).status).toBe(201);
    expect(s.pulls[1]).toMatchObject({ state: 'open' });
    await send(s, 'PATCH', '/repos/octo/mirror/git/refs/heads%2Fmain', { sha: tip });
    expect(s.pulls[1]).toMatchObject({ state: 'closed', merged: true });
  });
});
