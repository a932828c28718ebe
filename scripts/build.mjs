// Bundles each entry point into one ESM file under dist/. The banner gives
// CommonJS dependencies bundled into ESM a working `require` for Node builtins.
//
// The bundles are pure ASCII. V8 keeps a module's source text for as long as
// the module lives, one byte per character when every character fits in
// Latin-1 and two bytes otherwise: one curly quote in a dependency's comment
// made the 8 MB bundle 16 MB of heap, and V8 sizes the heap a run may grow to
// from what it holds, so every run paid for it several times over (see
// BENCHMARKS.md, "new articles"). esbuild's `charset: 'ascii'` escapes strings
// and identifiers; asciiOnly() escapes what it leaves (regular expression
// literals, comments).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { asciiOnly } from './ascii-only.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const banner = {
  js: "import { createRequire as __nmCreateRequire } from 'node:module'; const require = __nmCreateRequire(import.meta.url);",
};

await build({
  entryPoints: { index: 'src/main.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
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

for (const file of ['dist/index.js', 'dist/cli.js']) writeFileSync(file, asciiOnly(readFileSync(file, 'utf8')));

// npm's `bin` (npx news-mirror) executes dist/cli.js itself: it needs the
// shebang on its first line and the executable bit (committed as 100755).
const SHEBANG = '#!/usr/bin/env node\n';
const cli = readFileSync('dist/cli.js', 'utf8');
if (!cli.startsWith(SHEBANG)) writeFileSync('dist/cli.js', SHEBANG + cli);
chmodSync('dist/cli.js', 0o755);
