import { Command } from 'commander';
import type { IoHost } from '../io/io-host.js';
import { decideCommand } from './rollout/decide.js';
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
    .addCommand(decideCommand(host, 'approve'))
    .addCommand(decideCommand(host, 'reject'));
}
