import { Command } from 'commander';
import type { IoHost } from '../io/io-host.js';
import { operatorCommand } from './rollout/operate.js';
import { retryCommand } from './rollout/retry.js';
import { historyCommand } from './rollout/history.js';
import { listCommand } from './rollout/list.js';
import { startCommand } from './rollout/start.js';
import { statusCommand } from './rollout/status.js';
import { watchCommand } from './rollout/watch.js';

/** `braid rollout …`: start rollouts and follow them, against AWS or the sandbox. */
export function rolloutCommand(host: IoHost): Command {
  return new Command('rollout')
    .description('Start rollouts and follow them (against AWS, or the sandbox with --endpoint-url).')
    .addCommand(startCommand(host))
    .addCommand(statusCommand(host))
    .addCommand(listCommand(host))
    .addCommand(historyCommand(host))
    .addCommand(watchCommand(host))
    .addCommand(operatorCommand(host, 'approve'))
    .addCommand(operatorCommand(host, 'reject'))
    .addCommand(operatorCommand(host, 'resume'))
    .addCommand(operatorCommand(host, 'abort'))
    .addCommand(operatorCommand(host, 'pause'))
    .addCommand(operatorCommand(host, 'promote'))
    .addCommand(retryCommand(host));
}
