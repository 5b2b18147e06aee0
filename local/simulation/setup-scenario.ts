import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { TrafficGenerator } from '../lambda/traffic-generator.js';
import type { Sandbox } from '../sandbox.js';
import { hookFunctionName, runbookFunctionName, stepsOf, targetNameOf } from '../scenario/load-scenario.js';
import type { RunbookInput } from '../../functions/core/remediation/runbook.js';
import type { HookConfig } from '../../functions/core/hooks.js';
import type { Scenario, ScenarioAlarm, ScenarioHook, ScenarioTarget } from '../scenario/scenario-schema.js';

/** Builds a scenario's world in the sandbox: functions and versions, aliases, alarms, registry entries and traffic. */
export async function setUpScenario(sandbox: Sandbox, scenario: Scenario): Promise<Map<string, TrafficGenerator>> {
  const traffic = new Map<string, TrafficGenerator>();
  for (const target of scenario.targets) {
    const name = targetNameOf(target);
    createVersions(sandbox, target);
    sandbox.lambda.createAlias(target.function, target.alias, target.stableVersion);
    for (const alarm of target.alarms) await putAlarm(sandbox, target, alarm);
    const hooks = createHooks(sandbox, target);
    await sandbox.deps.registry.put({
      targetName: name,
      functionName: target.function,
      aliasName: target.alias,
      gateAlarmNames: target.gates,
      steps: stepsOf(target),
      gatePolicy: target.gatePolicy,
      approvalPolicy: target.approvalPolicy,
      rollbackPolicy: target.rollbackPolicy,
      canaryJudge: target.canaryJudge,
      hooks,
      remediation: remediationOf(sandbox, target),
    });
    const generator = new TrafficGenerator(sandbox.lambda, { functionName: target.function, alias: target.alias, ratePerSecond: target.trafficPerSecond });
    sandbox.clock.onAdvance(generator.onSlice);
    traffic.set(name, generator);
  }
  return traffic;
}

function createVersions(sandbox: Sandbox, target: ScenarioTarget): void {
  const functionRole = sandbox.lambda.createFunction({ name: target.function, role: target.role }).role;
  const versions = Object.keys(target.versions).sort((a, b) => Number(a) - Number(b));
  for (const version of versions) {
    const { role, ...behaviour } = target.versions[version]!;
    // Each publish snapshots $LATEST: name the role every time so one version's role does not leak into the next.
    sandbox.lambda.publishVersion(target.function, { behaviour, role: role ?? functionRole });
  }
}

/** Creates a code function for each of the target's hooks, answering as the scenario says; returns the registry's `hooks`. */
function createHooks(sandbox: Sandbox, target: ScenarioTarget): HookConfig | undefined {
  if (!target.hooks) return undefined;
  const config: { -readonly [K in keyof HookConfig]: HookConfig[K] } = { timeoutSeconds: target.hooks.timeoutSeconds };
  for (const hook of ['preTraffic', 'postTraffic'] as const) {
    const spec = target.hooks[hook];
    if (!spec) continue;
    const name = hookFunctionName(target, hook);
    sandbox.lambda.createFunction({ name, handler: async () => hookAnswer(name, spec) });
    config[hook] = name;
  }
  return config;
}

/** The target's runbook as the registry records it; an `invoke_runbook` repair gets a function the sandbox creates. */
function remediationOf(sandbox: Sandbox, target: ScenarioTarget): RunbookInput | undefined {
  if (!target.remediation) return undefined;
  const runbook = target.remediation as unknown as RunbookInput;
  if (runbook.action !== 'invoke_runbook') return runbook;
  const name = runbookFunctionName(target);
  const fails = target.runbookResult === 'Throws';
  sandbox.lambda.createFunction({
    name,
    handler: async (event) => {
      if (fails) throw new Error(`${name} could not repair ${target.function}`);
      return { repaired: true, idempotencyKey: (event as { idempotencyKey?: unknown }).idempotencyKey };
    },
  });
  return { ...runbook, runbookFunction: name };
}

function hookAnswer(name: string, spec: ScenarioHook): unknown {
  if (spec.result === 'Throws') throw new Error(spec.reason ?? `${name} raised an error`);
  return spec.reason === undefined ? { status: spec.result } : { status: spec.result, reason: spec.reason };
}

/** Creates the alarm through CloudWatch's API, on the alias's (or one version's) Lambda metric. */
async function putAlarm(sandbox: Sandbox, target: ScenarioTarget, alarm: ScenarioAlarm): Promise<void> {
  const dimensions = [
    { Name: 'FunctionName', Value: target.function },
    { Name: 'Resource', Value: `${target.function}:${target.alias}` },
    ...(alarm.executedVersion ? [{ Name: 'ExecutedVersion', Value: alarm.executedVersion }] : []),
  ];
  await sandbox.clients.cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: alarm.name,
      Namespace: 'AWS/Lambda',
      MetricName: alarm.metric,
      Dimensions: dimensions,
      Statistic: alarm.statistic,
      Period: alarm.periodSeconds,
      EvaluationPeriods: alarm.evaluationPeriods,
      DatapointsToAlarm: alarm.datapointsToAlarm,
      Threshold: alarm.threshold,
      ComparisonOperator: alarm.comparison,
      TreatMissingData: alarm.treatMissingData,
    }),
  );
}
