// Runs the bundled Action (dist/index.js) the way the Actions runner does:
// inputs as INPUT_* variables, outputs and the job summary through files.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GithubStandin } from '../helpers/github-standin.js';

export interface ActionResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export const ACTION_ENTRY = resolve('dist/index.js');

export function runAction(standin: GithubStandin, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionResult> {
  return startAction(standin, inputs, env).done;
}

export interface RunningAction {
  child: ChildProcess;
  /** Everything printed so far on stdout. */
  stdout(): string;
  done: Promise<ActionResult>;
}

/** Starts the Action without waiting, so a test can watch it and kill it mid-run. */
export function startAction(standin: GithubStandin, inputs: Record<string, string>, env: Record<string, string> = {}): RunningAction {
  // A missing bundle fails the test that needs it; it is never a reason to skip.
  if (!existsSync(ACTION_ENTRY)) throw new Error(`${ACTION_ENTRY} is missing: the test setup builds it (npm run build)`);
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  const workspace = join(dir, 'workspace');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')));
  const child = spawn(process.execPath, [ACTION_ENTRY], {
    cwd: dir,
    env: {
      ...clean,
      INPUT_TOKEN: 'ghs_test_token',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: `${standin.owner}/${standin.repo}`,
      GITHUB_API_URL: standin.apiUrl,
      GITHUB_GRAPHQL_URL: standin.graphqlUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: dir,
      ...inputEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<ActionResult>((resolveDone, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') };
      rmSync(dir, { recursive: true, force: true });
      resolveDone(result);
    });
  });
  return { child, stdout: () => stdout, done };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

export interface Item {
  id: string;
  title: string;
  published: string;
}

/** An RSS 2.0 feed with full bodies (content:encoded), so no article page is fetched. */
export function rssFeed(origin: string, channel: string, items: Item[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const entries = items.map((i) => {
    const url = `${origin}/${channel}/${i.id}.html`;
    return `<item><title>${esc(i.title)}</title><link>${url}</link><guid>${url}</guid><pubDate>${new Date(i.published).toUTCString()}</pubDate>
<content:encoded><![CDATA[<p>${esc(i.title)}: the body of the article, 正文。</p><h2>More</h2><p>Second paragraph of ${i.id}.</p>]]></content:encoded></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${channel}</title><link>${origin}/</link><description>fixture</description>
${entries.join('\n')}
</channel></rss>
`;
}

/** `count` items, newest first, starting at `from`. */
export function items(channel: string, from: number, count: number): Item[] {
  return Array.from({ length: count }, (_, k) => {
    const n = from + count - 1 - k;
    return { id: `${channel}${n}`, title: `${channel} article ${n}`, published: new Date(Date.UTC(2025, 0, 1) + n * 3_600_000).toISOString() };
  });
}
