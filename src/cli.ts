import { execFileSync } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile, parseConfig, type Config } from './config/load.js';
import { parseShard } from './config/shard.js';
import { consoleLogger } from './log.js';
import { runPipeline, type RunSummary } from './pipeline.js';
import { createLocalPublisher, dryRun } from './publish/local.js';
import { startDemoSite, demoConfig } from './demo/site.js';
import { localMirrorFiles } from './verify/files.js';
import { reportJson, reportText } from './verify/report.js';
import { mirrorScope, verifyMirror } from './verify/verify-mirror.js';

const USAGE = `news-mirror: mirror news feeds and pages into a Git repository's files

Usage:
  news-mirror run --config FILE --out DIR [--json] [--dry-run] [--base-url URL] [--shard K/N] [--quiet]
  news-mirror verify --dir DIR [--config FILE] [--json] [--base-url URL]
  news-mirror demo [--out DIR] [--json]
  news-mirror --help | --version

run   Runs the pipeline with DIR as the mirror's working copy: what DIR holds is
      the mirror's current state; the new state is written into DIR.
      --json      print a machine-readable summary on stdout (logs go to stderr)
      --dry-run   write nothing; report what would change
      --base-url  public URL prefix of the mirror's files (default: the config's
                  site.base-url, else from GITHUB_REPOSITORY or DIR's git remote)
      --shard K/N handle only the channels of shard K of N
verify Checks the mirror in DIR as it stands, writing nothing: manifests parse,
      every entry has its page and QR code, each QR code decodes to the page's
      public URL, relative links resolve, no file is orphaned, retention holds.
      --config    default: DIR/.github/news-mirror.yml
      --base-url  as for run (the config's site.base-url wins)
demo  Starts the bundled sample news site on 127.0.0.1, mirrors it into
      ./demo-mirror (or --out DIR), prints a summary and exits.

Exit status: 0 when the run completed (per-item warnings included), 1 on a
failed run, 2 on bad usage or a bad config. verify: 0 on a sound mirror, 1
when it found problems (each named with its file).`;

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
        quiet: { type: 'boolean', short: 'q', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    return usageError((e as Error).message);
  }
  const logger = consoleLogger({ quiet: args.quiet });

  try {
    if (command === 'run') {
      if (!args.config) return usageError('run needs --config FILE');
      if (!args.out) return usageError('run needs --out DIR');
      const config = await loadConfigFile(args.config);
      const out = resolve(args.out);
      const summary = await run(config, out, { ...args, logger });
      report(summary, out, args.json);
      return 0;
    }
    if (command === 'verify') {
      if (!args.dir) return usageError('verify needs --dir DIR');
      const dir = resolve(args.dir);
      if (!(await stat(dir).catch(() => undefined))?.isDirectory()) return usageError(`verify: ${dir} is not a directory`);
      const configFile = args.config ?? join(dir, '.github', 'news-mirror.yml');
      if (!args.config && !(await stat(configFile).catch(() => undefined))) return usageError(`verify needs the mirror's config: ${configFile} does not exist; pass --config FILE`);
      const config = await loadConfigFile(configFile);
      const baseUrl = config.site.baseUrl ?? args['base-url'] ?? defaultBaseUrl(dir, logger);
      const { roots, files } = mirrorScope(config);
      const result = await verifyMirror(config, await localMirrorFiles(dir, roots, files), baseUrl);
      process.stdout.write(args.json ? reportJson(result, dir) : reportText(result, dir));
      return result.ok ? 0 : 1;
    }
    if (command === 'demo') {
      const out = resolve(args.out ?? 'demo-mirror');
      const site = await startDemoSite();
      try {
        logger.info(`Demo news site on ${site.origin} (loopback only)`);
        const config = parseConfig(demoConfig(site.origin), 'the demo config');
        const summary = await run(config, out, { ...args, logger });
        report(summary, out, args.json);
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
  args: { 'dry-run'?: boolean; 'base-url'?: string; shard?: string; logger: ReturnType<typeof consoleLogger> },
): Promise<RunSummary> {
  await mkdir(out, { recursive: true });
  const local = createLocalPublisher(out);
  return runPipeline({
    config,
    publisher: args['dry-run'] ? dryRun(local) : local,
    logger: args.logger,
    baseUrl: args['base-url'] ?? config.site.baseUrl ?? defaultBaseUrl(out, args.logger),
    shard: parseShard(args.shard),
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
    };
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  const lines = [
    '',
    `${summary.dryRun ? 'Would write' : 'Wrote'} ${out}: ${summary.newArticles} new articles; ${summary.added.length} files added, ${summary.changed.length} changed, ${summary.deleted.length} deleted.`,
  ];
  for (const c of summary.channels) {
    const status = c.error ? `FAILED: ${c.error}` : `${c.new} new, ${c.removed} removed, ${c.skipped.length} skipped`;
    lines.push(`  ${c.id.padEnd(16)} ${status}`);
  }
  if (summary.warnings.length > 0) lines.push(`${summary.warnings.length} warning(s) above.`);
  process.stdout.write(`${lines.join('\n')}\n`);
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
