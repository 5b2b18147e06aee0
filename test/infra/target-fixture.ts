import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { Braid, type BraidProps } from '../../infra/braid.js';
import { testApp } from './test-app.js';

/** The function behind the fixture's alias `live`. */
export const TARGET_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:checkout';

/** What `fixture()` builds. */
export interface TargetFixture {
  readonly stack: Stack;
  readonly braid: Braid;
  readonly alias: lambda.IAlias;
  readonly alarm: cloudwatch.IAlarm;
}

/** A Braid and an existing alias `checkout:live` with one alarm, so names and ARNs resolve at synth. */
export function fixture(props?: BraidProps): TargetFixture {
  const stack = new Stack(testApp(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const braid = new Braid(stack, 'Braid', props);
  const alias = lambda.Alias.fromAliasAttributes(stack, 'Live', {
    aliasName: 'live',
    aliasVersion: lambda.Version.fromVersionArn(stack, 'V3', `${TARGET_FUNCTION_ARN}:3`),
  });
  const alarm = cloudwatch.Alarm.fromAlarmName(stack, 'Errors', 'checkout-live-errors');
  return { stack, braid, alias, alarm };
}

/** An AwsCustomResource SDK call as the provider will receive it, with `{Ref: X}` shown as `<X>`. */
export function sdkCall(stack: Stack, value: unknown): Record<string, any> {
  const render = (node: unknown): string => {
    if (typeof node === 'string') return node;
    const object = node as Record<string, any>;
    if ('Fn::Join' in object) return (object['Fn::Join'][1] as unknown[]).map(render).join(object['Fn::Join'][0]);
    if ('Ref' in object) return `<${object.Ref}>`;
    throw new Error(`cannot render ${JSON.stringify(node)}`);
  };
  return JSON.parse(render(stack.resolve(value)));
}

/** The SDK calls of the stack's only target registration. */
export function registration(stack: Stack): { create: Record<string, any>; update: Record<string, any>; delete: Record<string, any> } {
  const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::BraidRolloutTarget'));
  const props = resource!.Properties;
  return { create: sdkCall(stack, props.Create), update: sdkCall(stack, props.Update), delete: sdkCall(stack, props.Delete) };
}

/** Every IAM statement attached to the roles whose references match `rolePattern`. */
export function policyStatements(stack: Stack, rolePattern: RegExp): Array<{ Action: string | string[]; Resource: unknown }> {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((policy) => rolePattern.test(JSON.stringify(policy.Properties.Roles)))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/**
 * The logical id of the resource at `path` below `braid`, e.g. `Table` or `Rollout/StateMachine`,
 * as the template has it (`Stack.getLogicalId` would ignore an overridden id).
 */
export function logicalIdOf(stack: Stack, braid: Braid, path: string): string {
  const construct = path.split('/').reduce<IConstruct>((scope, id) => scope.node.findChild(id), braid);
  return stack.resolve((construct.node.defaultChild as CfnElement).logicalId);
}
