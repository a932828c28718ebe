// Shared pieces of the hostile-input tests: a config builder, a pipeline run
// into a local directory with its warnings kept, a snapshot of a directory
// tree, and checks a reader of the mirror would make on a written file.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseConfig, type Config } from '../../src/config/load.js';
import { runPipeline, type RunSummary } from '../../src/pipeline.js';
import { createLocalPublisher } from '../../src/publish/local.js';
import type { Logger } from '../../src/types.js';

export const BASE_URL = 'https://github.com/acme/mirror/blob/main';

/** A config with test-friendly fetch settings; `channels` is the YAML list under `channels:`. */
export function config(channels: string, fetch = 'retries: 0, timeout-ms: 3000'): Config {
  return parseConfig(`site: { base-url: "${BASE_URL}" }\nfetch: { ${fetch} }\nchannels:\n${channels}`, 'hostile test config');
}

export interface Run {
  summary: RunSummary;
  /** Every warning line the run logged. */
  logged: string[];
}

/** Runs the whole pipeline into `dir` with the local publisher. */
export async function run(cfg: Config, dir: string): Promise<Run> {
  const logged: string[] = [];
  const logger: Logger = {
    info() {},
    debug() {},
    warn: (m: string) => void logged.push(m),
    group: (_name, fn) => fn(),
  };
  const summary = await runPipeline({ config: cfg, publisher: createLocalPublisher(dir), logger, baseUrl: BASE_URL, now: new Date('2026-06-01T00:00:00Z') });
  return { summary, logged };
}

/** Every file under `dir` (dot files included, links not followed) with the SHA-1 of its bytes. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const e of entries) {
    if (!e.isFile() && !e.isSymbolicLink()) continue;
    const full = join(e.parentPath, e.name);
    const rel = relative(dir, full).split(sep).join('/');
    const sha = e.isFile() ? createHash('sha1').update(await readFile(full)).digest('hex') : 'symlink';
    out.set(rel, sha);
  }
  return out;
}

/** Paths added, changed or removed between two snapshots. */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const out = new Set<string>();
  for (const [p, sha] of after) if (before.get(p) !== sha) out.add(p);
  for (const p of before.keys()) if (!after.has(p)) out.add(p);
  return [...out].sort();
}

/** The places a run may write: pages/, indexes/, feeds/ and README.md. */
export function isMirrorPath(p: string): boolean {
  return p === 'README.md' || /^(pages|indexes|feeds)\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(p) && !p.split('/').includes('..');
}

/** Markdown files written under `dir`, path -> text. */
export async function markdownFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of (await snapshot(dir)).keys()) if (p.endsWith('.md')) out.set(p, await readFile(join(dir, p), 'utf8'));
  return out;
}

/**
 * Active content a reader's renderer (GitHub) could act on, as it would
 * appear in Markdown: a raw tag or attribute not escaped by a backslash, or
 * a link whose destination is not a web address or a repository path.
 * Returns what was found, for a readable failure.
 */
export function activeContent(md: string): string[] {
  const found: string[] = [];
  for (const m of md.matchAll(/(?<!\\)<\s*(script|style|base|svg|iframe|frame|object|embed|form|input|button|meta|link|math|template|noscript|textarea|select)\b/gi)) {
    found.push(m[0]);
  }
  for (const m of md.matchAll(/(?<!\\)<[a-z][^>]*\s(on[a-z]+|style|srcdoc|formaction)\s*=/gi)) found.push(m[0]);
  // CommonMark autolinks take any scheme: <javascript:alert(1)> would be a link.
  for (const m of md.matchAll(/(?<!\\)<([a-z][a-z0-9+.-]{1,31}):[^\s<>]*>/gi)) if (!/^(https?|mailto)$/i.test(m[1]!)) found.push(m[0]);
  // Markdown link and image destinations, and raw href/src attributes.
  for (const m of md.matchAll(/(?<!\\)\]\(\s*<?([^)>\s]*)/g)) if (!safeTarget(m[1]!)) found.push(`link to ${m[1]}`);
  for (const m of md.matchAll(/(?<!\\)<[a-z][^>]*\s(?:href|src)\s*=\s*["']?([^"'\s>]*)/gi)) if (!safeTarget(m[1]!)) found.push(`attribute ${m[1]}`);
  return found;
}

function safeTarget(t: string): boolean {
  if (/^(https?:\/\/|mailto:)/i.test(t)) return true;
  // A relative repository path (the mirror links its own pages, indexes and QR images).
  return /^[A-Za-z0-9_.%/-]+(#[A-Za-z0-9_-]*)?$/.test(t) && !/^\/|^[a-z]+:/i.test(t);
}
