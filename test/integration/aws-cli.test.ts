import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleScenario, sandboxFor, type RolloutFixture } from '../support/rollout-fixture.js';
import { awsJson } from '../support/aws-cli.js';

/** The sandbox speaks AWS's wire protocols well enough for the standard AWS CLI. */
describe('the sandbox seen through the AWS CLI', () => {
  let fixture: RolloutFixture;
  let executionArn: string;

  beforeAll(async () => {
    fixture = await sandboxFor(exampleScenario('healthy-canary'));
    ({ executionArn } = await fixture.run({ targetName: 'checkout:live', newVersion: '2' }));
  });
  afterAll(() => fixture.close());

  it('reads the final alias with `aws lambda get-alias`', async () => {
    const alias = await awsJson(fixture.sandbox.endpoint, ['lambda', 'get-alias', '--function-name', 'checkout', '--name', 'live']);
    expect(alias).toMatchObject({ Name: 'live', FunctionVersion: '2', AliasArn: 'arn:aws:lambda:us-east-1:000000000000:function:checkout:live' });
    expect(alias.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
  });

  it('reads the execution history with `aws stepfunctions get-execution-history`', async () => {
    const history = await awsJson(fixture.sandbox.endpoint, ['stepfunctions', 'get-execution-history', '--execution-arn', executionArn]);
    const events = history.events as { type: string; stateEnteredEventDetails?: { name: string } }[];
    expect(events[0]?.type).toBe('ExecutionStarted');
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    const entered = events.flatMap((event) => (event.stateEnteredEventDetails ? [event.stateEnteredEventDetails.name] : []));
    expect(entered).toEqual([
      'PrepareRollout',
      'AcquireLease',
      'SnapshotAlias',
      'HasPreTrafficHook',
      'ApprovalBeforeStart',
      'Decide',
      'Route',
      'ShiftWeight',
      'Bake',
      'Decide',
      'Route',
      'ShiftWeight',
      'Bake',
      'Decide',
      'Route',
      'HasPostTrafficHook',
      'FinishOperation',
      'Outcome',
      'Promoted',
    ]);
  });

  it('lists the execution with `aws stepfunctions list-executions` and scans the audit trail with `aws dynamodb scan`', async () => {
    const executions = await awsJson(fixture.sandbox.endpoint, [
      'stepfunctions',
      'list-executions',
      '--state-machine-arn',
      fixture.sandbox.rolloutStateMachineArn,
    ]);
    expect(executions.executions).toEqual([expect.objectContaining({ executionArn, status: 'SUCCEEDED' })]);
    const scan = await awsJson(fixture.sandbox.endpoint, [
      'dynamodb',
      'scan',
      '--table-name',
      fixture.sandbox.tableName,
      '--filter-expression',
      'begins_with(sk, :a)',
      '--expression-attribute-values',
      '{":a":{"S":"AUDIT#"}}',
    ]);
    // Nine records of the rollout, and the known-good version its promotion recorded.
    expect(scan.Count).toBe(10);
  });
});
