// The Action's inputs, parsed and checked in one place so a typo fails the
// run with a message that names the input and the accepted values.
import { parseBaseUrl } from '../../config/http-url.js';
import { DURATION_HINT, parseDuration } from '../../config/duration.js';
import { FAIL_ON, type FailOn } from '../../config/schema.js';
import { parseShard, type Shard } from '../../config/shard.js';
import { DEFAULT_PR_BRANCH, DEFAULT_PR_TITLE } from './publisher.js';

export type ActionMode = 'commit' | 'pull-request' | 'dry-run' | 'local' | 'verify';

export interface ActionInputs {
  /** Inline YAML; wins over configFile. */
  configText?: string;
  configFile: string;
  token: string;
  mode: ActionMode;
  /** `dry-run: true`: write nothing (mode local stays local: it reads the checkout, never the API). */
  dryRun: boolean;
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
  /** Undefined: the config's `fail-on`. */
  failOn?: FailOn;
  /** Undefined: the config's `stale-after`. */
  staleAfterMs?: number;
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
    // local writes to disk itself (dry-run there writes nothing and asks no API); verify writes nothing anyway.
    mode: dryRun && mode !== 'local' && mode !== 'verify' ? 'dry-run' : mode,
    dryRun,
    branch: get('branch') || undefined,
    shard,
    prBranch: get('pr-branch') || DEFAULT_PR_BRANCH,
    prTitle: get('pr-title') || DEFAULT_PR_TITLE,
    prLabels: parseList(get('pr-labels')),
    baseUrl: baseUrlInput(get('base-url')),
    maxAttempts: parseIntIn('max-attempts', get('max-attempts'), DEFAULT_MAX_ATTEMPTS, 1, 20),
    path: get('path') || '.',
    failOn: parseFailOn(get('fail-on')),
    staleAfterMs: parseStaleAfter(get('stale-after')),
  };
}

export function parseMode(text: string): ActionMode {
  const t = text.trim().toLowerCase();
  if (t === '') return 'commit';
  if (t === 'commit' || t === 'pull-request' || t === 'dry-run' || t === 'local' || t === 'verify') return t;
  throw new InputError(`mode: expected "commit", "pull-request", "dry-run", "local" or "verify", got "${text}"`);
}

function parseFailOn(text: string): FailOn | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if ((FAIL_ON as readonly string[]).includes(t)) return t as FailOn;
  throw new InputError(`fail-on: expected ${FAIL_ON.map((v) => `"${v}"`).join(', ')}, got "${text}"`);
}

function parseStaleAfter(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new InputError(`stale-after: expected ${DURATION_HINT}, got "${text}"`);
  return ms;
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

function baseUrlInput(text: string): string | undefined {
  try {
    return parseBaseUrl('base-url', text);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
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
