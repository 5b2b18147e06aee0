#!/usr/bin/env node
// Compiles the `braid` command to JavaScript (dist/braid.js and its chunks), so it starts without
// transpiling TypeScript. `npm ci` runs it through the `prepare` script; `npm run build` after
// changing the sources. Usage: node scripts/build-cli.js [--outdir <dir>]
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--outdir');
const outdir = resolve(flag === -1 ? join(ROOT, 'dist') : process.argv[flag + 1]);

/**
 * Modules that find files next to themselves (the state machine definitions, the DynamoDB Local
 * cache) do so from `import.meta.url`; in a bundle that is the chunk's URL, so it is rewritten to
 * the source file's location, relative to the chunk (every chunk is in `outdir` itself).
 */
const sourceLocation = {
  name: 'source-import-meta-url',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromChunk = relative(outdir, args.path).split(sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: { braid: './cli/bin/braid.ts' },
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  // Each command's action is a dynamic import: its own chunk, loaded only when the command runs.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies load from node_modules as they are; only Braid's own TypeScript is compiled.
  packages: 'external',
  plugins: [sourceLocation],
  logLevel: 'warning',
});
chmodSync(join(outdir, 'braid.js'), 0o755);
