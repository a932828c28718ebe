// action.yml as GitHub reads it: strict YAML 1.2 and valid action metadata,
// declaring exactly the inputs the code reads, with the README's tables in step.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/publish/github/inputs.js';
import { tableBetween, unquoteCode } from '../helpers/markdown.js';
import { parseStrictYaml } from '../helpers/strict-yaml.js';
import { BRANDING_COLORS, BRANDING_ICONS } from './github-branding.js';

interface ActionInput {
  description?: unknown;
  required?: unknown;
  default?: unknown;
  deprecationMessage?: unknown;
}
interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  author?: unknown;
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: unknown }>;
  runs?: { using?: unknown; main?: unknown; pre?: unknown; post?: unknown };
  branding?: { icon?: unknown; color?: unknown };
}

const action = parseStrictYaml(readFileSync('action.yml', 'utf8'), 'action.yml') as ActionMetadata;
const inputs = action.inputs ?? {};
const outputs = action.outputs ?? {};

describe('action.yml', () => {
  it('has only the top-level keys GitHub knows, and a name and description', () => {
    expect(Object.keys(action).filter((k) => !['name', 'description', 'author', 'inputs', 'outputs', 'runs', 'branding'].includes(k))).toEqual([]);
    expect(typeof action.name === 'string' && action.name.trim()).toBeTruthy();
    expect(typeof action.description === 'string' && action.description.trim()).toBeTruthy();
  });

  it('describes every input, with a string default or required: true', () => {
    const bad = Object.entries(inputs).flatMap(([name, i]) => {
      const problems: string[] = [];
      if (!/^[_a-zA-Z][a-zA-Z0-9_-]*$/.test(name)) problems.push('not a valid input id');
      if (name !== name.toLowerCase()) problems.push('has upper case (the runner lowercases input ids)');
      const unknown = Object.keys(i ?? {}).filter((k) => !['description', 'required', 'default', 'deprecationMessage'].includes(k));
      if (unknown.length) problems.push(`unknown keys ${unknown.join(', ')}`);
      if (typeof i?.description !== 'string' || !i.description.trim()) problems.push('no description');
      if (i?.required !== undefined && typeof i.required !== 'boolean') problems.push('required is not true/false');
      if (i?.required !== true && typeof i?.default !== 'string') problems.push(`default is ${JSON.stringify(i?.default)}, not a string (quote it)`);
      return problems.map((p) => `inputs.${name}: ${p}`);
    });
    expect(bad).toEqual([]);
    expect(Object.keys(inputs).length).toBeGreaterThan(0);
  });

  it('describes every output', () => {
    const bad = Object.entries(outputs).filter(([, o]) => typeof o?.description !== 'string' || !o.description.trim() || Object.keys(o).some((k) => k !== 'description'));
    expect(bad.map(([n]) => n)).toEqual([]);
  });

  it('runs on node24 from a bundle that exists', () => {
    expect(action.runs?.using).toBe('node24');
    expect(Object.keys(action.runs ?? {}).filter((k) => !['using', 'main', 'pre', 'post', 'pre-if', 'post-if'].includes(k))).toEqual([]);
    expect(typeof action.runs?.main).toBe('string');
    const main = action.runs!.main as string;
    expect(existsSync(main) && statSync(main).isFile(), `runs.main ${main} is not a file (npm run build)`).toBe(true);
  });

  it("uses one of GitHub's branding icons and colours", () => {
    expect(BRANDING_ICONS.has(String(action.branding?.icon)), `branding.icon ${String(action.branding?.icon)}`).toBe(true);
    expect(BRANDING_COLORS.has(String(action.branding?.color)), `branding.color ${String(action.branding?.color)}`).toBe(true);
  });

  it('declares exactly the inputs the code reads', () => {
    const read = inputsReadByCode();
    // The scan finds what readInputs asks for at run time, so it cannot miss a literal it does not know.
    const asked = new Set<string>();
    readInputs((name) => {
      asked.add(name);
      return '';
    });
    expect([...asked].filter((n) => !read.has(n))).toEqual([]);
    expect([...read].sort()).toEqual(Object.keys(inputs).sort());
  });
});

describe("README's inputs and outputs tables", () => {
  const readme = readFileSync('README.md', 'utf8');

  it('list every input of action.yml with its default and whether it is required', () => {
    const rows = tableBetween(readme, 'inputs');
    const fromReadme = rows.map((r) => ({ name: unquoteCode(r.input ?? ''), required: r.required, default: unquoteCode(r.default ?? '') }));
    const fromAction = Object.entries(inputs).map(([name, i]) => ({ name, required: i.required === true ? 'yes' : 'no', default: String(i.default ?? '') }));
    expect(fromReadme).toEqual(fromAction);
    expect(rows.every((r) => (r['what it does'] ?? '').length > 0)).toBe(true);
  });

  it('list every output of action.yml', () => {
    const rows = tableBetween(readme, 'outputs');
    expect(rows.map((r) => unquoteCode(r.output ?? ''))).toEqual(Object.keys(outputs));
    expect(rows.every((r) => (r['what it holds'] ?? '').length > 0)).toBe(true);
  });
});

/**
 * Input names as src/ reads them: literals passed to @actions/core's getInput
 * family anywhere, and to the `get` that readInputs is handed (core.getInput).
 */
function inputsReadByCode(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bget(?:Boolean|Multiline)?Input\(\s*['"`]([^'"`]+)['"`]/g)) names.add(m[1]!);
    if (file.endsWith(join('github', 'inputs.ts'))) for (const m of text.matchAll(/\bget\(\s*['"`]([^'"`]+)['"`]/g)) names.add(m[1]!);
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}
