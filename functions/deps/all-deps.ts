import type { TaskDeps } from '../kernel/task-deps.js';
import { cloudwatchDeps } from './cloudwatch-deps.js';
import type { DepsEnvironment } from './deps-environment.js';
import { createDeps } from './deps-group.js';
import { lambdaDeps } from './lambda-deps.js';
import { stepFunctionsDeps } from './stepfunctions-deps.js';
import { tableDeps } from './table-deps.js';

/** Every dependency, each built when first read: what the sandbox and the CLI give Braid's functions. */
export function allDeps(env: DepsEnvironment): TaskDeps {
  return createDeps(env, tableDeps, lambdaDeps, cloudwatchDeps, stepFunctionsDeps);
}
