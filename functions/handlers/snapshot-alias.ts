import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { lambdaDeps } from '../deps/lambda-deps.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { snapshotAliasTask } from '../rollout/snapshot-alias.js';

/** Lambda entry point of the rollout's `SnapshotAlias` state. */
export const handler = taskHandler(snapshotAliasTask, depsFromEnvironment(tableDeps, lambdaDeps));
