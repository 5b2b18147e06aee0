import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { TrafficGenerator } from '../lambda/traffic-generator.js';
import type { Sandbox } from '../sandbox.js';
import { stepsOf, targetNameOf } from '../scenario/load-scenario.js';
import type { Scenario, ScenarioAlarm, ScenarioTarget } from '../scenario/scenario-schema.js';

/** Builds a scenario's world in the sandbox: functions and versions, aliases, alarms, registry entries and traffic. */
export async function setUpScenario(sandbox: Sandbox, scenario: Scenario): Promise<Map<string, TrafficGenerator>> {
  const traffic = new Map<string, TrafficGenerator>();
  for (const target of scenario.targets) {
    const name = targetNameOf(target);
    createVersions(sandbox, target);
    sandbox.lambda.createAlias(target.function, target.alias, target.stableVersion);
    for (const alarm of target.alarms) await putAlarm(sandbox, target, alarm);
    await sandbox.table.putTarget(
      { targetName: name, functionName: target.function, aliasName: target.alias, gateAlarmNames: target.gates, steps: stepsOf(target), gatePolicy: target.gatePolicy, approvalPolicy: target.approvalPolicy, canaryJudge: target.canaryJudge },
      sandbox.clock.nowMs(),
    );
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
