/**
 * The remediation braid's critical path, from an alarm entering ALARM to the alias update that
 * repairs it: how many Lambda invocations and state transitions it takes, and how long it takes
 * in the sandbox (wall clock, real handlers, DynamoDB Local), median and p95 over many runs.
 *
 *   npm run bench:remediation            # or: npx tsx bench/remediation.ts [runs]
 *
 * Each run is its own target (function, alias on version 2, errors alarm, rollback runbook,
 * version 1 recorded as last known good), so no lease, cooldown or rate limit carries over.
 * A run starts when SetAlarmState is called (CloudWatch emits the state-change event) and ends
 * when Lambda applies the UpdateAlias.
 */
import { PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { AUDIT_KINDS } from '../functions/core/audit.js';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { startSandbox, type Sandbox } from '../local/sandbox.js';

const runs = Number(process.argv[2] ?? 100);
const dynamodb = await startDynamoDbLocal();
const sandbox = await startSandbox({ dynamodbEndpoint: dynamodb.endpoint, remediation: { globalRateLimit: { capacity: 10_000, refillSeconds: 1 } } });

/** A target whose alias serves version 2, with version 1 as its last known good. */
async function target(index: number): Promise<{ functionName: string; alarmName: string; targetName: string }> {
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

/** Resolves when Lambda has applied an UpdateAlias to `functionName` after journal position `afterSeq`. */
async function aliasUpdated(sandbox: Sandbox, functionName: string, afterSeq: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const entries = sandbox.journal.entries();
    for (let i = entries.length - 1; i >= 0 && entries[i]!.seq > afterSeq; i -= 1) {
      if (entries[i]!.action === 'UpdateAlias' && entries[i]!.detail.functionName === functionName) return;
    }
    if (Date.now() > deadline)
      throw new Error(`no UpdateAlias on ${functionName} within 30 s: ${JSON.stringify(await sandbox.deps.operations.listForTarget(`${functionName}:live`))}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

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

const targets = [];
for (let i = 0; i < runs; i += 1) targets.push(await target(i));
const latencies: number[] = [];
let path: ReturnType<typeof criticalPath> | undefined;
try {
  for (const { functionName, alarmName, targetName } of targets) {
    const seq = sandbox.journal.entries().at(-1)!.seq;
    const started = performance.now();
    await sandbox.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'ALARM', StateReason: 'bench' }));
    await aliasUpdated(sandbox, functionName, seq);
    latencies.push(performance.now() - started);
    if (!path) {
      const [operation] = (await sandbox.deps.operations.listForTarget(targetName)).filter((record) => record.kind === 'remediation');
      const executionArn = `${sandbox.remediationStateMachineArn.replace(':stateMachine:', ':execution:')}:${operation!.operationId}`;
      path = criticalPath((await sandbox.clients.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? []);
    }
  }
} finally {
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
console.log(`sandbox latency, SetAlarmState → UpdateAlias applied, over ${latencies.length} runs:`);
console.log(
  `  median ${quantile(0.5).toFixed(1)} ms   p95 ${quantile(0.95).toFixed(1)} ms   min ${sorted[0]!.toFixed(1)} ms   max ${sorted.at(-1)!.toFixed(1)} ms`,
);
