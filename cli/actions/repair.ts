import { requestRepair } from '../../functions/remediation/request-repair.js';
import { InvalidInputError, type InputIssue } from '../../functions/core/errors.js';
import type { DecideResult } from '../../functions/remediation/decide-and-start.js';
import type { RepairAction } from '../../functions/core/remediation/runbook.js';
import type { CommonFlags } from '../commands/rollout/braid-subcommand.js';
import type { BraidConfig } from '../context/braid-config.js';
import { inBraid } from '../context/braid-context.js';
import { osUser } from '../context/os-user.js';
import type { IoHost } from '../io/io-host.js';
import { formatDecision } from '../output/render-remediation.js';
import { renderStatus } from '../output/render-rollout.js';
import { followOperation } from '../rollout/follow-operation.js';
import type { RolloutView } from '../rollout/rollout-view.js';

/** The flags of `braid repair`. */
export interface RepairFlags extends CommonFlags {
  readonly action?: RepairAction;
  readonly concurrency?: number;
  readonly reason: string;
  readonly by?: string;
  readonly wait?: boolean;
  readonly interval: number;
}

/**
 * What `braid repair` does once its arguments and configuration are valid: request the repair
 * (policy decides), say what was decided, and with --wait follow the remediation to its end.
 */
export async function repairAction(host: IoHost, config: BraidConfig, targetName: string, flags: RepairFlags): Promise<void> {
  const by = flags.by ?? `cli:${osUser(host.io.env)}`;
  const { result, final } = await inBraid(host, config, async (context) => {
    const decided = await context.withRemediationDeps((deps) =>
      requestRepair({ targetName, action: flags.action, reservedConcurrency: flags.concurrency, by, reason: flags.reason }, deps).catch((error: unknown) => {
        throw inFlagTerms(error);
      }),
    );
    announce(host, targetName, decided);
    if (!flags.wait || decided.outcome !== 'started') return { result: decided, final: undefined };
    return { result: decided, final: await followOperation(host, context, decided.operationId, { intervalSeconds: flags.interval, quietStdout: true }) };
  });
  if (flags.json) {
    host.json(document(targetName, result, final));
    return;
  }
  host.result(result.operationId);
  if (final) host.result(renderStatus(final, host.style));
}

/** What `--json` prints: the operation, what policy decided, the execution, and with --wait the final status. */
function document(targetName: string, result: DecideResult, final: RolloutView | undefined) {
  return {
    operationId: result.operationId,
    targetName,
    outcome: result.outcome,
    decision: 'decision' in result ? { decision: result.decision.decision, rule: result.decision.rule, reason: result.decision.reason } : undefined,
    executionArn: result.outcome === 'started' ? result.executionArn : undefined,
    ...(final ? { final } : {}),
  };
}

/** The decision on stderr: a warning when nothing will be repaired, else how to follow it. */
function announce(host: IoHost, targetName: string, result: DecideResult): void {
  const follow = `follow it with: braid rollout watch ${result.operationId} (trail: braid rollout history ${result.operationId})`;
  if (result.outcome === 'decided_elsewhere') {
    host.notify({
      code: 'REPAIR.DECIDED',
      level: 'warn',
      message: `repair of ${targetName}: operation ${result.operationId} was already decided by another request; ${follow}`,
    });
    return;
  }
  const decided = `repair of ${targetName} decided ${formatDecision(result.decision)}`;
  if (result.outcome === 'ignored') {
    host.notify({ code: 'REPAIR.DECIDED', level: 'warn', message: `${decided}; nothing was started (trail: braid rollout history ${result.operationId})` });
  } else if (result.decision.decision === 'escalate') {
    host.notify({ code: 'REPAIR.DECIDED', level: 'warn', message: `${decided}; Braid will not repair, a person is notified; ${follow}` });
  } else if (result.decision.decision === 'needs_approval') {
    host.notify({
      code: 'REPAIR.DECIDED',
      level: 'info',
      message: `${decided}; it waits for: braid approve ${result.operationId} --reason … (or braid reject); ${follow}`,
    });
  } else {
    host.notify({ code: 'REPAIR.DECIDED', level: 'info', message: `${decided}; started; ${follow}` });
  }
}

/** The core names the request's fields; the operator typed flags. */
function inFlagTerms(error: unknown): unknown {
  if (!(error instanceof InvalidInputError)) return error;
  const flag = (path: string) => path.replace(/^.*\breservedConcurrency$/, '--concurrency').replace(/^.*\baction$/, '--action');
  const issues: InputIssue[] = error.issues.map((issue) => ({ path: flag(issue.path), message: issue.message }));
  return new InvalidInputError(error.subject, issues);
}
