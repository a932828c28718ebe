// Bundles each entry point into one ESM file under dist/. The banner gives
// CommonJS dependencies bundled into ESM a working `require` for Node builtins.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

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
  charset: 'utf8',
  define: { __VERSION__: JSON.stringify(pkg.version) },
});

// npm's `bin` (npx news-mirror) executes dist/cli.js itself: it needs the
// shebang on its first line and the executable bit (committed as 100755).
const SHEBANG = '#!/usr/bin/env node\n';
const cli = readFileSync('dist/cli.js', 'utf8');
if (!cli.startsWith(SHEBANG)) writeFileSync('dist/cli.js', SHEBANG + cli);
chmodSync('dist/cli.js', 0o755);
