import { execFileSync } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile, parseConfig, type Config } from './config/load.js';
import { parseBaseUrl } from './config/http-url.js';
import { parseShard, type Shard } from './config/shard.js';
import { DURATION_HINT, parseDuration } from './config/duration.js';
import { FAIL_ON, type FailOn } from './config/schema.js';
import { consoleLogger } from './log.js';
import { runPipeline, type RunSummary } from './pipeline.js';
import { createLocalPublisher, dryRun } from './publish/local.js';
import { DEMO_PORT, startDemoSite, demoConfig } from './demo/site.js';
import { channelStatus, everyChannelFailed } from './report/channel-status.js';
import { describeProblem } from './report/problems.js';
import { progressInterval } from './report/progress.js';
import { localMirrorFiles } from './verify/files.js';
import { reportJson, reportText } from './verify/report.js';
import { mirrorScope } from './plan/make-plan.js';
import { verifyMirror } from './verify/verify-mirror.js';

const RUN_HELP = `run   Runs the pipeline with DIR as the mirror's working copy: what DIR holds is
      the mirror's current state; the new state is written into DIR.
      --json      print a machine-readable summary on stdout (logs go to stderr)
      --dry-run   write nothing; report what would change
      --base-url  public URL prefix of the mirror's files (default: the config's
                  site.base-url, else from GITHUB_REPOSITORY or DIR's git remote)
      --shard K/N handle only the channels of shard K of N
      --fail-on   when failing channels fail the run: all-channels (default),
                  any-channel or never (default: the config's fail-on)
      --stale-after  a channel failing longer than this (e.g. 3d, 72h) fails
                  the run whatever --fail-on says (default: the config's, 3d)`;

const VERIFY_HELP = `verify Checks the mirror in DIR as it stands, writing nothing: manifests parse,
      every entry has its page and QR code, each QR code decodes to the page's
      public URL, relative links resolve, no file is orphaned, retention holds.
      --config    default: DIR/.github/news-mirror.yml
      --base-url  as for run (the config's site.base-url wins)
      --json      print the problems as JSON on stdout`;

const DEMO_HELP = `demo  Starts the bundled sample news site on 127.0.0.1, mirrors it into
      ./demo-mirror (or --out DIR), prints a summary and exits.
      --serve PORT     only serve the sample site on 127.0.0.1:PORT until stopped
                       (Ctrl-C, SIGTERM); prints its URL and a config reading it
      --print-config   print the config for a sample site served on --port PORT
                       (default ${DEMO_PORT}) and exit`;

const EXIT_HELP = `Exit status: 0 when the run completed (per-item warnings and failing channels
that fail-on allows included), 1 on a failed run (every channel failed, which
writes nothing; fail-on; stale-after), 2 on bad usage or a bad config.
verify: 0 on a sound mirror, 1 when it found problems (each named with its
file), 2 on bad usage or a bad config.`;

const USAGE = `news-mirror: mirror news feeds and pages into a Git repository's files

Usage:
  news-mirror run --config FILE --out DIR [--json] [--dry-run] [--base-url URL] [--shard K/N]
                  [--fail-on all-channels|any-channel|never] [--stale-after 3d] [--quiet]
  news-mirror verify --dir DIR [--config FILE] [--json] [--base-url URL]
  news-mirror demo [--out DIR] [--json]
  news-mirror demo --serve PORT | --print-config [--port PORT]
  news-mirror COMMAND --help | --help | --version

${RUN_HELP}
${VERIFY_HELP}
${DEMO_HELP}

${EXIT_HELP}`;

