import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError } from 'commander';
import type { IoHost } from '../../io/io-host.js';
import { renderWatchBlock, renderWatchLine } from '../../output/render-rollout.js';
import { readRolloutView, type RolloutView } from '../../rollout/rollout-view.js';
import { braidSubcommand, inBraid, type CommonFlags } from './braid-subcommand.js';

/**
 * `braid rollout watch <operationId>`: polls until the operation ends. On a terminal one status
 * block is redrawn in place; elsewhere one line is printed per change, so logs keep the history.
 */
export function watchCommand(host: IoHost) {
  return braidSubcommand('watch', 'Follow an operation until it ends: weight and step, last gate verdict, elapsed time. Exits 0 whatever the outcome.')
    .argument('<operationId>', 'the id printed by braid rollout start')
    .option('--interval <seconds>', 'time between polls', parseInterval, 2)
    .action(async (operationId: string, flags: CommonFlags & { interval: number }) => {
      const final = await inBraid(host, flags, { stateMachine: true }, async (context) => {
        let shown = '';
        for (;;) {
          const view = await readRolloutView(context, operationId);
          const line = renderWatchLine(view, host.style);
          if (line !== shown) {
            shown = line;
            show(host, view, flags.json === true);
          }
          if (view.ended) return view;
          await sleep(flags.interval * 1000);
        }
      });
      if (flags.json) host.json(final);
    });
}

function show(host: IoHost, view: RolloutView, json: boolean): void {
  // With --json, stdout carries only the final document; the live view goes to stderr.
  if (json) host.info('ROLLOUT.WATCH', renderWatchLine(view, host.style));
  else if (host.io.isTTY) host.redraw(renderWatchBlock(view, host.style));
  else host.result(renderWatchLine(view, host.style));
}

function parseInterval(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new InvalidArgumentError(`must be a number of seconds above 0 and at most 3600, got "${value}"`);
  return seconds;
}
