import { formatTime } from './private/format-duration.js';
import type { PolicyRule } from './remediation-policy.js';

/**
 * Whether to send an escalation now: the first one always, then at most one per quiet period so
 * a flapping alarm does not page someone every minute. A clock that went backwards notifies:
 * a duplicate message is better than a silent incident.
 */
export function shouldNotify(lastNotifiedAtMs: number | undefined, nowMs: number, quietSeconds: number): boolean {
  if (lastNotifiedAtMs === undefined || nowMs < lastNotifiedAtMs) return true;
  return nowMs - lastNotifiedAtMs >= quietSeconds * 1000;
}

/** What an escalation is about. */
export interface EscalationInput {
  readonly targetName: string;
  readonly operationId: string;
  /** Why Braid did not (or could not) repair, as a sentence. */
  readonly reason: string;
  readonly alarmName?: string;
  readonly trigger: 'alarm' | 'manual';
  readonly atMs: number;
  /** The policy rule that escalated, to point at the command that lifts it; absent for other causes (e.g. a repair that did not converge). */
  readonly rule?: PolicyRule;
}

/** SNS rejects subjects longer than this. */
export const MAX_SUBJECT_LENGTH = 100;

/**
 * An SNS message for a person: what happened, why Braid did not fix it, and which `braid`
 * commands help. The subject fits SNS's rules (at most 100 printable ASCII characters, one line).
 */
export function escalationMessage(input: EscalationInput): { subject: string; message: string } {
  const what = input.trigger === 'alarm' ? `alarm ${input.alarmName ?? '(unnamed)'}` : 'manual repair';
  const subject = toSubject(`Braid needs a person: ${input.targetName} (${what})`);
  const happened =
    input.trigger === 'alarm'
      ? `Alarm ${input.alarmName ?? '(unnamed)'} on target ${input.targetName} went to ALARM at ${formatTime(input.atMs)}.`
      : `A manual repair of target ${input.targetName} was requested at ${formatTime(input.atMs)}.`;
  const commands = [`  braid rollout history ${input.operationId}    # what Braid saw and did`];
  if (input.rule === 'breaker_open') commands.push(`  braid breaker reset ${input.targetName}    # once the target is healthy, let Braid repair it again`);
  if (input.rule === 'kill_switch') commands.push('  braid killswitch off    # when it is safe for Braid to act again');
  const message = [happened, '', `Why Braid did not fix it: ${input.reason}`, '', `Operation: ${input.operationId}`, 'Next steps:', ...commands].join('\n');
  return { subject, message };
}

/** SNS subjects: printable ASCII, no line breaks, at most 100 characters. */
function toSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= MAX_SUBJECT_LENGTH ? ascii : `${ascii.slice(0, MAX_SUBJECT_LENGTH - 3)}...`;
}