const COMMAND_HELP: Record<string, string> = {
  run: `Usage: news-mirror run --config FILE --out DIR [--json] [--dry-run] [--base-url URL] [--shard K/N] [--fail-on WHEN] [--stale-after DURATION] [--quiet]\n\n${RUN_HELP}\n\n${EXIT_HELP}`,
  verify: `Usage: news-mirror verify --dir DIR [--config FILE] [--json] [--base-url URL]\n\n${VERIFY_HELP}\n\n${EXIT_HELP}`,
  demo: `Usage: news-mirror demo [--out DIR] [--json]\n       news-mirror demo --serve PORT\n       news-mirror demo --print-config [--port PORT]\n\n${DEMO_HELP}`,
};

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
        dir: { type: 'string', short: 'd' },
        json: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'base-url': { type: 'string' },
        shard: { type: 'string' },
        'fail-on': { type: 'string' },
        'stale-after': { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
        serve: { type: 'string' },
        port: { type: 'string' },
        'print-config': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    return usageError((e as Error).message);
  }
  if (args.help) {
    const help = COMMAND_HELP[command];
    if (!help) return usageError(`unknown command "${command}"`);
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const logger = consoleLogger({ quiet: args.quiet });

  try {
    if (command === 'run') {
      if (!args.config) return usageError('run needs --config FILE');
      if (!args.out) return usageError('run needs --out DIR');
      const options = runOptions(args);
      if (typeof options === 'string') return usageError(options);
      const config = await loadConfigFile(args.config, ['name another file with `--config FILE`']);
      const out = resolve(args.out);
      const summary = await run(config, out, { ...options, logger });
      report(summary, out, args.json);
      return failed(summary);
    }
    if (command === 'demo' && args['print-config']) {
      const port = parsePort(args.port ?? String(DEMO_PORT));
      if (port === undefined) return usageError(`--port: expected a port number from 1 to 65535, got "${args.port}"`);
      process.stdout.write(demoConfig(`http://127.0.0.1:${port}`));
      return 0;
    }
    if (command === 'demo' && args.serve !== undefined) {
      const port = parsePort(args.serve);
      if (port === undefined) return usageError(`--serve: expected a port number from 1 to 65535, got "${args.serve}"`);
      return await serveDemo(port);
    }
    if (command === 'verify') {
      if (!args.dir) return usageError('verify needs --dir DIR');
      const dir = resolve(args.dir);
      if (!(await stat(dir).catch(() => undefined))?.isDirectory()) return usageError(`verify: ${dir} is not a directory`);
      const configFile = args.config ?? join(dir, '.github', 'news-mirror.yml');
      if (!args.config && !(await stat(configFile).catch(() => undefined))) return usageError(`verify needs the mirror's config: ${configFile} does not exist; pass --config FILE`);
      const config = await loadConfigFile(configFile);
      const options = runOptions({ 'base-url': args['base-url'] });
      if (typeof options === 'string') return usageError(options);
      const baseUrl = config.site.baseUrl ?? options.baseUrl ?? defaultBaseUrl(dir, logger);
      const { roots, files } = mirrorScope(config);
      const result = await verifyMirror(config, await localMirrorFiles(dir, roots, files), baseUrl);
      process.stdout.write(args.json ? reportJson(result, dir) : reportText(result, dir));
      return result.ok ? 0 : 1;
    }
    if (command === 'demo') {
      const out = resolve(args.out ?? 'demo-mirror');
      const options = runOptions(args);
      if (typeof options === 'string') return usageError(options);
      const site = await startDemoSite();
      try {
        logger.info(`Demo news site on ${site.origin} (loopback only)`);
        const config = parseConfig(demoConfig(site.origin), 'the demo config');
        const summary = await run(config, out, { ...options, logger });
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

interface RunOptions {
  dryRun: boolean;
  baseUrl?: string;
  shard?: Shard;
  failOn?: FailOn;
  staleAfterMs?: number;
}

/** The options checked before anything runs, or the usage error (exit 2) that names the bad one. */
function runOptions(args: { 'dry-run'?: boolean; 'base-url'?: string; shard?: string; 'fail-on'?: string; 'stale-after'?: string }): RunOptions | string {
  const failOn = args['fail-on'];
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) return `--fail-on: expected ${FAIL_ON.join(', ')}, got "${failOn}"`;
  const staleAfter = args['stale-after'];
  const staleAfterMs = staleAfter === undefined ? undefined : parseDuration(staleAfter);
  if (staleAfter !== undefined && staleAfterMs === undefined) return `--stale-after: expected ${DURATION_HINT}, got "${staleAfter}"`;
  try {
    return {
      dryRun: args['dry-run'] ?? false,
      baseUrl: parseBaseUrl('--base-url', args['base-url']),
      shard: parseShard(args.shard),
      ...(failOn !== undefined ? { failOn: failOn as FailOn } : {}),
      ...(staleAfterMs !== undefined ? { staleAfterMs } : {}),
    };
  } catch (e) {
    return (e as Error).message.replace(/^shard:/, '--shard:');
  }
}

async function run(config: Config, out: string, options: RunOptions & { logger: ReturnType<typeof consoleLogger> }): Promise<RunSummary> {
  await mkdir(out, { recursive: true });
  const local = createLocalPublisher(out);
  return runPipeline({
    config,
    publisher: options.dryRun ? dryRun(local) : local,
    logger: options.logger,
    baseUrl: options.baseUrl ?? config.site.baseUrl ?? defaultBaseUrl(out, options.logger),
    shard: options.shard,
    progressIntervalMs: progressInterval(),
    failOn: options.failOn,
    staleAfterMs: options.staleAfterMs,
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
      rerendered: summary.rerendered ?? [],
      orphans: summary.orphans ?? [],
      removedChannels: summary.removedChannels ?? [],
      channels: summary.channels,
      warnings: summary.warnings,
      problems: summary.problems ?? [],
      message: summary.message.title,
      ...(summary.failure && { failure: summary.failure }),
    };
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  const allFailed = everyChannelFailed(summary.channels);
  const lines = [
    '',
    allFailed
      ? `Nothing written to ${out}: every channel failed.`
      : `${summary.dryRun ? 'Would write' : 'Wrote'} ${out}: ${summary.newArticles} new articles; ${summary.added.length} files added, ${summary.changed.length} changed, ${summary.deleted.length} deleted.`,
  ];
  for (const c of summary.channels) {
    const status = c.error ? `${channelStatus(c)}: ${c.error}` : `${c.new} new, ${c.removed} removed, ${c.skipped.length} skipped: ${channelStatus(c)}`;
    lines.push(`  ${c.id.padEnd(16)} ${status}`);
  }
  if (summary.rerendered?.length) lines.push(`Re-rendered ${summary.rerendered.length} held pages with the new site chrome.`);
  if (summary.orphans?.length) lines.push(`Pruned ${summary.orphans.length} files no manifest claimed: ${summary.orphans.join(', ')}`);
  for (const r of summary.removedChannels ?? []) {
    lines.push(`  ${r.id.padEnd(16)} not in the config: ${r.files} files ${r.pruned ? 'deleted' : 'kept (prune-removed-channels: true deletes them)'}`);
  }
  const problems = summary.problems ?? [];
  const warnings = problems.filter((p) => p.level === 'warning');
  const notes = problems.filter((p) => p.level === 'info');
  if (warnings.length > 0) lines.push('', `${warnings.length} problem(s):`, ...warnings.map((p) => `  - ${describeProblem(p)}`));
  if (notes.length > 0) lines.push('', 'Left out on purpose, or config that did nothing:', ...notes.map((p) => `  - ${describeProblem(p)}`));
  process.stdout.write(`${lines.join('\n')}\n`);
}

function parsePort(text: string): number | undefined {
  const n = Number(text);
  return /^\d+$/.test(text) && n >= 1 && n <= 65_535 ? n : undefined;
}

/** Serves the sample site until SIGINT or SIGTERM, so a workflow or a person can point a mirror at it. */
async function serveDemo(port: number): Promise<number> {
  // The port is the one asked for: the printed config names it, so no fallback to another.
  const site = await startDemoSite(port, { anyPortIfBusy: false });
  process.stdout.write(
    `Demo news site on ${site.origin} (loopback only); Ctrl-C stops it.\n` +
      `Config reading it (also: news-mirror demo --print-config --port ${port}):\n\n${demoConfig(site.origin)}`,
  );
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
  await site.close();
  process.stdout.write('Demo news site stopped.\n');
  return 0;
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
