import { GetAliasCommand } from '@aws-sdk/client-lambda';
import { AUDIT_KINDS } from '../../functions/core/audit.js';
import { remediationTimings } from '../../functions/core/remediation-timings.js';
import { requestRepair } from '../../functions/remediation/request-repair.js';
import { resetBreaker, setKillSwitch } from '../../functions/control/remediation-controls.js';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ulidGenerator } from '../../functions/core/ids.js';
import { startSandbox, type Sandbox } from '../sandbox.js';
import { operateRollout } from '../../functions/control/operate-rollout.js';
import { BraidError } from '../../functions/core/errors.js';
import type { RemediationOperation } from '../../functions/schema/operation-item.js';
import { setUpScenario } from './setup-scenario.js';
import { stepsOf, targetNameOf } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { checkInvariants, type OperationFacts } from './invariants.js';
import { aliasAtEnd } from './alias-at-end.js';
import { aliasFacts, auditFacts } from './journal-facts.js';
import {
  aliasView,
  type ActionReport,
  type AliasView,
  type DecisionReport,
  type OperationReport,
  type RemediationReport,
  type ScenarioReport,
} from './report.js';
import { buildTimeline } from './timeline.js';

/** Virtual time a scenario may run after its last decision before its rollouts are stopped. */
const HORIZON_MS = 7 * 24 * 3600 * 1000;
/** How far the scenario moves the clock at a time while rollouts wait for people or timeouts. */
const TICK_MS = 60_000;

/** One thing the scenario does at a time: a decision on a rollout, a change of the world, an operator's control. */
type TimedItem =
  | { readonly atSeconds: number; readonly decision: Scenario['decisions'][number] }
  | { readonly atSeconds: number; readonly change: Scenario['behaviourChanges'][number] }
  | { readonly atSeconds: number; readonly action: Scenario['operatorActions'][number] };

/**
 * Plays the scenario's scripted items at their times, then keeps virtual time moving until
 * the scenario's `runSeconds` have passed and every execution has ended (a rollout waiting
 * for a person only ends by a decision or a timeout).
 */
async function driveToEnd(
  sandbox: Sandbox,
  scenario: Scenario,
  startMs: number,
  operationIds: readonly string[],
): Promise<{ decisions: DecisionReport[]; actions: ActionReport[] }> {
  const { clock } = sandbox;
  const running = () => sandbox.stepFunctions.runningExecutions().length > 0;
  const decisions: DecisionReport[] = [];
  const actions: ActionReport[] = [];
  const items: TimedItem[] = [
    ...scenario.decisions.map((decision) => ({ atSeconds: decision.atSeconds, decision })),
    ...scenario.behaviourChanges.map((change) => ({ atSeconds: change.atSeconds, change })),
    ...scenario.operatorActions.map((action) => ({ atSeconds: action.atSeconds, action })),
  ].sort((a, b) => a.atSeconds - b.atSeconds);
  const targets = new Map(scenario.targets.map((target) => [targetNameOf(target), target]));
  for (const item of items) {
    const atMs = startMs + item.atSeconds * 1000;
    while (clock.nowMs() < atMs) await clock.sleep(Math.min(TICK_MS, atMs - clock.nowMs()));
    if ('change' in item) {
      const { target, version, errorRate, latencyMs } = item.change;
      const spec = targets.get(target)!;
      sandbox.lambda.changeBehaviour(spec.function, version, { errorRate, latencyMs: latencyMs ?? spec.versions[version]!.latencyMs });
    } else if ('action' in item) {
      actions.push(await playAction(sandbox, item.action));
    } else {
      const { decision } = item;
      const operationId = operationIds[decision.rollout]!;
      try {
        const result = await operateRollout({ operationId, action: decision.decision, by: decision.by, reason: decision.reason }, sandbox.deps);
        const detail =
          result.applied === 'now'
            ? `${result.hold.kind} on step ${result.hold.index + 1} ${result.hold.status}`
            : `${result.command.action} recorded for the next gate check`;
        decisions.push({ ...decision, operationId, applied: true, detail });
      } catch (error) {
        if (!(error instanceof BraidError)) throw error;
        decisions.push({ ...decision, operationId, applied: false, detail: error.message });
      }
    }
  }
  const runUntilMs = startMs + scenario.runSeconds * 1000;
  while (clock.nowMs() < runUntilMs) await clock.sleep(Math.min(TICK_MS, runUntilMs - clock.nowMs()));
  const horizonMs = clock.nowMs() + HORIZON_MS;
  while (running() && clock.nowMs() < horizonMs) await clock.sleep(TICK_MS);
  sandbox.stepFunctions.stopRunningExecutions('the scenario reached its time horizon with the operation still waiting');
  return { decisions, actions };
}

