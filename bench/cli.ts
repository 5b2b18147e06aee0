/**
 * How fast the `braid` command answers, measured on the compiled bin as `npm ci` builds it:
 * `braid --help`, two validation errors (an invalid scenario file, a rollout start the state
 * machine would refuse), and `npm start` (the bundled scenarios, DynamoDB Local included). Prints
 * the median of several runs with the machine's load, and exits 1 when a goal is missed, when
 * two runs of `npm start` print different output, or when its stderr carries anything but
 * progress lines (a warning a user would take for a fault).
 *
 *   npm run bench:cli             # or: npx tsx bench/cli.ts [npm start runs, default 3]
 *
 * Goals, on an idle 2-core machine: help ≤ 0.5 s, a validation error ≤ 1 s, npm start ≤ 10 s
 * once the DynamoDB Local jar is cached. CPU seconds (user + system of the whole process tree,
 * the JVM included) are printed too: they vary far less with the load than wall time does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDynamoDbLocal } from '../local/dynamodb/install.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK_RUNS = 9;
const START_RUNS = Number(process.argv[2] ?? 3);

interface Run {
  readonly seconds: number;
  /** User + system CPU of the run's whole process tree. */
  readonly cpuSeconds: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** CPU seconds of this process's waited-for children so far (Linux: /proc reports in USER_HZ, 100 per second). */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After the command name: field 16 (cutime) and 17 (cstime) of proc(5) are at 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function run(command: string, args: readonly string[]): Run {
  const cpuBefore = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, cpuSeconds: childrenCpuSeconds() - cpuBefore, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function uptime(): string {
  return spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
}

const problems: string[] = [];

/** Runs a command `times` times; every run must exit with `status`. */
function measure(label: string, times: number, status: number, command: string, args: readonly string[]): Run[] {
  const runs = Array.from({ length: times }, () => run(command, args));
  for (const bad of runs.filter((one) => one.status !== status)) {
    problems.push(`${label}: exited ${bad.status}, expected ${status}; stderr: ${bad.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return runs;
}

const rows: { figure: string; goalSeconds: number; medianSeconds: number; minSeconds: number; maxSeconds: number; medianCpuSeconds: number; runs: number }[] =
  [];

function record(figure: string, goalSeconds: number, runs: readonly Run[]): void {
  const seconds = runs.map((one) => one.seconds);
  const row = {
    figure,
    goalSeconds,
    medianSeconds: +median(seconds).toFixed(2),
    minSeconds: +Math.min(...seconds).toFixed(2),
    maxSeconds: +Math.max(...seconds).toFixed(2),
    medianCpuSeconds: +median(runs.map((one) => one.cpuSeconds)).toFixed(2),
    runs: runs.length,
  };
  rows.push(row);
  if (row.medianSeconds > goalSeconds) problems.push(`${figure}: median ${row.medianSeconds} s, goal ${goalSeconds} s`);
}

console.log(`before: ${uptime()}`);
// The bin as `npm ci` builds it, from the sources as they are now.
const build = run(process.execPath, ['scripts/build-cli.js']);
if (build.status !== 0) throw new Error(`the build failed:\n${build.stderr}`);
// The goal for npm start holds once the jar is cached: fetch it first if it is not.
await ensureDynamoDbLocal();

const scratch = mkdtempSync(join(tmpdir(), 'braid-bench-cli-'));
const invalid = join(scratch, 'invalid.json');
const scenario = JSON.parse(readFileSync(join(ROOT, 'examples/healthy-canary.json'), 'utf8')) as { targets: Record<string, unknown>[] };
scenario.targets[0]!.colour = 'blue';
writeFileSync(invalid, JSON.stringify(scenario));
const bin = join(ROOT, 'dist/braid.js');

record('braid --help', 0.5, measure('braid --help', QUICK_RUNS, 0, process.execPath, [bin, '--help']));
record('braid simulate <invalid scenario>', 1, measure('invalid scenario', QUICK_RUNS, 2, process.execPath, [bin, 'simulate', invalid]));
record(
  'braid rollout start <target> $LATEST',
  1,
  measure('bad rollout start', QUICK_RUNS, 2, process.execPath, [bin, 'rollout', 'start', 'checkout:live', '$LATEST']),
);
const starts = measure('npm start', START_RUNS, 0, 'npm', ['start', '--silent']);
record('npm start', 10, starts);
rmSync(scratch, { recursive: true, force: true });

if (new Set(starts.map((one) => one.stdout)).size > 1) problems.push('npm start: the runs printed different output for the same seeds');
// Progress lines (`· running healthy-canary`) are fine; anything else on stderr reads as a fault.
const noise = [...new Set(starts.flatMap((one) => one.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('· '))))];
if (noise.length > 0) problems.push(`npm start: stderr carries more than progress lines:\n  ${noise.join('\n  ')}`);

console.table(rows);
console.log(`after: ${uptime()}`);
console.log(
  `npm start output: ${starts[0]?.stdout.split('\n').length ?? 0} lines, identical in all ${starts.length} runs: ${new Set(starts.map((one) => one.stdout)).size === 1}`,
);
if (problems.length > 0) {
  console.log(`\nMISSED:\n- ${problems.join('\n- ')}`);
  process.exitCode = 1;
} else console.log('\nevery goal met');
