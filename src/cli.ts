import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile, parseConfig, type Config } from './config/load.js';
import { parseShard } from './config/shard.js';
import { DURATION_HINT, parseDuration } from './config/duration.js';
import { FAIL_ON, type FailOn } from './config/schema.js';
import { consoleLogger } from './log.js';
import { runPipeline, type RunSummary } from './pipeline.js';
import { createLocalPublisher, dryRun } from './publish/local.js';
import { startDemoSite, demoConfig } from './demo/site.js';

const USAGE = `news-mirror: mirror news feeds and pages into a Git repository's files

Usage:
  news-mirror run --config FILE --out DIR [--json] [--dry-run] [--base-url URL] [--shard K/N]
                  [--fail-on all-channels|any-channel|never] [--stale-after 3d] [--quiet]
  news-mirror demo [--out DIR] [--json]
  news-mirror --help | --version

run   Runs the pipeline with DIR as the mirror's working copy: what DIR holds is
      the mirror's current state; the new state is written into DIR.
      --json      print a machine-readable summary on stdout (logs go to stderr)
      --dry-run   write nothing; report what would change
      --base-url  public URL prefix of the mirror's files (default: the config's
                  site.base-url, else from GITHUB_REPOSITORY or DIR's git remote)
      --shard K/N handle only the channels of shard K of N
      --fail-on   when failing channels fail the run: all-channels (default),
                  any-channel or never (default: the config's fail-on)
      --stale-after  a channel failing longer than this (e.g. 3d, 72h) fails
                  the run whatever --fail-on says (default: the config's, 3d)
demo  Starts the bundled sample news site on 127.0.0.1, mirrors it into
      ./demo-mirror (or --out DIR), prints a summary and exits.

Exit status: 0 when the run completed (per-item warnings and failing channels
that fail-on allows included), 1 on a failed run (every channel failed, which
writes nothing; fail-on; stale-after), 2 on bad usage or a bad config.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: {
        config: { type: 'string', short: 'c' },
        out: { type: 'string', short: 'o' },
        json: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'base-url': { type: 'string' },
        shard: { type: 'string' },
        'fail-on': { type: 'string' },
        'stale-after': { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    return usageError((e as Error).message);
  }
  const logger = consoleLogger({ quiet: args.quiet });
  const failOn = args['fail-on'];
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) {
    return usageError(`--fail-on: expected ${FAIL_ON.join(', ')}, got "${failOn}"`);
  }
  const staleAfter = args['stale-after'];
  if (staleAfter !== undefined && parseDuration(staleAfter) === undefined) return usageError(`--stale-after: expected ${DURATION_HINT}, got "${staleAfter}"`);
  const outcome = { failOn: failOn as FailOn | undefined, staleAfterMs: staleAfter === undefined ? undefined : parseDuration(staleAfter) };

  try {
    if (command === 'run') {
      if (!args.config) return usageError('run needs --config FILE');
      if (!args.out) return usageError('run needs --out DIR');
      const config = await loadConfigFile(args.config);
      const out = resolve(args.out);
      const summary = await run(config, out, { ...args, ...outcome, logger });
      report(summary, out, args.json);
      return failed(summary);
    }
    if (command === 'demo') {
      const out = resolve(args.out ?? 'demo-mirror');
      const site = await startDemoSite();
      try {
        logger.info(`Demo news site on ${site.origin} (loopback only)`);
        const config = parseConfig(demoConfig(site.origin), 'the demo config');
        const summary = await run(config, out, { ...args, ...outcome, logger });
        report(summary, out, args.json);
        if (summary.failure) return failed(summary);
        if (!args.json) process.stdout.write(`\nOpen ${out}/README.md to read the mirror. Run again: nothing new, nothing written.\n`);
      } finally {
        await site.close();
      }
      return 0;
    }
    return usageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    process.stderr.write(`news-mirror: ${(e as Error).message}\n`);
    return 1;
  }
}

async function run(
  config: Config,
  out: string,
  args: { 'dry-run'?: boolean; 'base-url'?: string; shard?: string; failOn?: FailOn; staleAfterMs?: number; logger: ReturnType<typeof consoleLogger> },
): Promise<RunSummary> {
  await mkdir(out, { recursive: true });
  const local = createLocalPublisher(out);
  return runPipeline({
    config,
    publisher: args['dry-run'] ? dryRun(local) : local,
    logger: args.logger,
    baseUrl: args['base-url'] ?? config.site.baseUrl ?? defaultBaseUrl(out, args.logger),
    shard: parseShard(args.shard),
    failOn: args.failOn,
    staleAfterMs: args.staleAfterMs,
  });
}

/** Where the mirror will be read: the GitHub repository this runs for, or the one DIR is a clone of. */
function defaultBaseUrl(out: string, logger: ReturnType<typeof consoleLogger>): string {
  const fromEnv = process.env.GITHUB_REPOSITORY;
  if (fromEnv) return `https://github.com/${fromEnv}/blob/main`;
  try {
    const remote = execFileSync('git', ['-C', out, 'remote', 'get-url', 'origin'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const m = /github\.com[:/]([^/]+)\/([^/]+?)(\.git)?$/.exec(remote);
    if (m) return `https://github.com/${m[1]}/${m[2]}/blob/main`;
  } catch {
    // not a git checkout: fall through
  }
  logger.warn('site.base-url is not set and DIR is not a GitHub clone: links and QR codes use https://github.com/OWNER/REPO/blob/main');
  return 'https://github.com/OWNER/REPO/blob/main';
}

function report(summary: RunSummary, out: string, json: boolean | undefined): void {
  if (json) {
    const data = {
      directory: out,
      dryRun: summary.dryRun,
      newArticles: summary.newArticles,
      added: summary.added,
      changed: summary.changed,
      deleted: summary.deleted,
      channels: summary.channels,
      warnings: summary.warnings,
      message: summary.message.title,
      ...(summary.failure && { failure: summary.failure }),
    };
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  const allFailed = summary.channels.length > 0 && summary.channels.every((c) => c.error !== undefined);
  const lines = [
    '',
    allFailed
      ? `Nothing written to ${out}: every channel failed.`
      : `${summary.dryRun ? 'Would write' : 'Wrote'} ${out}: ${summary.newArticles} new articles; ${summary.added.length} files added, ${summary.changed.length} changed, ${summary.deleted.length} deleted.`,
  ];
  for (const c of summary.channels) {
    const since = c.failingSince && c.failures && c.failures > 1 ? ` (failing since ${c.failingSince.slice(0, 10)}, ${c.failures} runs)` : '';
    const status = c.error ? `FAILED${since}: ${c.error}` : `${c.new} new, ${c.removed} removed, ${c.skipped.length} skipped`;
    lines.push(`  ${c.id.padEnd(16)} ${status}`);
  }
  if (summary.warnings.length > 0) lines.push(`${summary.warnings.length} warning(s) above.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Exit status of a finished run: 1, with the reason on stderr, when it fails the job. */
function failed(summary: RunSummary): number {
  if (!summary.failure) return 0;
  process.stderr.write(`news-mirror: the run failed: ${summary.failure}\n`);
  return 1;
}

function usageError(message: string): number {
  process.stderr.write(`news-mirror: ${message}\n\n${USAGE}\n`);
  return 2;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`news-mirror: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