/** Plays one operator control through the same functions the CLI calls. */
async function playAction(sandbox: Sandbox, action: Scenario['operatorActions'][number]): Promise<ActionReport> {
  const { deps } = sandbox;
  try {
    switch (action.action) {
      case 'repair': {
        const result = await requestRepair(
          { targetName: action.target!, action: action.repair, reservedConcurrency: action.reservedConcurrency, by: action.by, reason: action.reason },
          deps,
        );
        return {
          ...action,
          applied: true,
          detail: result.outcome === 'decided_elsewhere' ? 'already decided' : `${result.decision.decision}: ${result.decision.reason}`,
          operationId: result.operationId,
        };
      }
      case 'killswitch_on':
      case 'killswitch_off':
        await setKillSwitch({ on: action.action === 'killswitch_on', targetName: action.target, by: action.by, reason: action.reason }, deps);
        return { ...action, applied: true, detail: `${action.target ?? 'global'} kill switch ${action.action === 'killswitch_on' ? 'on' : 'off'}` };
      case 'breaker_reset': {
        const was = await resetBreaker({ targetName: action.target!, by: action.by, reason: action.reason }, deps);
        return { ...action, applied: true, detail: `breaker closed (was ${was.open ? 'open' : 'closed'}, ${was.consecutiveFailures} failure(s))` };
      }
    }
  } catch (error) {
    if (!(error instanceof BraidError)) throw error;
    return { ...action, applied: false, detail: error.message };
  }
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** The DynamoDB Local every scenario of a run shares. */
  readonly dynamodbEndpoint: string;
  /** Where the scenario came from, for the report. */
  readonly file: string;
}

