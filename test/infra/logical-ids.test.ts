import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { keepEarlierLogicalIds, logicalIdAt } from '../../infra/private/logical-ids.js';
import { REMEDIATION_TASKS } from '../../infra/private/remediation-tasks.js';
import { ROLLOUT_TASKS } from '../../infra/private/rollout-tasks.js';
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
  it("gives a group's resources the ids they had as its parent's children, renamed as listed; a resource added later keeps its own", () => {
    const stack = new Stack(new App(), 'Test');
    const group = new Construct(new Construct(stack, 'Parent'), 'Group');
    new CfnResource(group, 'Kept', { type: 'Test::Thing' });
    new CfnResource(new Construct(group, 'Machine'), 'Resource', { type: 'Test::Thing' });
    keepEarlierLogicalIds(group, { Machine: 'RolloutMachine' });
    new CfnResource(group, 'Later', { type: 'Test::Thing' });

    const ids = Object.keys(Template.fromStack(stack).toJSON().Resources);
    expect(ids).toEqual([
      cdkLogicalIdAt(['Parent', 'Kept']),
      cdkLogicalIdAt(['Parent', 'RolloutMachine', 'Resource']),
      cdkLogicalIdAt(['Parent', 'Group', 'Later']),
    ]);
  });
});

describe("Braid's logical ids", () => {
  let resources: Record<string, { Type: string }>;
  beforeAll(() => {
    resources = Template.fromStack(fixture().stack).toJSON().Resources;
  });

  it.each(Object.entries(DEPLOYED_IDS))('keeps the %s it was deployed with', (type, ids) => {
    for (const id of ids) expect(resources[id]?.Type, id).toBe(type);
  });

  it('keeps every task function, the detector and the gate watcher where running executions and rules find them', () => {
    const functions = [...Object.values(ROLLOUT_TASKS), ...Object.values(REMEDIATION_TASKS)].map((task) => task.id).concat('DetectIncident', 'WatchGates');
    for (const id of functions) {
      const logicalId = cdkLogicalIdAt(['Braid', id, 'Resource']);
      expect(resources[logicalId]?.Type, logicalId).toBe('AWS::Lambda::Function');
    }
  });
});
