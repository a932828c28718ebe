// Bundles each entry point into one ESM file under dist/. The banner gives
// CommonJS dependencies bundled into ESM a working `require` for Node builtins.
import { build } from 'esbuild';

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
});
