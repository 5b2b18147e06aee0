import { readdirSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../../functions/kernel/task-info.js';
import { REMEDIATION_TASK_CODE } from '../../../functions/remediation/remediation-task-code.js';
import { REMEDIATION_TASK_LIST } from '../../../functions/remediation/remediation-task-list.js';
import { ROLLOUT_TASK_CODE } from '../../../functions/rollout/rollout-task-code.js';
import { ROLLOUT_TASK_LIST } from '../../../functions/rollout/rollout-task-list.js';

/** What one entry point's bundle holds: the project files it includes, and the SDK clients it loads (external, as on AWS). */
async function bundleOf(entry: string): Promise<{ files: string[]; clients: string[] }> {
  const result = await build({
    entryPoints: [`functions/handlers/${entry}`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['@aws-sdk/*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  const clients = output!.imports
    .filter((item) => item.external && item.path.startsWith('@aws-sdk/client-'))
    .map((item) => item.path.slice('@aws-sdk/client-'.length));
  return { files: Object.keys(result.metafile.inputs).filter((file) => file.startsWith('functions/')), clients: [...new Set(clients)].sort() };
}

const LISTS: readonly (readonly [string, readonly TaskInfo[]])[] = [
  ['rollout', ROLLOUT_TASK_LIST],
  ['remediation', REMEDIATION_TASK_LIST],
];
const TASKS = LISTS.flatMap(([braid, list]) => list.map((task) => ({ braid, task, module: `functions/${braid}/${task.name}.ts` })));

/** The entry points outside the state machines' task lists, and the services they call. */
const OTHER_ENTRIES: Record<string, string[]> = {
  'detect-incident.ts': ['cloudwatch', 'dynamodb', 'sfn'],
  'watch-gates.ts': ['dynamodb', 'sfn'],
  'deploy-start.ts': ['dynamodb', 'lambda', 'sfn'],
  'deploy-wait.ts': ['dynamodb'],
};

describe('the Lambda entry points', () => {
  it('are one per listed task, plus the event and deploy functions', () => {
    expect(readdirSync('functions/handlers').sort()).toEqual([...TASKS.map(({ task }) => task.entry), ...Object.keys(OTHER_ENTRIES)].sort());
  });

  it.each(TASKS)('$task.entry bundles its own task, no other task, and only the SDK clients its access allows', async ({ task, module }) => {
    const { files, clients } = await bundleOf(task.entry);
    expect(files).toContain(module);
    expect(files.filter((file) => file !== module && TASKS.some((other) => other.module === file))).toEqual([]);
    expect(files.filter((file) => file.endsWith('-task-code.ts'))).toEqual([]);
    const allowed = ['dynamodb', ...(task.access.readsAliases ? ['lambda'] : []), ...(task.access.readsAlarms ? ['cloudwatch'] : [])].sort();
    expect(clients).toEqual(allowed);
  });

  it('run, in the sandbox, the code of the task of the same name', () => {
    const code = { ...ROLLOUT_TASK_CODE, ...REMEDIATION_TASK_CODE };
    expect(Object.entries(code).map(([name, task]) => [name, task.name])).toEqual(TASKS.map(({ task }) => [task.name, task.name]));
  });

  it.each(Object.entries(OTHER_ENTRIES))('%s bundles no listed task and loads only the clients it calls', async (entry, services) => {
    const { files, clients } = await bundleOf(entry);
    expect(files.filter((file) => TASKS.some((task) => task.module === file))).toEqual([]);
    expect(clients).toEqual(services);
  });
});
