/**
 * The remediation braid's critical path, from an alarm entering ALARM to the alias update that
 * repairs it: how many Lambda invocations and state transitions it takes, and how long it takes
 * in the sandbox (wall clock, real handlers, DynamoDB Local), median and p95 over many incidents,
 * with every core of the machine kept busy by the bench's own bounded busy loops.
 *
 *   npm run bench:remediation            # or: npx tsx bench/remediation.ts [incidents] [--idle]
 *
 * Each incident is its own target (function, alias on version 2, errors alarm, rollback runbook,
 * version 1 recorded as last known good), so no lease, cooldown or rate limit carries over. An
 * incident starts when SetAlarmState is called (CloudWatch emits the state-change event) and ends
 * when Lambda applies the UpdateAlias. The bench passes when every incident was repaired (its
 * alias back on version 1, its remediation converged) and the invariants I1 to I5 hold over the
 * whole run; it exits 1 otherwise. `--idle` leaves the cores alone, for a side-by-side figure.
 */
import { loadavg } from 'node:os';
import { PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { AUDIT_KINDS } from '../functions/core/audit.js';
import type { JournalEntry } from '../local/contracts.js';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { startSandbox, type Sandbox } from '../local/sandbox.js';
import { checkInvariants, type OperationFacts } from '../local/simulation/invariants.js';
import { aliasFacts, auditFacts } from '../local/simulation/journal-facts.js';
import { busyCores } from '../test/support/busy-cores.js';

const args = process.argv.slice(2);
const idle = args.includes('--idle');
const incidents = Number(args.find((arg) => !arg.startsWith('--')) ?? 100);
/** Real time an incident may take before the bench calls it stuck. */
const STUCK_MS = 30_000;

const dynamodb = await startDynamoDbLocal();
const sandbox = await startSandbox({ dynamodbEndpoint: dynamodb.endpoint, remediation: { globalRateLimit: { capacity: 10_000, refillSeconds: 1 } } });

interface Target {
  readonly functionName: string;
  readonly alarmName: string;
  readonly targetName: string;
}

/** A target whose alias serves version 2, with version 1 as its last known good. */
async function target(index: number): Promise<Target> {
  const functionName = `svc-${index}`;
  const alarmName = `${functionName}-errors`;
  const targetName = `${functionName}:live`;
  sandbox.lambda.createFunction({ name: functionName });
  sandbox.lambda.publishVersion(functionName, { behaviour: { errorRate: 0, latencyMs: { mean: 50 } } });
  sandbox.lambda.publishVersion(functionName, { behaviour: { errorRate: 0, latencyMs: { mean: 50 } }, description: 'v2' });
  sandbox.lambda.createAlias(functionName, 'live', '2');
  await sandbox.clients.cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: alarmName,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [
        { Name: 'FunctionName', Value: functionName },
        { Name: 'Resource', Value: targetName },
      ],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
  const nowMs = sandbox.clock.nowMs();
  await sandbox.deps.registry.put({
    targetName,
    functionName,
    aliasName: 'live',
    gateAlarmNames: [alarmName],
    steps: [{ weight: 100, bakeSeconds: 0 }],
    remediation: { alarmNames: [alarmName], action: 'rollback' },
  });
  await sandbox.deps.knownGood.record(
    targetName,
    { current: '2', lastKnownGood: '1', atMs: nowMs, operationId: 'bench' },
    { auditId: sandbox.deps.newId(), kind: AUDIT_KINDS.knownGoodRecorded, operationId: 'bench', targetName, atMs: nowMs, actor: 'bench', detail: {} },
  );
  return { functionName, alarmName, targetName };
}

/**
 * Resolves with `performance.now()` at the moment Lambda applies an UpdateAlias to
 * `functionName`: the journal is watched as it is written, so no polling competes with the work.
 */
function aliasUpdated(functionName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      watchers.delete(functionName);
      reject(new Error(`no UpdateAlias on ${functionName} within ${STUCK_MS / 1000} s of real time`));
    }, STUCK_MS);
    watchers.set(functionName, (atRealMs) => {
      clearTimeout(timer);
      resolve(atRealMs);
    });
  });
}
const watchers = new Map<string, (atRealMs: number) => void>();
const record = sandbox.journal.record.bind(sandbox.journal);
sandbox.journal.record = (entry): JournalEntry => {
  const recorded = record(entry);
  if (recorded.action === 'UpdateAlias') watchers.get(String(recorded.detail.functionName))?.(performance.now());
  return recorded;
};

