import { depsFromEnvironment } from '../deps/deps-from-environment.js';
import { tableDeps } from '../deps/table-deps.js';
import { taskHandler } from '../kernel/task-handler.js';
import { judgeHookTask } from '../rollout/judge-hook.js';

/** Lambda entry point of the rollout's `JudgePreTrafficHook` and `JudgePostTrafficHook` states. */
export const handler = taskHandler(judgeHookTask, depsFromEnvironment(tableDeps));