/**
 * Runs one scenario in a fresh sandbox: builds its world, serves warm-up traffic, starts its
 * rollouts through the real Step Functions API, waits for them on the virtual clock, and
 * reports operations, final aliases, timelines and invariant checks.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioReport> {
  const startMs = Date.parse(scenario.startTime);
  const sandbox = await startSandbox({
    seed: scenario.seed,
    startMs,
    dynamodbEndpoint: options.dynamodbEndpoint,
    // One table per run of a scenario: scenarios share DynamoDB Local but never data.
    tableName: `braid-${scenario.name}-${process.pid}-${Date.now()}`,
  });
  try {
    const traffic = await setUpScenario(sandbox, scenario);
    await sandbox.clock.sleep(scenario.warmupSeconds * 1000);
    const newId = ulidGenerator(sandbox.clock, () => sandbox.random.next());
    const started: { operationId: string; executionArn: string; targetName: string; newVersion: string }[] = [];
    for (const rollout of scenario.rollouts) {
      const operationId = newId();
      const input = { operationId, targetName: rollout.target, newVersion: rollout.version, requestedBy: `scenario:${scenario.name}`, reason: rollout.reason };
      const { executionArn } = await sandbox.clients.sfn.send(
        new StartExecutionCommand({ stateMachineArn: sandbox.rolloutStateMachineArn, name: operationId, input: JSON.stringify(input) }),
      );
      started.push({ operationId, executionArn: executionArn!, targetName: rollout.target, newVersion: rollout.version });
    }
    const { decisions, actions } = await driveToEnd(
      sandbox,
      scenario,
      startMs,
      started.map((run) => run.operationId),
    );
    const executions = await Promise.all(started.map((run) => sandbox.stepFunctions.waitForExecution(run.executionArn)));

    const journal = sandbox.journal.entries();
    const audits = auditFacts(journal);
    const aliasChanges = aliasFacts(journal);
    const targets = new Map(
      scenario.targets.map((target) => [
        targetNameOf(target),
        {
          functionName: target.function,
          aliasName: target.alias,
          gateAlarmNames: target.gates,
          steps: stepsOf(target),
          remediationAlarmNames: target.remediation?.alarmNames ?? [],
        },
      ]),
    );
    const operations: OperationReport[] = [];
    const facts: OperationFacts[] = [];
    for (const [index, run] of started.entries()) {
      const target = targets.get(run.targetName)!;
      const record = await sandbox.deps.operations.get(run.operationId);
      const leftAlias = aliasAtEnd({ operationId: run.operationId, functionName: target.functionName, aliasName: target.aliasName, audits, aliasChanges });
      const stats = sandbox.stepFunctions.describeExecutionStats(run.executionArn);
      operations.push({
        id: run.operationId,
        kind: 'rollout',
        target: run.targetName,
        newVersion: run.newVersion,
        status: record?.status ?? 'rejected',
        reason: record?.outcomeReason ?? executions[index]!.cause,
        executionStatus: executions[index]!.status,
        ...(leftAlias ? { aliasAtEnd: aliasView(leftAlias) } : {}),
        stateTransitions: stats.stateTransitions,
        stateTransitionsByState: stats.byState,
        timeline: buildTimeline({ operationId: run.operationId, target, audits, aliasChanges, journal, startMs }),
      });
      if (record)
        facts.push({
          operationId: run.operationId,
          kind: 'rollout',
          targetName: run.targetName,
          status: record.status,
          stableVersion: record.kind === 'rollout' ? record.snapshot?.functionVersion : undefined,
          newVersion: run.newVersion,
        });
    }
    for (const [targetName, target] of targets) {
      const remediations = (await sandbox.deps.operations.listForTarget(targetName))
        .filter((record): record is RemediationOperation => record.kind === 'remediation')
        .reverse();
      for (const record of remediations) {
        const executionArn = `${sandbox.remediationStateMachineArn.replace(':stateMachine:', ':execution:')}:${record.operationId}`;
        const stats = record.decision === 'ignore' ? undefined : sandbox.stepFunctions.describeExecutionStats(executionArn);
        const execution = stats ? await sandbox.stepFunctions.waitForExecution(executionArn) : undefined;
        const leftAlias = aliasAtEnd({ operationId: record.operationId, functionName: target.functionName, aliasName: target.aliasName, audits, aliasChanges });
        operations.push({
          id: record.operationId,
          kind: 'remediation',
          target: targetName,
          status: record.status,
          reason: record.outcomeReason ?? execution?.cause ?? record.decisionReason,
          executionStatus: execution?.status ?? 'NOT_STARTED',
          ...(leftAlias ? { aliasAtEnd: aliasView(leftAlias) } : {}),
          stateTransitions: stats?.stateTransitions ?? 0,
          stateTransitionsByState: stats?.byState ?? {},
          timeline: buildTimeline({ operationId: record.operationId, target: remediationView(target, record), audits, aliasChanges, journal, startMs }),
          remediation: remediationReport(record),
        });
        facts.push({ operationId: record.operationId, kind: 'remediation', targetName, status: record.status });
      }
    }
    const finalAliases: Record<string, AliasView> = {};
    for (const [targetName, target] of targets) {
      const alias = await sandbox.clients.lambda.send(new GetAliasCommand({ FunctionName: target.functionName, Name: target.aliasName }));
      finalAliases[targetName] = aliasView({
        functionVersion: alias.FunctionVersion!,
        additionalVersionWeights: alias.RoutingConfig?.AdditionalVersionWeights ?? {},
      });
    }
    return {
      scenario: { name: scenario.name, description: scenario.description, seed: scenario.seed, file: options.file },
      operations,
      finalAliases,
      invariants: checkInvariants({ audits, aliasChanges, operations: facts, targets }),
      stateTransitions: operations.reduce((sum, operation) => sum + operation.stateTransitions, 0),
      traffic: Object.fromEntries(
        [...traffic].map(([name, generator]) => [name, { invocations: generator.stats().invocations, functionErrors: generator.stats().functionErrors }]),
      ),
      virtualSeconds: Math.round((sandbox.clock.nowMs() - startMs) / 1000),
      decisions,
      operatorActions: actions,
      notifications: sandbox.sns
        .published(sandbox.escalationTopicArn)
        .map((message) => ({ atSeconds: Math.round((message.atMs - startMs) / 1000), subject: message.subject ?? '', message: message.message })),
      rejectedEvents: audits.filter((fact) => fact.record.kind === AUDIT_KINDS.eventRejected).length,
    };
  } finally {
    await sandbox.close();
  }
}

/** The alarms a remediation's timeline shows: the runbook's. */
function remediationView(target: { functionName: string; aliasName: string; remediationAlarmNames: readonly string[] }, record: RemediationOperation) {
  return {
    functionName: target.functionName,
    aliasName: target.aliasName,
    gateAlarmNames: record.incident ? [record.incident.alarmName] : target.remediationAlarmNames,
  };
}

/** What the report says of a remediation: trigger, decision, duplicates, and how long detection, mitigation and convergence took. */
function remediationReport(record: RemediationOperation): RemediationReport {
  return {
    trigger: record.trigger,
    alarmName: record.incident?.alarmName,
    action: record.action,
    decision: record.decision ?? 'none',
    decisionReason: record.decisionReason,
    duplicatesSuppressed: record.duplicatesSuppressed ?? 0,
    // The repair time is stamped by the state entered right after the repair's call (`Mitigated`).
    timings: remediationTimings(record),
  };
}
