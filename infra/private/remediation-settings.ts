import { Token, type Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { toItem } from '../../functions/adapters/dynamodb-item.js';
import type { InputIssue } from '../../functions/core/errors.js';
import { settingsItem, settingsKey } from '../../functions/schema/settings-item.js';
import { acknowledgeCustomResourceProvider } from './nag-finding.js';

const MAX_GLOBAL_REPAIR_BURST = 1000;

/** The account-wide repair budget: a token bucket of `burst` repairs, one back every `refill`. */
export interface GlobalRepairLimit {
  /** Repairs in a burst across every target, 1 to 1000. */
  readonly burst: number;
  /** How often one repair comes back (whole seconds, at least 1 second). */
  readonly refill: Duration;
}

/** Every problem with the global repair limit, named after Braid's props. */
export function validateGlobalRepairLimit({ burst, refill }: GlobalRepairLimit): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!Token.isUnresolved(burst) && (!Number.isInteger(burst) || burst < 1 || burst > MAX_GLOBAL_REPAIR_BURST)) {
    issues.push({ path: 'globalRepairBurst', message: `must be a whole number of repairs from 1 to ${MAX_GLOBAL_REPAIR_BURST}, got ${burst}` });
  }
  const refillSeconds = refill.toSeconds({ integral: false });
  if (!Number.isInteger(refillSeconds) || refillSeconds < 1) {
    issues.push({ path: 'globalRepairRefill', message: `must be a whole number of seconds, at least 1 second, got ${refill.toHumanString()}` });
  }
  return issues;
}

/**
 * Records the account-wide remediation settings in the table (the schema's settings item), where
 * the detector and `braid repair` both read them: a custom resource `RemediationSettings` in
 * `scope` that writes the item on create and update and deletes it on delete.
 *
 * Give it the scope it was deployed in (Braid itself): under a new logical id CloudFormation would
 * write the new item and then, cleaning up, delete the old one, which has the same key.
 */
export function recordRemediationSettings(scope: Construct, table: dynamodb.ITable, { burst, refill }: GlobalRepairLimit): void {
  const key = settingsKey();
  const putSettings: cr.AwsSdkCall = {
    service: 'DynamoDB',
    action: 'PutItem',
    // The same item the settings adapter writes.
    parameters: { TableName: table.tableName, Item: toItem(settingsItem({ globalRateLimit: { capacity: burst, refillSeconds: refill.toSeconds() } })) },
    // The id it was deployed with: a new one would make CloudFormation delete the "old" item, which has the same key.
    physicalResourceId: cr.PhysicalResourceId.of(`${key.pk}#${key.sk}`),
  };
  const settings = new cr.AwsCustomResource(scope, 'RemediationSettings', {
    resourceType: 'Custom::BraidRemediationSettings',
    onCreate: putSettings,
    onUpdate: putSettings,
    onDelete: { service: 'DynamoDB', action: 'DeleteItem', parameters: { TableName: table.tableName, Key: toItem(key) } },
    policy: cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({ actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], resources: [table.tableArn] }),
    ]),
    installLatestAwsSdk: false,
  });
  acknowledgeCustomResourceProvider(settings);
}
