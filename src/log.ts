import type { Logger } from './types.js';

/** Logger for the command line: everything to stderr, so `--json` output on stdout stays clean. */
export function consoleLogger(opts: { quiet?: boolean; verbose?: boolean } = {}): Logger {
  let indent = '';
  const write = (line: string) => process.stderr.write(`${indent}${line}\n`);
  return {
    info: (m) => {
      if (!opts.quiet) write(m);
    },
    warn: (m) => write(`warning: ${m}`),
    debug: (m) => {
      if (opts.verbose) write(m);
    },
    async group(name, fn) {
      if (!opts.quiet) write(`▸ ${name}`);
      const outer = indent;
      indent = `${outer}  `;
      try {
        return await fn();
      } finally {
        indent = outer;
      }
    },
  };
}

/**
 * Collects a task's log lines so concurrent channels can run at once and
 * still print as one tidy group each, in config order.
 */
export function bufferedLogger(): Logger & { replay(into: Logger): void } {
  const lines: Array<['info' | 'warn' | 'debug', string]> = [];
  return {
    info: (m) => void lines.push(['info', m]),
    warn: (m) => void lines.push(['warn', m]),
    debug: (m) => void lines.push(['debug', m]),
    group: (_name, fn) => fn(),
    replay(into) {
      for (const [level, m] of lines) into[level](m);
    },
  };
}
