import { formatDuration, formatTime } from './private/format-duration.js';
import type { RemediationRunbook, RepairAction } from './runbook.js';
import { takeToken, type BucketPolicy, type BucketState } from './token-bucket.js';

/** What the remediation braid does about an incident. */
export type RemediationDecisionKind = 'ignore' | 'auto_repair' | 'needs_approval' | 'escalate';

/** A kill switch as read: off, on (who, why, when), or not readable at all. */
export type KillSwitchState =
  | { readonly on: false }
  | { readonly on: true; readonly by: string; readonly reason: string; readonly atMs: number }
  | { readonly unreadable: true; readonly error: string };

/** A target's repair circuit breaker: opened by consecutive failed repairs, closed only by an operator. */
export interface BreakerState {
  readonly consecutiveFailures: number;
  readonly open: boolean;
  readonly openedAtMs?: number;
}

/** The breaker of a target that never had a failed repair. */
export const CLOSED_BREAKER: BreakerState = { consecutiveFailures: 0, open: false };

/** The policy rule that decided, first match wins in this order. */
export type PolicyRule =
  | 'kill_switch_unreadable'
  | 'kill_switch'
  | 'breaker_open'
  | 'flapping'
  | 'not_corroborated'
  | 'cooldown'
  | 'rate_limited'
  | 'notify_only'
  | 'approval_required'
  | 'allowed';

/** Everything the policy looks at, read by the caller before deciding. */
export interface PolicyInput {
  readonly trigger: 'alarm' | 'manual';
  readonly action: RepairAction;
  readonly runbook: RemediationRunbook;
  /** Only used to phrase reasons, e.g. `checkout:live`. */
  readonly targetName: string;
  /** The alarm that fired, to phrase reasons; absent for manual repairs. */
  readonly alarmName?: string;
  readonly nowMs: number;
  readonly killSwitch: { readonly global: KillSwitchState; readonly target: KillSwitchState };
  readonly breaker: BreakerState;
  /** The last repair with this action on this target. */
  readonly lastRepairAtMs?: number;
  /** State timestamps of this target's earlier alarm incidents, this one excluded. */
  readonly recentAlarmsMs: readonly number[];
  /** This incident's state timestamp. */
  readonly alarmTimeMs: number;
  /** How many of `runbook.alarmNames` are in ALARM now; undefined when they were not read. */
  readonly alarmsInAlarm?: number;
  readonly buckets: { readonly target?: BucketState; readonly global?: BucketState };
  /** The limit on repairs across all targets. */
  readonly globalRateLimit: BucketPolicy;
}

/** The decision, the rule that made it and a sentence for people; `buckets` to store when tokens were taken. */
export interface RemediationDecision {
  readonly decision: RemediationDecisionKind;
  readonly rule: PolicyRule;
  readonly reason: string;
  /** Present exactly when the decision took a token (auto_repair, needs_approval): the buckets after the take. */
  readonly buckets?: { readonly target: BucketState; readonly global: BucketState };
}

/**
 * Decides what to do about an incident (or a manual repair request). Rules, first match wins:
 * an unreadable kill switch escalates (Braid fails closed, but a person must know it cannot act);
 * a kill switch that is on ignores; an open breaker escalates; for alarms only, flapping
 * escalates, too few corroborating alarms ignores, and an alarm within the cooldown after a
 * repair escalates; a notify-only runbook escalates; a used-up target or global rate limit
 * escalates (taking nothing); otherwise a token is taken from both buckets and the repair goes
 * ahead, after approval when the runbook requires it.
 */
