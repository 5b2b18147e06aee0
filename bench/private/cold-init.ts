import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Run in a fresh `node`: imports the module, prints how long that took, and checks the export it must have. */
const IMPORT_AND_TIME = `
const started = performance.now();
const imported = await import(process.argv[1]);
const elapsedMs = performance.now() - started;
const expected = process.argv[2];
if (expected && typeof imported[expected] !== 'function') {
  console.error('exports no function named ' + expected);
  process.exit(3);
}
process.stdout.write(String(elapsedMs));
`;

/**
 * What a fresh process gets: what Lambda always sets for a function (its region) and nothing of
 * Braid's (no `BRAID_*`), so a module that reads its configuration at import fails here
 * instead of on AWS.
 */
const INIT_ENVIRONMENT = { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** A module to import in a fresh process. */
export interface ColdImport {
  readonly file: string;
  /** A function the module must export (e.g. `handler`). @default - none checked */
  readonly exportName?: string;
}

/** Milliseconds a fresh `node` process takes to import the module. Throws if the import fails. */
export function coldImportMs(target: ColdImport): number {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_AND_TIME, pathToFileURL(target.file).href, target.exportName ?? ''], {
    env: INIT_ENVIRONMENT,
    encoding: 'utf8',
  });
  const elapsedMs = Number(run.stdout);
  if (run.status !== 0 || run.stdout === '' || !Number.isFinite(elapsedMs)) {
    const lines = run.stderr.split('\n').map((line) => line.trim());
    const reason = lines.find((line) => /^[\w.]*(Error|Exception)\b/.test(line)) ?? lines.filter(Boolean).at(-1) ?? 'no output';
    throw new Error(`importing ${target.file} in a fresh node failed (exit ${run.status ?? run.signal}): ${reason}`);
  }
  return elapsedMs;
}

/** Medians of two cold imports measured side by side. */
export interface ColdInitComparison {
  readonly medianMs: number;
  readonly baselineMedianMs: number;
  /** `medianMs / baselineMedianMs`. */
  readonly ratio: number;
}

/**
 * Imports `subject` and `baseline` in fresh processes `runs` times each, interleaved (the pair
 * alternates which goes first) so load changes on a shared machine hit both alike, after one
 * discarded warm-up of each (file system cache).
 */
export function compareColdInit(subject: ColdImport, baseline: ColdImport, runs: number): ColdInitComparison {
  coldImportMs(subject);
  coldImportMs(baseline);
  const subjectMs: number[] = [];
  const baselineMs: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    if (run % 2 === 0) {
      subjectMs.push(coldImportMs(subject));
      baselineMs.push(coldImportMs(baseline));
    } else {
      baselineMs.push(coldImportMs(baseline));
      subjectMs.push(coldImportMs(subject));
    }
  }
  const medianMs = median(subjectMs);
  const baselineMedianMs = median(baselineMs);
  return { medianMs, baselineMedianMs, ratio: medianMs / baselineMedianMs };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
