// Every workflow GitHub reads from .github/workflows/ and every YAML example a
// user pastes from the README: strict YAML, complete, on action majors that
// run on Node 24, with a job timeout, and no step that hides a failure.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { fencedBlocks } from '../helpers/markdown.js';
import { parseStrictYaml } from '../helpers/strict-yaml.js';

/**
 * Lowest major of each action that runs on Node 24 (its action.yml says
 * `using: node24`). An action not listed here fails the test: look its
 * runtime up and add it.
 */
const NODE24_MAJORS: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/create-github-app-token': 3,
};
/** This action itself: `./` in its own CI, OWNER/news-mirror in the README (action.yml: node24, checked in metadata.test.ts). */
const THIS_ACTION = /^(\.\/|[A-Za-z0-9_.-]+\/news-mirror@v\d+(\.\d+\.\d+)?)$/;

type Step = { uses?: unknown; run?: unknown; with?: Record<string, unknown>; shell?: unknown };
type Job = { 'runs-on'?: unknown; steps?: Step[]; uses?: unknown; 'timeout-minutes'?: unknown };
type Workflow = { on?: unknown; jobs?: Record<string, Job> };

function workflowProblems(wf: Workflow, where: string): string[] {
  const problems: string[] = [];
  if (wf.on === undefined) problems.push(`${where}: no \`on:\``);
  if (!wf.jobs || Object.keys(wf.jobs).length === 0) return [...problems, `${where}: no \`jobs:\``];
  for (const [id, job] of Object.entries(wf.jobs)) {
    const at = `${where} jobs.${id}`;
    if (job.uses !== undefined) continue; // a reusable workflow call has no steps of its own
    if (job['runs-on'] === undefined) problems.push(`${at}: no runs-on`);
    if (typeof job['timeout-minutes'] !== 'number') problems.push(`${at}: no timeout-minutes (the default is 360)`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) {
      problems.push(`${at}: no steps`);
      continue;
    }
    job.steps.forEach((step, k) => problems.push(...stepProblems(step, `${at}.steps[${k}]`)));
  }
  return problems;
}

function stepProblems(step: Step, at: string): string[] {
  const problems: string[] = [];
  if (typeof step.uses === 'string') {
    const uses = step.uses;
    if (!THIS_ACTION.test(uses)) {
      const m = /^([^@]+)@v(\d+)(?:\.\d+)*$/.exec(uses);
      const min = m ? NODE24_MAJORS[m[1]!] : undefined;
      if (!m || min === undefined) problems.push(`${at}: ${uses} is not in the table of actions known to run on Node 24`);
      else if (Number(m[2]) < min) problems.push(`${at}: ${uses} runs on an older Node; use ${m[1]}@v${min}`);
    }
    if (typeof step.with?.config === 'string' && !step.with.config.includes('${{')) {
      try {
        parseConfig(step.with.config, `${at} with.config`);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
  }
  if (typeof step.run === 'string') {
    if (/\|\|\s*(echo|true|:)\b/.test(step.run)) problems.push(`${at}: \`|| ${/\|\|\s*(\S+)/.exec(step.run)![1]}\` hides a failure:\n${step.run}`);
    if (step.shell === undefined || step.shell === 'bash') {
      try {
        execFileSync('bash', ['-n'], { input: step.run, stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (e) {
        problems.push(`${at}: the run script is not valid bash: ${(e as { stderr?: Buffer }).stderr?.toString()}`);
      }
    }
  }
  return problems;
}

const workflowFiles = readdirSync('.github/workflows').filter((f) => /\.ya?ml$/.test(f));

describe('.github/workflows', () => {
  it('holds the CI and release workflows', () => {
    expect(workflowFiles.sort()).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  for (const file of workflowFiles) {
    it(`${file} parses strictly and is a complete workflow on Node 24 actions`, () => {
      const wf = parseStrictYaml(readFileSync(join('.github/workflows', file), 'utf8'), file) as Workflow;
      expect(workflowProblems(wf, file)).toEqual([]);
    });
  }
});

describe("ci.yml's self-test job", () => {
  it('runs the action with `uses: ./` in mode local against the served demo site, checks it, then dry-runs', () => {
    const wf = parseStrictYaml(readFileSync('.github/workflows/ci.yml', 'utf8'), 'ci.yml') as Workflow;
    const steps = wf.jobs?.['self-test']?.steps ?? [];
    const runs = steps.map((s) => (typeof s.run === 'string' ? s.run : '')).join('\n');
    const own = steps.filter((s) => s.uses === './');
    expect(runs).toMatch(/node dist\/cli\.js demo --serve \S+ .*&\n/);
    expect(own.map((s) => [s.with?.mode, s.with?.['dry-run'] ?? 'false'])).toEqual([
      ['local', 'false'],
      ['local', 'true'],
    ]);
    expect(runs).toContain('node scripts/self-test.mjs check ');
    expect(runs).toContain('node scripts/self-test.mjs check-untouched ');
    expect(runs).toContain('zbar-tools');
  });
});

describe("README's YAML examples", () => {
  const blocks = fencedBlocks(readFileSync('README.md', 'utf8')).filter((b) => b.lang === 'yaml' || b.lang === 'yml');

  it('are there: config and workflows', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  for (const block of blocks) {
    const where = `README.md line ${block.line}`;
    it(`${where} parses strictly and pastes as it stands`, () => {
      const fragments = block.text.split('\n').filter((l) => /^\s*#\s*(…|\.\.\.)/.test(l));
      expect(fragments, `${where}: a fragment marker, not a complete example`).toEqual([]);
      const doc = parseStrictYaml(block.text, where) as Record<string, unknown>;
      expect(doc !== null && typeof doc === 'object', `${where}: not a mapping`).toBe(true);
      if ('channels' in doc) {
        expect(() => parseConfig(block.text, where)).not.toThrow();
      } else {
        expect('jobs' in doc, `${where}: neither a config (channels:) nor a workflow (on:, jobs:)`).toBe(true);
        expect(workflowProblems(doc as Workflow, where)).toEqual([]);
      }
    });
  }
});

describe('the workflow checks catch what they are for', () => {
  const wf = (steps: Step[], extra: Partial<Job> = { 'timeout-minutes': 10 }): Workflow => ({ on: { push: null }, jobs: { j: { 'runs-on': 'ubuntu-latest', ...extra, steps } } });
  it('flags Node 20 majors, unknown actions, hidden failures and a missing timeout', () => {
    expect(workflowProblems(wf([{ uses: 'actions/checkout@v4' }]), 'w')).toEqual(['w jobs.j.steps[0]: actions/checkout@v4 runs on an older Node; use actions/checkout@v5']);
    expect(workflowProblems(wf([{ uses: 'someone/thing@v9' }]), 'w')[0]).toContain('not in the table');
    expect(workflowProblems(wf([{ run: 'git push || echo "nothing new"' }]), 'w')[0]).toContain('hides a failure');
    expect(workflowProblems(wf([{ run: 'true' }], {}), 'w')).toEqual(['w jobs.j: no timeout-minutes (the default is 360)']);
    expect(workflowProblems(wf([{ run: 'if then fi' }]), 'w')[0]).toContain('not valid bash');
  });
});