/** Lambda invocations and state transitions of one execution up to and including its alias repair. */
function criticalPath(events: readonly HistoryEvent[]): { transitions: number; lambdaTasks: number; states: string[] } {
  const states: string[] = [];
  let lambdaTasks = 0;
  for (const event of events) {
    if (event.type?.endsWith('StateEntered')) states.push(event.stateEnteredEventDetails?.name ?? '?');
    if (event.type === 'TaskScheduled' && event.taskScheduledEventDetails?.resourceType === 'lambda') lambdaTasks += 1;
    if (event.type === 'TaskSucceeded' && states.at(-1) === 'RepairAlias') break;
  }
  return { transitions: states.length, lambdaTasks, states };
}

/** Runs the sandbox's clock until every remediation has ended (each bakes and verifies after its repair). */
async function settle(sandbox: Sandbox): Promise<void> {
  for (let minute = 0; minute < 24 * 60 && sandbox.stepFunctions.runningExecutions().length > 0; minute += 1) await sandbox.clock.sleep(60_000);
}

/** What went wrong over the whole run: incidents not repaired, invariants broken. */
async function problems(targets: readonly Target[]): Promise<string[]> {
  const found: string[] = [];
  const facts: OperationFacts[] = [];
  for (const { functionName, targetName } of targets) {
    const alias = sandbox.lambda.getAlias(functionName, 'live');
    if (alias.functionVersion !== '1' || Object.keys(alias.additionalVersionWeights).length > 0) {
      found.push(`${targetName}: alias on ${alias.functionVersion} ${JSON.stringify(alias.additionalVersionWeights)}, not repaired to version 1`);
    }
    const remediations = (await sandbox.deps.operations.listForTarget(targetName)).filter((operation) => operation.kind === 'remediation');
    if (remediations.length !== 1 || remediations[0]!.status !== 'converged') {
      found.push(
        `${targetName}: remediations ${JSON.stringify(remediations.map((operation) => [operation.status, operation.outcomeReason]))}, expected one converged`,
      );
    }
    for (const operation of remediations) facts.push({ operationId: operation.operationId, kind: 'remediation', targetName, status: operation.status });
  }
  const journal = sandbox.journal.entries();
  const checks = checkInvariants({
    audits: auditFacts(journal),
    aliasChanges: aliasFacts(journal),
    operations: facts,
    targets: new Map(targets.map(({ functionName, targetName }) => [targetName, { functionName, aliasName: 'live' }])),
  });
  for (const check of checks) if (!check.holds) found.push(`${check.id} broken: ${check.detail}`);
  return found;
}

const targets: Target[] = [];
for (let i = 0; i < incidents; i += 1) targets.push(await target(i));
const latencies: number[] = [];
let path: ReturnType<typeof criticalPath> | undefined;
let found: string[] = [];
const load = idle ? undefined : busyCores();
const loadBefore = loadavg()[0]!;
try {
  for (const { functionName, alarmName, targetName } of targets) {
    const updated = aliasUpdated(functionName);
    const started = performance.now();
    await sandbox.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'ALARM', StateReason: 'bench' }));
    latencies.push((await updated) - started);
    if (!path) {
      const [operation] = (await sandbox.deps.operations.listForTarget(targetName)).filter((record) => record.kind === 'remediation');
      const executionArn = `${sandbox.remediationStateMachineArn.replace(':stateMachine:', ':execution:')}:${operation!.operationId}`;
      path = criticalPath((await sandbox.clients.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? []);
    }
  }
  await load?.stop();
  await settle(sandbox);
  found = await problems(targets);
} finally {
  await load?.stop();
  sandbox.stepFunctions.stopRunningExecutions('bench over');
  await sandbox.close();
  await dynamodb.stop();
}

const sorted = [...latencies].sort((a, b) => a - b);
const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
console.log('critical path: alarm event → detector Lambda → StartExecution → remediation state machine → UpdateAlias');
console.log(
  `  Lambda invocations: ${1 + path!.lambdaTasks} (the detector, behind the EventBridge rule, + ${path!.lambdaTasks} task(s): ${path!.states.filter((state) => state === 'PrepareRepair').join(', ')})`,
);
console.log(`  state transitions:  ${path!.transitions} (${path!.states.join(' → ')})`);
console.log(
  `sandbox latency, SetAlarmState → UpdateAlias applied, over ${latencies.length} incidents, ${idle ? 'cores left idle' : 'every core kept busy by the bench'} (1-min load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after):`,
);
console.log(
  `  p50 ${quantile(0.5).toFixed(1)} ms   p95 ${quantile(0.95).toFixed(1)} ms   min ${sorted[0]!.toFixed(1)} ms   max ${sorted.at(-1)!.toFixed(1)} ms   (goal p95 ≤ 200 ms: ${quantile(0.95) <= 200 ? 'met' : 'not met'})`,
);
if (found.length > 0) {
  console.log(`FAILED: ${found.length} problem(s):\n  ${found.join('\n  ')}`);
  process.exitCode = 1;
} else console.log(`passed: all ${incidents} incidents repaired and converged; invariants I1-I5 hold`);
