import { InvalidArgumentError, Option } from 'commander';
import { REPAIR_ACTIONS } from '../../functions/core/remediation/runbook.js';
import type { RepairFlags } from '../actions/repair.js';
import type { IoHost } from '../io/io-host.js';
import { braidConfig, braidSubcommand } from './rollout/braid-subcommand.js';
import { parseInterval } from './rollout/watch.js';

/**
 * `braid repair <target> --reason …`: a repair by hand, through the same path as an alarm (an
 * audited operation, the policy with its kill switches and breaker, then the remediation state
 * machine with its lease, re-read, repair and verification).
 */
export function repairCommand(host: IoHost) {
  return braidSubcommand(
    'repair',
    'Repair a target by hand, the way an alarm would: policy first (kill switches, breaker, rate limits), then the remediation state machine. Prints the operation id; the decision and how to follow it go to stderr.',
  )
    .argument('<target>', 'the target, e.g. checkout:live')
    .addOption(new Option('--action <action>', "the repair (default: the target runbook's action)").choices([...REPAIR_ACTIONS]))
    .option('--concurrency <n>', "for --action throttle: the reserved concurrency to set (default: the runbook's)", parseConcurrency)
    .requiredOption('--reason <text>', 'why; kept in the audit trail')
    .option('--by <name>', 'who asks (default: cli:<OS user>)')
    .option('--wait', 'wait until the remediation ends, showing its progress on stderr, then print its status')
    .option('--interval <seconds>', 'with --wait: time between polls', parseInterval, 2)
    .action(async (targetName: string, flags: RepairFlags) => {
      const config = braidConfig(host, flags, { stateMachine: false, remediationStateMachine: true });
      const { repairAction } = await import('../actions/repair.js');
      await repairAction(host, config, targetName, flags);
    });
}

function parseConcurrency(value: string): number {
  const concurrency = Number(value);
  if (!Number.isInteger(concurrency) || concurrency < 0)
    throw new InvalidArgumentError(`must be a whole number >= 0 (the reserved concurrency to set), got "${value}"`);
  return concurrency;
}
