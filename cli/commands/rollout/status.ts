import type { IoHost } from '../../io/io-host.js';
import { renderStatus } from '../../output/render-rollout.js';
import { readRolloutView } from '../../rollout/rollout-view.js';
import { braidSubcommand, inBraid, type CommonFlags } from './braid-subcommand.js';

/** `braid rollout status <operationId>`: the operation and its execution. */
export function statusCommand(host: IoHost) {
  return braidSubcommand(
    'status',
    "Show an operation and its execution's status: a rollout's phase, versions, step and weight, last gate verdict and outcome; a remediation's trigger, repair, decision, outcome, duplicates and timings.",
  )
    .argument('<operationId>', 'the id printed by braid rollout start or braid repair')
    .action(async (operationId: string, flags: CommonFlags) => {
      const view = await inBraid(host, flags, { stateMachine: true }, (context) => readRolloutView(context, operationId));
      if (flags.json) host.json(view);
      else host.result(renderStatus(view, host.style));
    });
}
