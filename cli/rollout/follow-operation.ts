import { setTimeout as sleep } from 'node:timers/promises';
import type { BraidContext } from '../context/braid-context.js';
import type { IoHost } from '../io/io-host.js';
import { renderWatchBlock, renderWatchLine } from '../output/render-rollout.js';
import { readRolloutView, type RolloutView } from './rollout-view.js';

/** How {@link followOperation} shows changes. */
export interface FollowOptions {
  /** Seconds between polls. */
  readonly intervalSeconds: number;
  /** Changes go to stderr (stdout is kept for one JSON document), else to stdout. */
  readonly quietStdout: boolean;
}

/**
 * Polls an operation until it ends, showing each change: on a terminal one status block
 * redrawn in place; elsewhere one line per change, so logs keep the history. Resolves to the
 * final view.
 */
export async function followOperation(host: IoHost, context: BraidContext, operationId: string, options: FollowOptions): Promise<RolloutView> {
  let shown = '';
  for (;;) {
    const view = await readRolloutView(context, operationId);
    const line = renderWatchLine(view, host.style);
    if (line !== shown) {
      shown = line;
      show(host, view, options.quietStdout);
    }
    if (view.ended) return view;
    await sleep(options.intervalSeconds * 1000);
  }
}

function show(host: IoHost, view: RolloutView, quietStdout: boolean): void {
  if (quietStdout) host.info('ROLLOUT.WATCH', renderWatchLine(view, host.style));
  else if (host.io.isTTY) host.redraw(renderWatchBlock(view, host.style));
  else host.result(renderWatchLine(view, host.style));
}
