// Bundles each entry point into one ESM file under dist/. The banner gives
// CommonJS dependencies bundled into ESM a working `require` for Node builtins.
import { readFileSync } from 'node:fs';
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
