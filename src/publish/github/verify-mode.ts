// Mode verify: checks the mirror, writing nothing. From the checkout at
// `path` when the workflow made one, else from the branch through the API.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../../config/load.js';
import type { Logger } from '../../types.js';
import { localMirrorFiles, type MirrorFiles } from '../../verify/files.js';
import { mirrorScope } from '../../plan/make-plan.js';
import { verifyMirror, type VerifyReport } from '../../verify/verify-mirror.js';
import type { RunnerContext } from './action.js';
import { loadActionConfig, loadCheckoutConfig } from './config-source.js';
import { defaultBaseUrl, type ActionInputs } from './inputs.js';
import { createGithubClient } from './octokit.js';
import { defaultBranch } from './read-state.js';
import { branchMirrorFiles } from './branch-files.js';

export interface VerifyOutcome {
  report: VerifyReport;
  /** What was verified, e.g. `octo/mirror@main` or the checkout's folder. */
  where: string;
}

export async function runVerify(inputs: ActionInputs, env: RunnerContext, logger: Logger, owner: string, repo: string): Promise<VerifyOutcome> {
  const dir = resolve(env.workspace || process.cwd(), inputs.path);
  let config: Config;
  let files: MirrorFiles;
  let branch: string;
  let where: string;
  if (existsSync(join(dir, '.git'))) {
    branch = inputs.branch ?? env.refName ?? 'main';
    config = (await loadCheckoutConfig(inputs, dir)).config;
    where = dir;
    logger.info(`verifying the checkout at ${dir}; no API request`);
    const { roots, files: homes } = mirrorScope(config);
    files = await localMirrorFiles(dir, roots, homes);
  } else {
    const client = createGithubClient({ token: inputs.token, apiUrl: env.apiUrl, graphqlUrl: env.graphqlUrl, logger });
    branch = inputs.branch ?? (await defaultBranch(client, { owner, repo }));
    const loaded = await loadActionConfig(client, { configText: inputs.configText, configFile: inputs.configFile, workspace: env.workspace, owner, repo, branch });
    config = loaded.config;
    where = `${owner}/${repo}@${branch}`;
    logger.info(`verifying ${where} through the API (config from ${loaded.from}); nothing is written`);
    const { roots, files: homes } = mirrorScope(config);
    files = await branchMirrorFiles(client, { owner, repo }, branch, roots, homes);
  }
  const baseUrl = config.site.baseUrl ?? inputs.baseUrl ?? defaultBaseUrl(env.serverUrl, owner, repo, branch);
  return { report: await verifyMirror(config, files, baseUrl), where };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** The job summary of a verify run: sound, or a table of each problem and its file. */
export function renderVerifySummary(o: VerifyOutcome): string {
  const { report: r, where } = o;
  const c = r.checked;
  const counts = `${c.channels} channels, ${c.articles} articles, ${c.qrCodes} QR codes, ${c.links} relative links in ${c.documents} Markdown files`;
  if (r.ok) return `### News Mirror verify: sound\n\n\`${where}\`: ${counts} checked, no problem.\n`;
  const rows = r.problems.map((p) => `| \`${cell(p.file)}\` | ${p.check} | ${cell(p.message)} |`);
  return `### News Mirror verify: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}\n\n\`${where}\`: ${counts} checked.\n\n| file | check | problem |\n| --- | --- | --- |\n${rows.join('\n')}\n`;
}
