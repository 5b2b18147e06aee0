import { join } from 'node:path';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeXRay } from './nag-finding.js';
import { HANDLERS_DIR } from './paths.js';
import { grantTableReadWrite } from './table-access.js';
import { TaskFunction } from './task-function.js';

/** What every function of one Braid's engine shares. */
export interface TaskContext {
  /** Braid's table, which every task reads and writes. */
  readonly table: dynamodb.ITable;
  /** The indexes of `table` the grants name. */
  readonly tableIndexes: readonly string[];
  /** Environment variables of every function (the table's name among them). */
  readonly environment: Readonly<Record<string, string>>;
  /** The log group every function writes to. */
  readonly logGroup: logs.ILogGroup;
}

/**
 * A `TaskFunction` of Braid's engine running `functions/handlers/<handlerFile>`: it reads and
 * writes the table (no Scan, no wildcard), with the context's environment plus `environment`.
 */
export function createTableTask(
  scope: Construct,
  id: string,
  handlerFile: string,
  context: TaskContext,
  environment: Readonly<Record<string, string>> = {},
): TaskFunction {
  const fn = new TaskFunction(scope, id, {
    entry: join(HANDLERS_DIR, handlerFile),
    environment: { ...context.environment, ...environment },
    logGroup: context.logGroup,
  });
  grantTableReadWrite(fn, context.table, context.tableIndexes);
  acknowledgeXRay(fn.role!);
  return fn;
}
