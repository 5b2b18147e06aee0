import { GetAliasCommand } from '@aws-sdk/client-lambda';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ulidGenerator } from '../../functions/core/ids.js';
import { startSandbox, type Sandbox } from '../sandbox.js';
import { TaskCallbacks } from '../../functions/adapters/task-callbacks.js';
import { operateRollout } from '../../functions/control/operate-rollout.js';
import { BraidError } from '../../functions/core/errors.js';
import { setUpScenario } from './setup-scenario.js';
import { stepsOf, targetNameOf } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { checkInvariants, type OperationFacts } from './invariants.js';
import { aliasFacts, auditFacts } from './journal-facts.js';
import { aliasView, type DecisionReport, type OperationReport, type ScenarioReport } from './report.js';
import { buildTimeline } from './timeline.js';

/** Virtual time a scenario may run after its last decision before its rollouts are stopped. */
const HORIZON_MS = 7 * 24 * 3600 * 1000;
/** How far the scenario moves the clock at a time while rollouts wait for people or timeouts. */
const TICK_MS = 60_000;

/**
 * Plays the scenario's scripted decisions at their times, then keeps virtual time moving until
 * every rollout has ended (a rollout waiting for a person only ends by a decision or a timeout).
 */
async function driveToEnd(sandbox: Sandbox, scenario: Scenario, startMs: number, operationIds: readonly string[]): Promise<DecisionReport[]> {
  const { clock } = sandbox;
  const running = () => sandbox.stepFunctions.runningExecutions().length > 0;
  const control = { table: sandbox.table, callbacks: new TaskCallbacks(sandbox.clients.sfn), clock, newId: sandbox.newId };
  const reports: DecisionReport[] = [];
  for (const decision of scenario.decisions) {
    const atMs = startMs + decision.atSeconds * 1000;
    while (clock.nowMs() < atMs) await clock.sleep(Math.min(TICK_MS, atMs - clock.nowMs()));
    const operationId = operationIds[decision.rollout]!;
    try {
      const result = await operateRollout({ operationId, action: decision.decision, by: decision.by, reason: decision.reason }, control);
      const detail = result.applied === 'now' ? `${result.hold.kind} on step ${result.hold.index + 1} ${result.hold.status}` : `${result.command.action} recorded for the next gate check`;
      reports.push({ ...decision, operationId, applied: true, detail });
    } catch (error) {
      if (!(error instanceof BraidError)) throw error;
      reports.push({ ...decision, operationId, applied: false, detail: error.message });
    }
  }
  const horizonMs = clock.nowMs() + HORIZON_MS;
  while (running() && clock.nowMs() < horizonMs) await clock.sleep(TICK_MS);
  sandbox.stepFunctions.stopRunningExecutions('the scenario reached its time horizon with the rollout still waiting');
  return reports;
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
    const decisions = await driveToEnd(sandbox, scenario, startMs, started.map((run) => run.operationId));
    const executions = await Promise.all(started.map((run) => sandbox.stepFunctions.waitForExecution(run.executionArn)));

    const journal = sandbox.journal.entries();
    const audits = auditFacts(journal);
    const aliasChanges = aliasFacts(journal);
    const targets = new Map(scenario.targets.map((target) => [targetNameOf(target), { functionName: target.function, aliasName: target.alias, gateAlarmNames: target.gates, steps: stepsOf(target) }]));
    const operations: OperationReport[] = [];
    const facts: OperationFacts[] = [];
    for (const [index, run] of started.entries()) {
      const target = targets.get(run.targetName)!;
      const record = await sandbox.table.getOperation(run.operationId);
      const alias = await sandbox.clients.lambda.send(new GetAliasCommand({ FunctionName: target.functionName, Name: target.aliasName }));
      const stats = sandbox.stepFunctions.describeExecutionStats(run.executionArn);
      operations.push({
        id: run.operationId,
        kind: 'rollout',
        target: run.targetName,
        newVersion: run.newVersion,
        status: record?.status ?? 'rejected',
        reason: record?.outcomeReason ?? executions[index]!.cause,
        executionStatus: executions[index]!.status,
        finalAlias: aliasView({ functionVersion: alias.FunctionVersion!, additionalVersionWeights: alias.RoutingConfig?.AdditionalVersionWeights ?? {} }),
        stateTransitions: stats.stateTransitions,
        stateTransitionsByState: stats.byState,
        timeline: buildTimeline({ operationId: run.operationId, target, audits, aliasChanges, journal, startMs }),
      });
      if (record) facts.push({ operationId: run.operationId, targetName: run.targetName, status: record.status, stableVersion: record.snapshot?.functionVersion, newVersion: run.newVersion });
    }
    return {
      scenario: { name: scenario.name, description: scenario.description, seed: scenario.seed, file: options.file },
      operations,
      invariants: checkInvariants({ audits, aliasChanges, operations: facts, targets }),
      stateTransitions: operations.reduce((sum, operation) => sum + operation.stateTransitions, 0),
      traffic: Object.fromEntries([...traffic].map(([name, generator]) => [name, { invocations: generator.stats().invocations, functionErrors: generator.stats().functionErrors }])),
      virtualSeconds: Math.round((sandbox.clock.nowMs() - startMs) / 1000),
      decisions,
    };
  } finally {
    await sandbox.close();
  }
}
