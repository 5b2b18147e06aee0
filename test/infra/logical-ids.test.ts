import { App, type CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Braid } from '../../infra/braid.js';
import { keepEarlierLogicalIds, logicalIdAt } from '../../infra/private/logical-ids.js';
import { fixture } from './target-fixture.js';

/**
 * The logical ids Braid's stateful resources were deployed with, for a Braid with id `Braid`
 * directly in its stack. Each holds data or running executions: under a new id CloudFormation
 * would create a new one and delete this one (see docs/deploy.md, "Logical ids").
 */
const DEPLOYED_IDS: Readonly<Record<string, readonly string[]>> = {
  'AWS::DynamoDB::Table': ['BraidTable8F5F0E10'],
  'AWS::StepFunctions::StateMachine': ['BraidRolloutStateMachineE8F15A43', 'BraidRemediationStateMachineF7741D70'],
  // A running execution keeps the role it started with.
  'AWS::IAM::Role': ['BraidRolloutStateMachineRoleA1F05997', 'BraidRemediationStateMachineRoleCF64C6F9'],
  'AWS::Logs::LogGroup': ['BraidTaskLogs35FCDB36', 'BraidRolloutLogs6E5E5CE1', 'BraidRemediationLogs2B8D4EAC'],
  'AWS::SNS::Topic': ['BraidEscalationTopicCDAB4DF7'],
  'AWS::SQS::Queue': ['BraidDetectorDeadLetters8FE41EF9'],
  // Replaced, it would write the settings item and then delete it (same key) while cleaning up.
  'Custom::BraidRemediationSettings': ['BraidRemediationSettings3CF570FB'],
};

/** The functions Braid had as its own children before its parts were constructs; each kept its id (running executions invoke them by ARN). */
const DEPLOYED_FUNCTIONS = [
  ...['PrepareRollout', 'AcquireLease', 'SnapshotAlias', 'JudgeHook', 'Decide', 'RequestHold', 'HoldTimedOut', 'PlanRestore', 'FinishOperation'],
  ...['RequestRepairApproval', 'PrepareRepair', 'VerifyRepair', 'PlanUndo', 'EscalateIncident', 'CloseIncident'],
  ...['DetectIncident', 'WatchGates'],
];

/** The logical id aws-cdk-lib itself allocates to an element at `path` below a stack. */
function cdkLogicalIdAt(path: readonly string[]): string {
  const stack = new Stack(new App(), 'Reference');
  const parent = path.slice(0, -1).reduce<Construct>((scope, id) => new Construct(scope, id), stack);
  return stack.getLogicalId(new CfnResource(parent, path.at(-1)!, { type: 'Test::Thing' }));
}

describe('logicalIdAt', () => {
  it.each([
    ['a resource of a construct', ['Braid', 'Table', 'Resource']],
    ['a lone id', ['Single']],
    ['a path through Default', ['Braid', 'Default', 'Thing']],
    ['an id its parent ends with', ['CheckoutTable', 'Table', 'Resource']],
    ['ids with non-alphanumerics', ['My-Function', 'Role', 'DefaultPolicy', 'Resource']],
    ['a path longer than 240 characters', ['L'.repeat(300), 'Resource']],
    ['a lone id longer than 255 characters', ['S'.repeat(300)]],
  ])('gives %s the id aws-cdk-lib allocates there', (_case, path) => {
    expect(logicalIdAt(path)).toBe(cdkLogicalIdAt(path));
  });
});

describe('keepEarlierLogicalIds', () => {
  it("gives a group's listed children the ids they had as its parent's children, renamed as listed; the others keep their own", () => {
    const stack = new Stack(new App(), 'Test');
    const group = new Construct(new Construct(stack, 'Parent'), 'Group');
    new CfnResource(group, 'Kept', { type: 'Test::Thing' });
    new CfnResource(new Construct(group, 'Machine'), 'Resource', { type: 'Test::Thing' });
    new CfnResource(group, 'Newer', { type: 'Test::Thing' });
    keepEarlierLogicalIds(group, { Kept: 'Kept', Machine: 'RolloutMachine', Gone: 'Gone' });
    new CfnResource(group, 'Later', { type: 'Test::Thing' });

    expect(Object.keys(Template.fromStack(stack).toJSON().Resources)).toEqual([
      cdkLogicalIdAt(['Parent', 'Kept']),
      cdkLogicalIdAt(['Parent', 'RolloutMachine', 'Resource']),
      cdkLogicalIdAt(['Parent', 'Group', 'Newer']),
      cdkLogicalIdAt(['Parent', 'Group', 'Later']),
    ]);
  });
});

describe("Braid's logical ids", () => {
  let stack: Stack;
  let braid: Braid;
  let resources: Record<string, { Type: string }>;
  beforeAll(() => {
    ({ stack, braid } = fixture());
    resources = Template.fromStack(stack).toJSON().Resources;
  });

  it.each(Object.entries(DEPLOYED_IDS))('keeps the %s it was deployed with', (type, ids) => {
    for (const id of ids) expect(resources[id]?.Type, id).toBe(type);
  });

  it('keeps every function it had before its parts were constructs where running executions and rules find it', () => {
    const functions = braid.node.findAll().filter((construct): construct is lambda.Function => construct instanceof lambda.Function);
    const earlier = functions.filter((fn) => DEPLOYED_FUNCTIONS.includes(fn.node.id));
    expect(earlier.length).toBeGreaterThan(0);
    for (const fn of earlier) {
      expect(stack.resolve((fn.node.defaultChild as CfnElement).logicalId), fn.node.path).toBe(cdkLogicalIdAt(['Braid', fn.node.id, 'Resource']));
    }
  });
});
