// Command-line flags of `npm run bench -- [flags]`.
import { parseArgs } from 'node:util';

export const SECTIONS = ['first-run', 'stages', 'github', 'memory', 'new-articles', 'cold-start'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchArgs {
  latencyMs: number;
  json: boolean;
  sections: Section[];
  /** First runs per layout. */
  repeat: number;
  coldRuns: number;
  /** Another build's cli.js, measured side by side in new-articles. */
  baselineCli?: string;
}

export const USAGE = `npm run bench -- [--latency MS] [--repeat N] [--cold-runs N] [--only ${SECTIONS.join(',')}] [--json]
  --latency MS   latency the site adds to every response (default 100, 0..2000)
  --repeat N     first runs per layout, and runs per size in new-articles (default 2, 1..10); the median is the figure
  --baseline-cli PATH  in new-articles, also run this cli.js (a build of another commit) side by side
  --cold-runs N  cold starts of dist/index.js (default 7, 1..50)
  --only LIST    run only these sections (comma-separated)
  --json         print one JSON document instead of tables`;

function intIn(name: string, v: string | undefined, fallback: number, min: number, max: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new Error(`--${name}: expected a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      latency: { type: 'string' },
      repeat: { type: 'string' },
      'cold-runs': { type: 'string' },
      'baseline-cli': { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const sections = values.only ? values.only.split(',').map((s) => s.trim()) : [...SECTIONS];
  for (const s of sections) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section "${s}" (one of ${SECTIONS.join(', ')})`);
  return {
    latencyMs: intIn('latency', values.latency, 100, 0, 2000),
    json: values.json ?? false,
    sections: sections as Section[],
    repeat: intIn('repeat', values.repeat, 2, 1, 10),
    coldRuns: intIn('cold-runs', values['cold-runs'], 7, 1, 50),
    ...(values['baseline-cli'] ? { baselineCli: values['baseline-cli'] } : {}),
  };
}
