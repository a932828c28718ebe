// The config comes from the `config` input, the checkout, or (the workflow
// needs no checkout) the repository itself through the API.
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigError, loadConfigFile, missingConfigFile, parseConfig, type Config } from '../../config/load.js';
import { explainGithubError, httpStatus } from './errors.js';
import type { GithubClient } from './octokit.js';

export interface ConfigSource {
  configText?: string;
  configFile: string;
  /** GITHUB_WORKSPACE, when a checkout may be there. */
  workspace?: string;
  owner: string;
  repo: string;
  branch: string;
}

/** The other ways the Action takes a config, offered when the file is missing. */
export const ACTION_CONFIG_ELSEWHERE = ['pass the config inline in the `config` input', 'name another file in `config-file`'];

/** The config of a run on a checkout at `dir`: the `config` input, else the file `config-file` names there. */
export async function loadCheckoutConfig(s: { configText?: string; configFile: string }, dir: string): Promise<{ config: Config; from: string }> {
  if (s.configText) return { config: parseConfig(s.configText, 'the `config` input'), from: 'the `config` input' };
  const file = isAbsolute(s.configFile) ? s.configFile : join(dir, s.configFile);
  return { config: await loadConfigFile(file, ACTION_CONFIG_ELSEWHERE), from: file };
}

export async function loadActionConfig(client: GithubClient, s: ConfigSource): Promise<{ config: Config; from: string }> {
  if (s.configText) return { config: parseConfig(s.configText, 'the `config` input'), from: 'the `config` input' };
  const onDisk = s.workspace && !isAbsolute(s.configFile) ? join(s.workspace, s.configFile) : s.configFile;
  if (existsSync(onDisk)) return { config: await loadConfigFile(onDisk, ACTION_CONFIG_ELSEWHERE), from: s.configFile };
  const where = `${s.configFile} on ${s.owner}/${s.repo}@${s.branch}`;
  let text: string;
  try {
    const { data } = await client.rest.repos.getContent({ owner: s.owner, repo: s.repo, path: s.configFile, ref: s.branch });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw new ConfigError(where, ['is not a file']);
    text = Buffer.from(data.content, 'base64').toString('utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (httpStatus(e) === 404) {
      throw missingConfigFile(where, ACTION_CONFIG_ELSEWHERE);
    }
    throw explainGithubError(e, { owner: s.owner, repo: s.repo, branch: s.branch, doing: `read ${s.configFile}` });
  }
  return { config: parseConfig(text, where), from: where };
}
