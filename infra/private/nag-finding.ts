import { Stack, Validations } from 'aws-cdk-lib';
import type * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's finding on the role of `AwsCustomResource`'s provider function, one
 * singleton per stack shared by every AwsCustomResource in it.
 */
export function acknowledgeCustomResourceProvider(resource: cr.AwsCustomResource): void {
  const providerRole = resource.grantPrincipal;
  if (!Construct.isConstruct(providerRole)) return;
  Validations.of(providerRole).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: "AwsCustomResource's provider function gets the AWS managed basic execution role from aws-cdk-lib; it only lets the provider write its own logs.",
  });
}

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for one wildcard resource ARN on `scope`.
 * cdk-nag names each finding after the resource with CloudFormation references flattened
 * (`{"Fn::GetAtt": ["Fn", "Arn"]}` → `<Fn.Arn>`), so the id is computed the same way here; an
 * acknowledgement with any other text would silently not match.
 *
 * Call it once the referenced resources have their final logical ids.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resourceArn: string, reason: string): void {
  const flat = flatten(Stack.of(scope).resolve(resourceArn));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node !== null && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    if ('Fn::Join' in object) {
      const [delimiter, items] = object['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if ('Fn::GetAtt' in object) {
      const [resource, attribute] = object['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if ('Ref' in object) return `<${flatten(object.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** Acknowledges the X-Ray wildcard on a traced function's role: X-Ray has no resource-level permissions. */
export function acknowledgeXRay(role: IConstruct): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) does not support resource-level permissions.',
  });
}
