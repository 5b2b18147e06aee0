import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, AssetStaging, Stack } from 'aws-cdk-lib';
import { BraidExampleStack } from '../../infra/example-stack.js';
import { PROJECT_ROOT } from '../../infra/private/paths.js';
import { TaskFunction } from '../../infra/private/task-function.js';
import { RolloutOnDeploy } from '../../infra/rollout-on-deploy.js';

/** One Lambda function of Braid as CDK bundled it. */
export interface DeployedBundle {
  /** The function's construct path below its stack, e.g. `Braid/DetectIncident`. */
  readonly name: string;
  /** The bundle CDK built: the `index.mjs` of the function's asset. */
  readonly file: string;
}

/**
 * Builds the example stack, plus the optional `RolloutOnDeploy` functions (start and wait), with
 * the project's cdk.json context into `outdir`, and returns the bundle of every Braid task
 * function. CDK bundles each one itself, with the settings `TaskFunction` gives it, so the list
 * and the bundles follow the infra code, whatever handlers and tasks it deploys.
 */
export function deployedBundles(outdir: string): DeployedBundle[] {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ outdir, context: cdkJson.context });
  const stack = new BraidExampleStack(app, 'BraidExample');
  new RolloutOnDeploy(stack, 'RolloutOnDeploy', { braid: stack.braid, target: stack.target, version: stack.alias.version, waitForOutcome: true });
  return app.node
    .findAll()
    .filter((construct): construct is TaskFunction => construct instanceof TaskFunction)
    .map((fn) => {
      const staging = fn.node.findAll().find((child): child is AssetStaging => child instanceof AssetStaging);
      const file = staging && join(staging.absoluteStagedPath, 'index.mjs');
      if (!file || !existsSync(file)) throw new Error(`${fn.node.path}: CDK built no index.mjs (is bundling skipped?)`);
      const stackPath = Stack.of(fn).node.path;
      return { name: fn.node.path.slice(stackPath.length + 1), file };
    });
}
