import { BraidError, type InputIssue } from './errors.js';
import { causeText, type CaughtError } from './caught-error.js';

/** Which traffic hook: before any traffic moves, or after the promotion. */
export type HookKind = 'preTraffic' | 'postTraffic';

/** A target's traffic hooks as the registry records them: user Lambda functions whose answer gates the rollout. */
export interface HookConfig {
  /** Function name or ARN invoked after the snapshot, before any traffic moves. @default - none */
  readonly preTraffic?: string;
  /** Function name or ARN invoked after the promotion, before the rollout finishes. @default - none */
  readonly postTraffic?: string;
  /** How long each hook may take to answer, 1 to 900 seconds. @default 300 */
  readonly timeoutSeconds?: number;
}

/** The hooks as the rollout state carries them: `null` rather than absent, because ASL paths must exist. */
export interface HookPolicy {
  readonly preTraffic: string | null;
  readonly postTraffic: string | null;
  readonly timeoutSeconds: number;
}

/** How long a hook may take when the target does not say. */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 300;

/** A Task invoking a Lambda function synchronously cannot outlive the function's own 15-minute limit. */
export const MAX_HOOK_TIMEOUT_SECONDS = 900;

/** A function name, `name:qualifier`, a partial ARN or a full ARN, as Lambda's Invoke accepts. */
const FUNCTION_REFERENCE = /^(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;

/** The policy the rollout carries: nulls for hooks the target does not have, the timeout's default applied. */
export function resolveHookPolicy(config: HookConfig | undefined): HookPolicy {
  return {
    preTraffic: config?.preTraffic ?? null,
    postTraffic: config?.postTraffic ?? null,
    timeoutSeconds: config?.timeoutSeconds ?? DEFAULT_HOOK_TIMEOUT_SECONDS,
  };
}

/** Lists every problem in a target's hooks; empty when valid. */
export function validateHookPolicy(config: HookConfig, path = 'hooks'): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const hook of ['preTraffic', 'postTraffic'] as const) {
    const reference = config[hook];
    if (reference !== undefined && (typeof reference !== 'string' || !FUNCTION_REFERENCE.test(reference))) {
      issues.push({
        path: `${path}.${hook}`,
        message: `must be a Lambda function name or ARN (optionally with a version or alias), got ${JSON.stringify(reference)}`,
      });
    }
  }
  const { timeoutSeconds } = config;
  if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > MAX_HOOK_TIMEOUT_SECONDS)) {
    issues.push({
      path: `${path}.timeoutSeconds`,
      message: `must be a whole number of seconds from 1 to ${MAX_HOOK_TIMEOUT_SECONDS}, got ${String(timeoutSeconds)}`,
    });
  }
  return issues;
}

/** What the hook task leaves in the state: the function's answer, or the error its Catch recorded. */
export type HookResponse = { readonly payload: unknown } | CaughtError;

/** A hook's answer, judged. */
export interface HookVerdict {
  readonly hook: HookKind;
  readonly functionName: string;
  readonly status: 'Succeeded' | 'Failed';
  readonly reason: string;
}

/** Longest piece of an unexpected answer quoted in a reason. */
const QUOTE_CHARS = 200;

/**
 * Judges a hook's answer: only `{ "status": "Succeeded" }` passes. `{ "status": "Failed",
 * "reason": "…" }`, any other answer, an error the function threw and a timeout all fail.
 */
export function judgeHookResponse(input: { hook: HookKind; functionName: string; timeoutSeconds: number; response: HookResponse | undefined }): HookVerdict {
  const { hook, functionName, response } = input;
  const verdict = (status: HookVerdict['status'], reason: string): HookVerdict => ({ hook, functionName, status, reason });
  if (response === undefined) return verdict('Failed', 'no answer was recorded');
  if ('Error' in response) {
    if (response.Error === 'States.Timeout') return verdict('Failed', `did not answer within ${input.timeoutSeconds} s`);
    return verdict('Failed', `raised ${response.Error}: ${causeText(response.Cause)}`);
  }
  const payload = response.payload as { status?: unknown; reason?: unknown } | null;
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    if (payload.status === 'Succeeded')
      return verdict('Succeeded', typeof payload.reason === 'string' && payload.reason !== '' ? payload.reason : 'answered Succeeded');
    if (payload.status === 'Failed') return verdict('Failed', typeof payload.reason === 'string' && payload.reason !== '' ? payload.reason : 'no reason given');
  }
  return verdict('Failed', `answered ${quote(payload)}; a hook must answer {"status":"Succeeded"} or {"status":"Failed","reason":"…"}`);
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text;
}

/** How a hook is named in messages. */
export function hookLabel(hook: HookKind): string {
  return hook === 'preTraffic' ? 'pre-traffic hook' : 'post-traffic hook';
}

/** A traffic hook did not pass: the rollout stops (before traffic moved) or rolls back (after the promotion). */
export class HookFailedError extends BraidError {
  readonly code = 'Braid.HookFailed';
  readonly fault = 'user';

  constructor(readonly verdict: HookVerdict) {
    super(`${hookLabel(verdict.hook)} ${verdict.functionName} failed: ${verdict.reason}`);
  }
}
