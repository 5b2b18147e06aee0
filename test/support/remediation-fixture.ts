import { DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { GetAliasCommand } from '@aws-sdk/client-lambda';
import type { AuditRecord } from '../../functions/core/audit.js';
import type { RunbookInput } from '../../functions/core/remediation/runbook.js';
import type { OperationRecord, RemediationOperation } from '../../functions/schema/operation-item.js';
import { SANDBOX_REGION, type BusEvent } from '../../local/contracts.js';
import { SANDBOX_CREDENTIALS, type Sandbox } from '../../local/sandbox.js';
import { exampleScenario, sandboxFor, type RolloutFixture } from './rollout-fixture.js';

/** The healthy canary's target with a remediation runbook on its errors alarm (threshold 10 errors a minute, so noise never fires it). */
export async function watchedTarget(
  runbook: Partial<RunbookInput> = {},
  change: (scenario: Record<string, any>) => void = () => undefined,
): Promise<RolloutFixture> {
  return sandboxFor(
    exampleScenario('healthy-canary', (scenario) => {
      const target = scenario.targets[0];
      target.alarms[0].threshold = 10;
      target.remediation = { alarmNames: ['checkout-live-errors'], action: 'rollback', ...runbook };
      change(scenario);
    }),
  );
}

/** Rolls version 2 out to promotion, which records version 1 as the last known good. */
export async function promoteVersion2(fixture: RolloutFixture): Promise<void> {
  const { operation } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' });
  if (operation?.status !== 'promoted') throw new Error(`the set-up rollout ended ${operation?.status}: ${operation?.outcomeReason}`);
}

/** Makes versions fail (or recover): the world changes, the code does not. */
export function setErrorRate(sandbox: Sandbox, errorRate: number, versions: readonly string[] = ['1', '2']): void {
  for (const version of versions) sandbox.lambda.changeBehaviour('checkout', version, { errorRate, latencyMs: { mean: 80, stdDev: 15 } });
}

/** Moves virtual time a minute at a time until the alarm is in `state` (at most `maxMinutes`). */
export async function untilAlarm(sandbox: Sandbox, state: 'OK' | 'ALARM', alarmName = 'checkout-live-errors', maxMinutes = 30): Promise<void> {
  for (let minute = 0; minute < maxMinutes; minute += 1) {
    const { MetricAlarms } = await sandbox.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
    if (MetricAlarms?.[0]?.StateValue === state) return;
    await sandbox.clock.sleep(60_000);
  }
  throw new Error(`alarm ${alarmName} did not reach ${state} within ${maxMinutes} minutes`);
}

/** Moves virtual time until no execution runs (at most a day). */
export async function settle(sandbox: Sandbox): Promise<void> {
  for (let minute = 0; minute < 24 * 60 && sandbox.stepFunctions.runningExecutions().length > 0; minute += 1) await sandbox.clock.sleep(60_000);
}

/** Records every alarm event the default bus delivers, as a user's own rule would. */
export async function captureAlarmEvents(sandbox: Sandbox): Promise<BusEvent[]> {
  const events: BusEvent[] = [];
  const capture = sandbox.lambda.createFunction({
    name: 'test-capture-alarm-events',
    handler: async (event) => {
      events.push(event as BusEvent);
      return null;
    },
  });
  const client = new EventBridgeClient({ endpoint: sandbox.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS });
  try {
    await client.send(
      new PutRuleCommand({
        Name: 'test-capture',
        EventPattern: JSON.stringify({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] }),
        State: 'ENABLED',
      }),
    );
    await client.send(new PutTargetsCommand({ Rule: 'test-capture', Targets: [{ Id: 'capture', Arn: capture.functionArn }] }));
  } finally {
    client.destroy();
  }
  return events;
}

/** The target's remediation operations, oldest first. */
export async function remediations(sandbox: Sandbox, targetName = 'checkout:live'): Promise<RemediationOperation[]> {
  return (await sandbox.deps.operations.listForTarget(targetName)).filter((record): record is RemediationOperation => record.kind === 'remediation').reverse();
}

/** Every audit record of the given kind, across the target's operations. */
export async function auditsOfKind(sandbox: Sandbox, operations: readonly OperationRecord[], kind: string): Promise<AuditRecord[]> {
  const all = await Promise.all(operations.map((operation) => sandbox.deps.audit.list(operation.operationId)));
  return all.flat().filter((record) => record.kind === kind);
}

/** Lambda mutations of the checkout function the journal recorded after position `afterSeq`. */
export function mutationsAfter(sandbox: Sandbox, afterSeq: number): { action: string; detail: Record<string, unknown> }[] {
  return sandbox.journal
    .entries()
    .filter(
      (entry) =>
        entry.seq > afterSeq && entry.service === 'lambda' && ['UpdateAlias', 'PutFunctionConcurrency', 'DeleteFunctionConcurrency'].includes(entry.action),
    )
    .map((entry) => ({ action: entry.action, detail: entry.detail }));
}

/** The alias as Lambda has it now. */
export async function aliasNow(sandbox: Sandbox): Promise<{ functionVersion?: string; weights: Record<string, number> }> {
  const alias = await sandbox.clients.lambda.send(new GetAliasCommand({ FunctionName: 'checkout', Name: 'live' }));
  return { functionVersion: alias.FunctionVersion, weights: alias.RoutingConfig?.AdditionalVersionWeights ?? {} };
}

/** How often Lambda ran a function (or how often it failed, with `Errors`), read off the `AWS/Lambda` metrics the emulator publishes for every call. */
export async function invocationCount(sandbox: Sandbox, functionName: string, metricName: 'Invocations' | 'Errors' = 'Invocations'): Promise<number> {
  const { Datapoints } = await sandbox.clients.cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/Lambda',
      MetricName: metricName,
      Dimensions: [{ Name: 'FunctionName', Value: functionName }],
      StartTime: new Date(0),
      EndTime: new Date(sandbox.clock.nowMs() + 60_000),
      Period: 86_400,
      Statistics: ['Sum'],
    }),
  );
  return (Datapoints ?? []).reduce((total, point) => total + (point.Sum ?? 0), 0);
}

/** Moves virtual time a second at a time until the operation has `status` (at most `maxSeconds`). */
export async function untilStatus(sandbox: Sandbox, operationId: string, status: string, maxSeconds = 600): Promise<OperationRecord> {
  for (let second = 0; second <= maxSeconds; second += 1) {
    const operation = await sandbox.deps.operations.get(operationId);
    if (operation?.status === status) return operation;
    await sandbox.clock.sleep(1000);
  }
  throw new Error(`operation ${operationId} did not reach status ${status} within ${maxSeconds} s`);
}

/**
 * Gives `checkout:live` an `invoke_runbook` runbook on a code function of the test's own (its
 * other runbook fields kept, `change` merged in), as a deploy would record it in the registry.
 * Returns the payloads the function received.
 */
export async function customRunbook(
  sandbox: Sandbox,
  handler: (event: unknown) => Promise<unknown>,
  change: Partial<RunbookInput> = {},
  functionName = 'test-runbook',
): Promise<unknown[]> {
  const payloads: unknown[] = [];
  sandbox.lambda.createFunction({
    name: functionName,
    handler: async (event) => {
      payloads.push(event);
      return handler(event);
    },
  });
  const target = await sandbox.deps.registry.get('checkout:live');
  if (!target?.remediation) throw new Error('checkout:live has no runbook to change; start from watchedTarget()');
  await sandbox.deps.registry.put({ ...target, remediation: { ...target.remediation, ...change, action: 'invoke_runbook', runbookFunction: functionName } });
  return payloads;
}
