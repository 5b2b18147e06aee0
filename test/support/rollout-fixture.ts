import { readFileSync } from 'node:fs';
import { GetAliasCommand } from '@aws-sdk/client-lambda';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { AuditRecord } from '../../functions/core/audit.js';
import { ulidGenerator } from '../../functions/core/ids.js';
import { startSandbox, type Sandbox } from '../../local/sandbox.js';
import { parseScenario } from '../../local/scenario/load-scenario.js';
import type { Scenario } from '../../local/scenario/scenario-schema.js';
import { checkInvariants } from '../../local/simulation/invariants.js';
import { aliasFacts, auditFacts } from '../../local/simulation/journal-facts.js';
import { setUpScenario } from '../../local/simulation/setup-scenario.js';
import { dynamodbEndpoint } from './dynamodb-local.js';

let tables = 0;

/** The bundled healthy canary, as a base for test scenarios. */
export function exampleScenario(name: 'healthy-canary' | 'faulty-canary', change: (scenario: Record<string, any>) => void = () => undefined): Scenario {
  const json = JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')) as Record<string, any>;
  change(json);
  return parseScenario(JSON.stringify(json));
}

/** A sandbox holding a scenario's world (functions, alias, alarms, registry, traffic), warmed up, on the worker's DynamoDB Local. */
export async function sandboxFor(scenario: Scenario): Promise<RolloutFixture> {
  tables += 1;
  const sandbox = await startSandbox({
    seed: scenario.seed,
    startMs: Date.parse(scenario.startTime),
    dynamodbEndpoint: await dynamodbEndpoint(),
    tableName: `braid-test-${process.pid}-${tables}`,
  });
  await setUpScenario(sandbox, scenario);
  await sandbox.clock.sleep(scenario.warmupSeconds * 1000);
  return new RolloutFixture(sandbox);
}

/** Starts rollouts through the real Step Functions API and reads what they did. */
export class RolloutFixture {
  private readonly newId: () => string;

  constructor(readonly sandbox: Sandbox) {
    this.newId = ulidGenerator(sandbox.clock, () => sandbox.random.next());
  }

  /** Starts a rollout; the input may be overridden to test bad requests. */
  async start(input: Record<string, unknown>): Promise<{ operationId: string; executionArn: string }> {
    const operationId = (input.operationId as string | undefined) ?? this.newId();
    const { executionArn } = await this.sandbox.clients.sfn.send(
      new StartExecutionCommand({ stateMachineArn: this.sandbox.rolloutStateMachineArn, name: operationId, input: JSON.stringify({ operationId, ...input }) }),
    );
    return { operationId, executionArn: executionArn! };
  }

  /** Runs one rollout to its end. */
  async run(input: Record<string, unknown>) {
    const { operationId, executionArn } = await this.start(input);
    const execution = await this.sandbox.stepFunctions.waitForExecution(executionArn);
    return { operationId, executionArn, execution, operation: await this.sandbox.deps.operations.get(operationId), audit: await this.audit(operationId) };
  }

  async audit(operationId: string): Promise<AuditRecord[]> {
    return this.sandbox.deps.audit.list(operationId);
  }

  async alias(functionName = 'checkout', aliasName = 'live') {
    const alias = await this.sandbox.clients.lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: aliasName }));
    return { functionVersion: alias.FunctionVersion, additionalVersionWeights: alias.RoutingConfig?.AdditionalVersionWeights ?? {} };
  }

  /** Alias updates Lambda applied, in order. */
  aliasUpdates() {
    return this.sandbox.journal
      .entries()
      .filter((entry) => entry.service === 'lambda' && entry.action === 'UpdateAlias')
      .map((entry) => ({ functionVersion: entry.detail.functionVersion, additionalVersionWeights: entry.detail.additionalVersionWeights }));
  }

  /** Invariants I1, I2, I3, I5 over everything the sandbox journaled, for the given operations of `checkout:live`. */
  async invariants(operationIds: readonly string[]): Promise<Record<string, boolean>> {
    const entries = this.sandbox.journal.entries();
    const operations = [];
    for (const operationId of operationIds) {
      const record = await this.sandbox.deps.operations.get(operationId);
      if (record)
        operations.push({
          operationId,
          kind: record.kind,
          targetName: record.targetName,
          status: record.status,
          stableVersion: record.kind === 'rollout' ? record.snapshot?.functionVersion : undefined,
          newVersion: record.kind === 'rollout' ? record.newVersion : undefined,
        });
    }
    const checks = checkInvariants({
      audits: auditFacts(entries),
      aliasChanges: aliasFacts(entries),
      operations,
      targets: new Map([['checkout:live', { functionName: 'checkout', aliasName: 'live' }]]),
    });
    return Object.fromEntries(checks.map((check) => [check.id, check.holds]));
  }

  close(): Promise<void> {
    return this.sandbox.close();
  }
}
