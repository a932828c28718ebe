// Writes the README's inputs and outputs tables from action.yml, so the two
// cannot drift apart: `node scripts/action-tables.mjs --write` after changing
// action.yml (test/action/metadata.test.ts fails until the README matches).
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const action = parse(readFileSync('action.yml', 'utf8'), { version: '1.2', uniqueKeys: true, strict: true });
const cell = (s) => String(s).replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
const code = (s) => (s === '' ? '' : `\`${s}\``);

function inputsTable(inputs) {
  const rows = Object.entries(inputs ?? {}).map(
    ([name, i]) => `| \`${name}\` | ${i.required === true ? 'yes' : 'no'} | ${cell(code(i.default ?? ''))} | ${cell(i.description)} |`,
  );
  return ['| input | required | default | what it does |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function outputsTable(outputs) {
  const rows = Object.entries(outputs ?? {}).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`);
  return ['| output | what it holds |', '| --- | --- |', ...rows].join('\n');
}

function replaceBetween(text, marker, body) {
  const re = new RegExp(`(<!-- ${marker}:start[^>]*-->\\n)[\\s\\S]*?(<!-- ${marker}:end -->)`);
  if (!re.test(text)) throw new Error(`README.md has no <!-- ${marker}:start --> … <!-- ${marker}:end --> block`);
  return text.replace(re, (_, a, b) => `${a}${body}\n${b}`);
}

const readme = readFileSync('README.md', 'utf8');
const next = replaceBetween(replaceBetween(readme, 'inputs', inputsTable(action.inputs)), 'outputs', outputsTable(action.outputs));
if (process.argv.includes('--write')) {
  writeFileSync('README.md', next);
  console.log(next === readme ? 'README.md tables already match action.yml.' : 'README.md tables rewritten from action.yml.');
} else if (next !== readme) {
  console.error('README.md inputs/outputs tables differ from action.yml: run node scripts/action-tables.mjs --write');
  process.exit(1);
}
