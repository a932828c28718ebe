// Bundles the two entry points (the Action, dist/index.js; the command line,
// dist/cli.js) as ESM under dist/. They share their code through chunks in
// dist/chunks/, and what only some runs need is a chunk loaded on first use
// (OpenCC's dictionaries, 1.2 MB, only for channels that convert scripts), so
// neither is parsed and held by a run that does not use it. The banner gives
// CommonJS dependencies bundled into ESM a working `require` for Node
// builtins.
//
// The bundles are pure ASCII. V8 keeps a module's source text for as long as
// the module lives, one byte per character when every character fits in
// Latin-1 and two bytes otherwise: one curly quote in a dependency's comment
// made the 8 MB bundle 13 MB of heap, and V8 sizes the heap a run may grow to
// from what it holds, so every run paid for it several times over (see
// BENCHMARKS.md, "new articles"). esbuild's `charset: 'ascii'` escapes strings
// and identifiers; asciiOnly() escapes what it leaves (regular expression
// literals, comments).
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { asciiOnly } from './ascii-only.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const banner = {
  js: "import { createRequire as __nmCreateRequire } from 'node:module'; const require = __nmCreateRequire(import.meta.url);",
};

// Chunk names carry a hash of their content: the old ones must not linger.
rmSync('dist/chunks', { recursive: true, force: true });
const result = await build({
  entryPoints: { index: 'src/main.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner,
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'ascii',
  define: { __VERSION__: JSON.stringify(pkg.version) },
});

for (const file of Object.keys(result.metafile.outputs)) writeFileSync(file, asciiOnly(readFileSync(file, 'utf8')));

// npm's `bin` (npx news-mirror) executes dist/cli.js itself: it needs the
// shebang on its first line and the executable bit (committed as 100755).
const SHEBANG = '#!/usr/bin/env node\n';
const cli = readFileSync('dist/cli.js', 'utf8');
if (!cli.startsWith(SHEBANG)) writeFileSync('dist/cli.js', SHEBANG + cli);
chmodSync('dist/cli.js', 0o755);
