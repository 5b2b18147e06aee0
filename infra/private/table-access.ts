import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'];

// Transactions are authorised per item action, so PutItem/UpdateItem/DeleteItem/ConditionCheckItem
// also cover TransactWriteItems; BatchWriteItem is left out because Braid never writes unconditionally.
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];

/**
 * Grants reading a table and the named indexes. Unlike `Table.grantReadData` this names each
 * index instead of `index/*` and leaves out Scan, so the policy holds no wildcard.
 */
export function grantTableRead(grantee: iam.IGrantable, table: dynamodb.ITable, indexNames: readonly string[]): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: READ_ACTIONS, resourceArns: tableArns(table, indexNames) });
}

/** Grants reading and conditionally writing items of a table (no Scan, no BatchWriteItem). */
export function grantTableReadWrite(grantee: iam.IGrantable, table: dynamodb.ITable, indexNames: readonly string[]): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [...READ_ACTIONS, ...WRITE_ACTIONS],
    resourceArns: tableArns(table, indexNames),
  });
}

function tableArns(table: dynamodb.ITable, indexNames: readonly string[]): string[] {
  return [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)];
}
