// The Action run: inputs → config → pipeline → outputs and job summary.
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { context } from '@actions/github';
import { runPipeline, type RunSummary } from '../../pipeline.js';
import { actionsLogger } from './actions-logger.js';
import { loadActionConfig, loadCheckoutConfig } from './config-source.js';
import { createLocalPublisher, dryRun } from '../local.js';
import { defaultBaseUrl, InputError, parseRepository, readInputs, type ActionInputs } from './inputs.js';
import { outcomeLine, renderJobSummary } from './job-summary.js';
import { progressInterval } from '../../report/progress.js';
import { createGithubPublisher } from './publisher.js';
import { renderVerifySummary, runVerify } from './verify-mode.js';

/** What the runner tells the Action about where it runs (repository, GitHub URLs, workspace, ref). */
export interface RunnerContext {
  repository?: string;
  serverUrl: string;
  apiUrl: string;
  graphqlUrl: string;
  workspace?: string;
  refName?: string;
}

/** The runner's context, read through @actions/github as every Action reads it. */
export function runnerContext(env: NodeJS.ProcessEnv = process.env): RunnerContext {
  return {
    repository: env.GITHUB_REPOSITORY,
    serverUrl: context.serverUrl,
    apiUrl: context.apiUrl,
    graphqlUrl: context.graphqlUrl,
    workspace: env.GITHUB_WORKSPACE,
    refName: env.GITHUB_REF_NAME,
  };
}

export async function runAction(env: RunnerContext = runnerContext()): Promise<RunSummary | undefined> {
  try {
    const inputs = readInputs((name) => core.getInput(name));
    if (!inputs.token) throw new InputError('token: empty. Leave it unset to use `${{ github.token }}`, or pass a token secret.');
    core.setSecret(inputs.token);
    const { owner, repo } = parseRepository(env.repository);
    const logger = actionsLogger();
    if (inputs.mode === 'verify') {
      const outcome = await runVerify(inputs, env, logger, owner, repo);
      const { report } = outcome;
      core.setOutput('problems', String(report.problems.length));
      for (const p of report.problems) core.error(`${p.file}: ${p.message}`);
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderVerifySummary(outcome), true).write();
      if (report.ok) core.info(`${outcome.where} is sound: ${report.checked.articles} articles, ${report.checked.qrCodes} QR codes, ${report.checked.links} links checked.`);
      else core.setFailed(`verify found ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${outcome.where} (listed above and in the job summary)`);
      return undefined;
    }
    let ran;
    try {
      ran = inputs.mode === 'local' ? await runLocal(inputs, env, logger, owner, repo) : await runOnGithub(inputs, env, logger, owner, repo);
    } finally {
      logger.flushAnnotations();
    }
    const { summary, branch } = ran;
    const files = summary.added.length + summary.changed.length + summary.deleted.length;
    core.setOutput('new-articles', String(summary.newArticles));
    core.setOutput('changed-files', String(files));
    core.setOutput('commit-sha', summary.publish?.commitSha ?? '');
    core.setOutput('pull-request-url', summary.publish?.pullRequestUrl ?? '');
    core.setOutput('pull-request-number', summary.publish?.pullRequestNumber !== undefined ? String(summary.publish.pullRequestNumber) : '');
    const ctx = { mode: inputs.mode, owner, repo, branch, serverUrl: env.serverUrl };
    core.info(outcomeLine(summary, ctx).replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)'));
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderJobSummary(summary, ctx), true).write();
    if (summary.failure) core.setFailed(summary.failure);
    return summary;
  } catch (e) {
    core.setFailed(e instanceof Error ? e.message : String(e));
    if (e instanceof Error && e.stack && !(e instanceof InputError)) core.debug(e.stack);
    return undefined;
  }
}

type Logger = ReturnType<typeof actionsLogger>;

async function runOnGithub(inputs: ActionInputs, env: RunnerContext, logger: Logger, owner: string, repo: string) {
  const publisher = createGithubPublisher({
    token: inputs.token,
    owner,
    repo,
    branch: inputs.branch,
    mode: inputs.mode === 'local' || inputs.mode === 'verify' ? 'commit' : inputs.mode,
    prBranch: inputs.prBranch,
    prTitle: inputs.prTitle,
    prLabels: inputs.prLabels,
    apiUrl: env.apiUrl,
    graphqlUrl: env.graphqlUrl,
    logger,
  });
  const branch = await publisher.branch();
  const { config } = await logger.group('Config', async () => {
    const loaded = await loadActionConfig(publisher.client, {
      configText: inputs.configText,
      configFile: inputs.configFile,
      workspace: env.workspace,
      owner,
      repo,
      branch,
    });
    logger.info(`config from ${loaded.from}: ${loaded.config.channels.length} channel(s); mode ${inputs.mode} on ${owner}/${repo}@${branch}`);
    return loaded;
  });
  const summary = await runPipeline({
    config,
    publisher,
    logger,
    baseUrl: inputs.baseUrl ?? defaultBaseUrl(env.serverUrl, owner, repo, branch),
    shard: inputs.shard,
    maxAttempts: inputs.maxAttempts,
    progressIntervalMs: progressInterval(),
    failOn: inputs.failOn,
    staleAfterMs: inputs.staleAfterMs,
  });
  return { summary, branch };
}

/**
 * Mode local: the workflow checked the mirror out and pushes by itself; the
 * run reads and writes the checkout at `path` and makes no API request.
 */
async function runLocal(inputs: ActionInputs, env: RunnerContext, logger: Logger, owner: string, repo: string) {
  const workspace = env.workspace || process.cwd();
  const dir = resolve(workspace, inputs.path);
  const branch = inputs.branch ?? env.refName ?? 'main';
  const config = await logger.group('Config', async () => {
    const { config: c, from } = await loadCheckoutConfig(inputs, dir);
    logger.info(`config from ${from}: ${c.channels.length} channel(s); mode local into ${dir}`);
    return c;
  });
  const summary = await runPipeline({
    config,
    publisher: inputs.dryRun ? dryRun(createLocalPublisher(dir)) : createLocalPublisher(dir),
    logger,
    baseUrl: inputs.baseUrl ?? defaultBaseUrl(env.serverUrl, owner, repo, branch),
    shard: inputs.shard,
    maxAttempts: inputs.maxAttempts,
    progressIntervalMs: progressInterval(),
    failOn: inputs.failOn,
    staleAfterMs: inputs.staleAfterMs,
  });
  return { summary, branch };
}
