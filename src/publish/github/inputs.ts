// The Action's inputs, parsed and checked in one place so a typo fails the
// run with a message that names the input and the accepted values.
import { parseShard, type Shard } from '../../config/shard.js';
import { DEFAULT_PR_BRANCH, DEFAULT_PR_TITLE } from './publisher.js';

export type ActionMode = 'commit' | 'pull-request' | 'dry-run' | 'local' | 'verify';

export interface ActionInputs {
  /** Inline YAML; wins over configFile. */
  configText?: string;
  configFile: string;
  token: string;
  mode: ActionMode;
  /** Undefined: the repository's default branch. */
  branch?: string;
  shard?: Shard;
  prBranch: string;
  prTitle: string;
  prLabels: string[];
  baseUrl?: string;
  maxAttempts: number;
  /** Modes local and verify: the folder (relative to the workspace) that holds the mirror's checkout. */
  path: string;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export const DEFAULT_CONFIG_FILE = '.github/news-mirror.yml';
export const DEFAULT_MAX_ATTEMPTS = 5;

/** `get` returns an input's trimmed value, '' when unset (as core.getInput does). */
export function readInputs(get: (name: string) => string): ActionInputs {
  const dryRun = parseBoolean('dry-run', get('dry-run'), false);
  const mode = parseMode(get('mode'));
  let shard: Shard | undefined;
  try {
    shard = parseShard(get('shard'));
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const configText = get('config');
  return {
    configText: configText.trim() ? configText : undefined,
    configFile: get('config-file') || DEFAULT_CONFIG_FILE,
    token: get('token'),
    // verify writes nothing anyway; dry-run must not turn it into a mirroring run.
    mode: dryRun && mode !== 'verify' ? 'dry-run' : mode,
    branch: get('branch') || undefined,
    shard,
    prBranch: get('pr-branch') || DEFAULT_PR_BRANCH,
    prTitle: get('pr-title') || DEFAULT_PR_TITLE,
    prLabels: parseList(get('pr-labels')),
    baseUrl: parseBaseUrl(get('base-url')),
    maxAttempts: parseIntIn('max-attempts', get('max-attempts'), DEFAULT_MAX_ATTEMPTS, 1, 20),
    path: get('path') || '.',
  };
}

export function parseMode(text: string): ActionMode {
  const t = text.trim().toLowerCase();
  if (t === '') return 'commit';
  if (t === 'commit' || t === 'pull-request' || t === 'dry-run' || t === 'local' || t === 'verify') return t;
  throw new InputError(`mode: expected "commit", "pull-request", "dry-run", "local" or "verify", got "${text}"`);
}

/** The YAML 1.2 core booleans, as the Actions toolkit accepts them. */
export function parseBoolean(name: string, text: string, fallback: boolean): boolean {
  const t = text.trim();
  if (t === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(t)) return true;
  if (['false', 'False', 'FALSE'].includes(t)) return false;
  throw new InputError(`${name}: expected true or false, got "${text}"`);
}

export function parseIntIn(name: string, text: string, fallback: number, min: number, max: number): number {
  const t = text.trim();
  if (t === '') return fallback;
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < min || n > max) throw new InputError(`${name}: expected a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** Comma- or newline-separated, blanks dropped. */
export function parseList(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean))];
}

function parseBaseUrl(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    throw new InputError(`base-url: expected an absolute http(s) URL, got "${text}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InputError(`base-url: expected an absolute http(s) URL, got "${text}"`);
  return t.replace(/\/+$/, '');
}

/** `owner/repo` from GITHUB_REPOSITORY. */
export function parseRepository(text: string | undefined): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec((text ?? '').trim());
  if (!m) throw new InputError(`GITHUB_REPOSITORY: expected "owner/repo", got "${text ?? ''}" (is this running in GitHub Actions?)`);
  return { owner: m[1]!, repo: m[2]! };
}

/** Where readers find a file: the repository's blob view of the branch, unless base-url says otherwise. */
export function defaultBaseUrl(serverUrl: string | undefined, owner: string, repo: string, branch: string): string {
  const server = (serverUrl || 'https://github.com').replace(/\/+$/, '');
  return `${server}/${owner}/${repo}/blob/${branch.split('/').map(encodeURIComponent).join('/')}`;
}
