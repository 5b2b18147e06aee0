/**
 * Prints, for every Lambda function Braid deploys, the size of the bundle CDK builds for it and
 * its cold init: a fresh `node` importing the bundle against a fresh `node` importing just the
 * AWS SDK packages that bundle imports (which the Lambda runtime provides), measured side by
 * side, interleaved, medians of `--runs` each. Exits 1 when a bundle misses a goal: at most
 * 150,000 bytes minified, and init at most 1.5 times its SDK-only import.
 *
 *   npm run bench:bundles                       # or: npx tsx bench/bundles.ts [--runs 15] [--only Detect]
 *
 * The functions and their bundles come from CDK itself: the example stack (and the optional
 * RolloutOnDeploy functions) is built with local esbuild exactly as `cdk synth` builds it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../infra/private/paths.js';
import { compareColdInit, type ColdInitComparison } from './private/cold-init.js';
import { deployedBundles } from './private/deployed-bundles.js';
import { runtimeImports } from './private/runtime-imports.js';

const MAX_BUNDLE_BYTES = 150_000;
const MAX_INIT_RATIO = 1.5;

const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '15' }, only: { type: 'string' } } });
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1, got ${options.runs}`);

interface Row {
  readonly name: string;
  readonly bytes: number;
  readonly sdk: readonly string[];
  readonly init: ColdInitComparison;
}

const outdir = mkdtempSync(join(tmpdir(), 'braid-bundles-'));
// Bundles import the SDK by bare name: they are copied below node_modules so Node resolves it
// from the project's dependencies, as the runtime does from its own.
const scratch = join(PROJECT_ROOT, 'node_modules', '.cache', 'braid-bench-bundles');
const rows: Row[] = [];
try {
  mkdirSync(scratch, { recursive: true });
  const bundles = deployedBundles(outdir).filter((bundle) => !options.only || bundle.name.includes(options.only));
  if (bundles.length === 0) throw new Error(`no deployed function matches --only ${options.only}`);
  console.log(`\nload before measuring: ${uptime()}`);
  console.log(`cold init: ${runs} fresh imports of each bundle and of its SDK-only import, interleaved\n`);
  for (const [index, bundle] of bundles.entries()) {
    const file = join(scratch, `bundle-${index}.mjs`);
    copyFileSync(bundle.file, file);
    const sdk = await runtimeImports(file);
    const sdkOnly = join(scratch, `sdk-${index}.mjs`);
    writeFileSync(sdkOnly, sdk.map((name) => `import ${JSON.stringify(name)};\n`).join(''));
    const init = compareColdInit({ file, exportName: 'handler' }, { file: sdkOnly }, runs);
    rows.push({ name: bundle.name, bytes: statSync(file).size, sdk, init });
    process.stderr.write(`measured ${bundle.name}\n`);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}

const bytesMet = (row: Row) => row.bytes <= MAX_BUNDLE_BYTES;
const initMet = (row: Row) => row.init.ratio <= MAX_INIT_RATIO;
printTable(
  ['entry', 'bytes', 'SDK clients', 'bundle ms', 'SDK-only ms', 'ratio', 'goals'],
  rows.map((row) => [
    row.name,
    row.bytes.toLocaleString('en-US'),
    row.sdk.map((name) => name.replace(/^@aws-sdk\/(client-)?/, '')).join(' ') || '-',
    row.init.medianMs.toFixed(0),
    row.init.baselineMedianMs.toFixed(0),
    `${row.init.ratio.toFixed(2)}x`,
    bytesMet(row) && initMet(row) ? 'met' : `MISSED (${[bytesMet(row) ? '' : 'size', initMet(row) ? '' : 'init'].filter(Boolean).join(', ')})`,
  ]),
);
const missed = rows.filter((row) => !bytesMet(row) || !initMet(row));
console.log(`\ngoals: bundle <= ${MAX_BUNDLE_BYTES.toLocaleString('en-US')} bytes minified; init <= ${MAX_INIT_RATIO}x the SDK-only import (medians)`);
console.log(`${rows.length - missed.length} of ${rows.length} functions meet both goals`);
console.log(`load after measuring: ${uptime()}`);
if (missed.length > 0) process.exitCode = 1;

function uptime(): string {
  return execFileSync('uptime', { encoding: 'utf8' }).trim();
}

function printTable(header: readonly string[], body: readonly (readonly string[])[]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => row[column]!.length)));
  // Text columns left, figures right.
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 || column === 2 || column === 6 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of body) console.log(line(row));
}