export function decideRemediation(input: PolicyInput): RemediationDecision {
  const { runbook, targetName, nowMs } = input;
  const unreadable = (['global', 'target'] as const).filter((scope) => 'unreadable' in input.killSwitch[scope]);
  if (unreadable.length > 0) {
    const errors = unreadable.map((scope) => `${scope}: ${(input.killSwitch[scope] as { error: string }).error}`).join('; ');
    return escalate(
      'kill_switch_unreadable',
      `Braid could not read the ${unreadable.join(' and ')} kill switch (${errors}), so it will not touch ${targetName} until it can; check Braid's control table and repair by hand if needed.`,
    );
  }
  for (const scope of ['global', 'target'] as const) {
    const killSwitch = input.killSwitch[scope];
    if ('on' in killSwitch && killSwitch.on) {
      const which = scope === 'global' ? 'The global kill switch' : `The kill switch of ${targetName}`;
      return {
        decision: 'ignore',
        rule: 'kill_switch',
        reason: `${which} is on (set by ${killSwitch.by} at ${formatTime(killSwitch.atMs)}: ${JSON.stringify(killSwitch.reason)}), so Braid leaves ${targetName} alone; \`braid killswitch off\` lifts it.`,
      };
    }
  }
  if (input.breaker.open) {
    const since = input.breaker.openedAtMs !== undefined ? ` since ${formatTime(input.breaker.openedAtMs)}` : '';
    return escalate(
      'breaker_open',
      `The repair breaker of ${targetName} is open${since} after ${input.breaker.consecutiveFailures} failed repairs in a row; Braid will not repair it until someone runs \`braid breaker reset ${targetName}\`.`,
    );
  }

  if (input.trigger === 'alarm') {
    const windowMs = runbook.flap.windowSeconds * 1000;
    const alarms = input.recentAlarmsMs.filter((atMs) => atMs > input.alarmTimeMs - windowMs && atMs <= input.alarmTimeMs).length + 1;
    if (alarms >= runbook.flap.maxAlarms) {
      return escalate(
        'flapping',
        `${alarms} alarms on ${targetName} within ${formatDuration(runbook.flap.windowSeconds)} (limit ${runbook.flap.maxAlarms}): flapping, so a person should look instead of Braid repairing again.`,
      );
    }

    if (runbook.minAlarms > 1) {
      const needed = `the runbook needs ${runbook.minAlarms} before Braid repairs ${targetName}`;
      if (input.alarmsInAlarm === undefined) {
        // Unknown is not "not corroborated": silently ignoring a real incident is the worse mistake.
        return escalate(
          'not_corroborated',
          `Braid could not read how many of the runbook's ${runbook.alarmNames.length} alarms are in ALARM and ${needed}, so a person should look.`,
        );
      }
      if (input.alarmsInAlarm < runbook.minAlarms) {
        return {
          decision: 'ignore',
          rule: 'not_corroborated',
          reason: `${input.alarmsInAlarm} of ${runbook.alarmNames.length} alarms in ALARM; ${needed}.`,
        };
      }
    }

    if (input.lastRepairAtMs !== undefined && nowMs - input.lastRepairAtMs < runbook.cooldownSeconds * 1000) {
      return escalate(
        'cooldown',
        `${targetName} was repaired (${input.action}) ${formatAgo(nowMs - input.lastRepairAtMs)} ago, within its ${formatDuration(runbook.cooldownSeconds)} cooldown, and alarms again: a person should look.`,
      );
    }
  }

  const subject = input.trigger === 'alarm' ? `Alarm ${input.alarmName ?? '(unnamed)'} on ${targetName}` : `Manual repair of ${targetName}`;
  if (input.action === 'notify') {
    return escalate('notify_only', `${subject}: the runbook only notifies, so a person should look.`);
  }

  const target = takeToken(input.buckets.target, runbook.rateLimit, nowMs);
  if (!target.granted) {
    return escalate(
      'rate_limited',
      `${subject}: ${targetName} has used up its repair limit (${describeLimit(runbook.rateLimit)}); the next is allowed at ${formatTime(target.retryAtMs)}, so a person should look.`,
    );
  }
  const global = takeToken(input.buckets.global, input.globalRateLimit, nowMs);
  if (!global.granted) {
    // Nothing is stored on a refusal, so the target's token taken above is not lost.
    return escalate(
      'rate_limited',
      `${subject}: Braid's global repair limit (${describeLimit(input.globalRateLimit)}) is used up; the next is allowed at ${formatTime(global.retryAtMs)}, so a person should look.`,
    );
  }
  const buckets = { target: target.next, global: global.next };
  const tokensLeft = `${target.next.tokens} of ${runbook.rateLimit.capacity} repair tokens left`;
  if (runbook.requireApproval) {
    return {
      decision: 'needs_approval',
      rule: 'approval_required',
      reason: `${subject}: Braid will ${describeAction(input)} once a person approves (${tokensLeft}).`,
      buckets,
    };
  }
  return { decision: 'auto_repair', rule: 'allowed', reason: `${subject}: Braid will ${describeAction(input)} (${tokensLeft}).`, buckets };
}

function escalate(rule: PolicyRule, reason: string): RemediationDecision {
  return { decision: 'escalate', rule, reason };
}

function describeLimit(policy: BucketPolicy): string {
  return `${policy.capacity}, one more every ${formatDuration(policy.refillSeconds)}`;
}

function describeAction({ action, runbook }: PolicyInput): string {
  switch (action) {
    case 'rollback':
      return 'roll back to the last known good version';
    case 'shift_canary_to_zero':
      return 'shift the canary to 0%';
    case 'throttle':
      return `throttle to a reserved concurrency of ${runbook.reservedConcurrency ?? '(unset)'}`;
    case 'invoke_runbook':
      return `invoke the runbook function ${runbook.runbookFunction ?? '(unset)'}`;
    case 'notify':
      return 'notify a person';
  }
}

/** Time since something, to the second below two minutes and to the minute above. */
function formatAgo(elapsedMs: number): string {
  const seconds = Math.max(0, Math.floor(elapsedMs / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min`;
}
