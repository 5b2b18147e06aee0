import { InvalidInputError, type InputIssue } from '../errors.js';
import type { BucketPolicy } from './token-bucket.js';

/** The repair catalogue: what the remediation braid may do to a target whose alarm fired. */
export type RepairAction = 'rollback' | 'shift_canary_to_zero' | 'throttle' | 'invoke_runbook' | 'notify';

/** Every repair action, in catalogue order. */
export const REPAIR_ACTIONS: readonly RepairAction[] = ['rollback', 'shift_canary_to_zero', 'throttle', 'invoke_runbook', 'notify'];

/** When repeated alarms mean the target is flapping and a person must look instead of Braid repairing again. */
export interface FlapPolicy {
  /** Alarms (this one included) within the window that make a flap. @default 3 */
  readonly maxAlarms: number;
  /** @default 3600 */
  readonly windowSeconds: number;
}

/** When to stop repairing a target whose repairs keep failing. */
export interface BreakerPolicy {
  /** Consecutive failed repairs that open the breaker. @default 3 */
  readonly failuresToOpen: number;
}

/** How a repair is judged to have worked: its alarms back to OK and staying there. */
export interface VerifyPolicy {
  /** How long the alarm must stay OK after the repair. @default 300 */
  readonly bakeSeconds: number;
  /** Looks at an alarm that is not OK before the repair counts as failed. @default 3 */
  readonly maxChecks: number;
  /** Wait between two looks at an alarm that is not OK. @default 60 */
  readonly recheckSeconds: number;
}

/** A target's remediation runbook, every default applied. */
export interface RemediationRunbook {
  /** The alarms that start this runbook (1 to 10). */
  readonly alarmNames: readonly string[];
  readonly action: RepairAction;
  /** The reserved concurrency `throttle` sets; required for that action and only allowed with it. */
  readonly reservedConcurrency?: number;
  /** Name or ARN of the Lambda function `invoke_runbook` invokes; required for that action and only allowed with it. */
  readonly runbookFunction?: string;
  /** Wait for a person to approve each repair. @default false */
  readonly requireApproval: boolean;
  /** How long an approval may wait before the repair is given up. @default 3600 */
  readonly approvalTimeoutSeconds: number;
  /** How many of `alarmNames` must be in ALARM at once before Braid repairs. @default 1 */
  readonly minAlarms: number;
  /** An alarm within this long after a repair goes to a person instead of being repaired again. @default 1800 */
  readonly cooldownSeconds: number;
  readonly flap: FlapPolicy;
  /** Repairs of this target: a bucket of `capacity` tokens, one back every `refillSeconds`. @default { capacity: 3, refillSeconds: 3600 } */
  readonly rateLimit: BucketPolicy;
  readonly breaker: BreakerPolicy;
  readonly verify: VerifyPolicy;
  /** What to do when the repair did not converge: undo it, or leave it in place. @default 'undo' for throttle, 'keep' for every other action */
  readonly onNotConverged: 'undo' | 'keep';
  /** At most one escalation message per target within this long. @default 3600 */
  readonly escalationQuietSeconds: number;
}

/** A runbook as declared: alarms and action required, everything else defaulted (nested objects field by field). */
export interface RunbookInput {
  readonly alarmNames: readonly string[];
  readonly action: RepairAction;
  readonly reservedConcurrency?: number;
  readonly runbookFunction?: string;
  readonly requireApproval?: boolean;
  readonly approvalTimeoutSeconds?: number;
  readonly minAlarms?: number;
  readonly cooldownSeconds?: number;
  readonly flap?: Partial<FlapPolicy>;
  readonly rateLimit?: Partial<BucketPolicy>;
  readonly breaker?: Partial<BreakerPolicy>;
  readonly verify?: Partial<VerifyPolicy>;
  readonly onNotConverged?: 'undo' | 'keep';
  readonly escalationQuietSeconds?: number;
}

/** The runbook fields that have a fixed default. */
export type RunbookDefaults = Omit<RemediationRunbook, 'alarmNames' | 'action' | 'reservedConcurrency' | 'runbookFunction' | 'onNotConverged'>;

/** The defaults of every runbook field that has one; `onNotConverged` depends on the action, see {@link defaultOnNotConverged}. */
export const DEFAULT_RUNBOOK: RunbookDefaults = {
  requireApproval: false,
  approvalTimeoutSeconds: 3600,
  minAlarms: 1,
  cooldownSeconds: 1800,
  flap: { maxAlarms: 3, windowSeconds: 3600 },
  rateLimit: { capacity: 3, refillSeconds: 3600 },
  breaker: { failuresToOpen: 3 },
  verify: { bakeSeconds: 300, maxChecks: 3, recheckSeconds: 60 },
  escalationQuietSeconds: 3600,
};

/**
 * `undo` for throttle (a throttle that did not help only hurts), `keep` for the rest: a rollback
 * or canary removal that did not clear the alarm still removed the suspect version.
 */
export function defaultOnNotConverged(action: RepairAction): 'undo' | 'keep' {
  return action === 'throttle' ? 'undo' : 'keep';
}

/** Actions whose effect Braid can take back (see `planUndo`). */
const UNDOABLE: readonly RepairAction[] = ['rollback', 'shift_canary_to_zero', 'throttle'];
const SEVEN_DAYS = 7 * 24 * 3600;
/** Step Functions callback tasks wait at most a year. */
const MAX_APPROVAL_SECONDS = 365 * 24 * 3600;
const MAX_ALARMS = 10;
const MAX_ALARM_NAME = 255;
/** Lambda's limit on a function name, partial ARN or ARN passed to Invoke. */
const MAX_FUNCTION_NAME = 170;
const MAX_RESERVED_CONCURRENCY = 10_000;

const NESTED = {
  flap: ['maxAlarms', 'windowSeconds'],
  rateLimit: ['capacity', 'refillSeconds'],
  breaker: ['failuresToOpen'],
  verify: ['bakeSeconds', 'maxChecks', 'recheckSeconds'],
} as const;
const TOP_LEVEL = [
  'alarmNames',
  'action',
  'reservedConcurrency',
  'runbookFunction',
  'requireApproval',
  'approvalTimeoutSeconds',
  'minAlarms',
  'cooldownSeconds',
  'onNotConverged',
  'escalationQuietSeconds',
  ...Object.keys(NESTED),
];

/**
 * Lists every problem in a runbook as declared (its values may come from untyped JSON); empty
 * when valid. Unknown fields are problems too: a misspelt limit must not silently be the default.
 */
export function validateRunbook(input: RunbookInput, path = 'remediation'): InputIssue[] {
  if (!isRecord(input)) return [{ path, message: `must be an object with alarmNames and action, got ${show(input)}` }];
  const issues: InputIssue[] = [];
  const fields = input as unknown as Record<string, unknown>;
  const issue = (field: string, message: string) => issues.push({ path: `${path}.${field}`, message });
  const whole = (field: string, value: unknown, min: number, max: number) => {
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < min || (value as number) > max)) {
      issue(field, `must be a whole number from ${min} to ${max}, got ${show(value)}`);
    }
  };

  for (const key of Object.keys(fields).filter((key) => !TOP_LEVEL.includes(key))) {
    issue(key, `is not a runbook field; the fields are ${TOP_LEVEL.join(', ')}`);
  }

  const alarmNames = fields.alarmNames;
  const alarmCount = Array.isArray(alarmNames) ? alarmNames.length : undefined;
  if (!Array.isArray(alarmNames) || alarmNames.length < 1 || alarmNames.length > MAX_ALARMS) {
    issue('alarmNames', `must list 1 to ${MAX_ALARMS} alarm names, got ${Array.isArray(alarmNames) ? `${alarmNames.length}` : show(alarmNames)}`);
  }
  if (Array.isArray(alarmNames)) {
    alarmNames.forEach((name: unknown, index) => {
      if (typeof name !== 'string' || name.length < 1 || name.length > MAX_ALARM_NAME) {
        issue(`alarmNames[${index}]`, `must be an alarm name of 1 to ${MAX_ALARM_NAME} characters, got ${show(name)}`);
      } else if (alarmNames.indexOf(name) < index) {
        issue(`alarmNames[${index}]`, `repeats ${show(name)} (alarmNames[${alarmNames.indexOf(name)}]); list each alarm once`);
      }
    });
  }

  const action = fields.action;
  const knownAction = REPAIR_ACTIONS.includes(action as RepairAction) ? (action as RepairAction) : undefined;
  if (!knownAction) issue('action', `must be one of ${REPAIR_ACTIONS.map((name) => `"${name}"`).join(', ')}, got ${show(action)}`);

  const reservedConcurrency = fields.reservedConcurrency;
  if (knownAction === 'throttle' && reservedConcurrency === undefined) {
    issue('reservedConcurrency', `is required for the throttle action: the reserved concurrency to set, a whole number from 0 to ${MAX_RESERVED_CONCURRENCY}`);
  } else if (knownAction && knownAction !== 'throttle' && reservedConcurrency !== undefined) {
    issue('reservedConcurrency', `is only for the throttle action (action is "${knownAction}"); remove it`);
  } else {
    whole('reservedConcurrency', reservedConcurrency, 0, MAX_RESERVED_CONCURRENCY);
  }

  const runbookFunction = fields.runbookFunction;
  if (knownAction === 'invoke_runbook' && runbookFunction === undefined) {
    issue('runbookFunction', 'is required for the invoke_runbook action: the name or ARN of the Lambda function to invoke');
  } else if (knownAction && knownAction !== 'invoke_runbook' && runbookFunction !== undefined) {
    issue('runbookFunction', `is only for the invoke_runbook action (action is "${knownAction}"); remove it`);
  } else if (
    runbookFunction !== undefined &&
    (typeof runbookFunction !== 'string' || runbookFunction.length < 1 || runbookFunction.length > MAX_FUNCTION_NAME)
  ) {
    issue('runbookFunction', `must be a Lambda function name or ARN of 1 to ${MAX_FUNCTION_NAME} characters, got ${show(runbookFunction)}`);
  }

  if (fields.requireApproval !== undefined && typeof fields.requireApproval !== 'boolean') {
    issue('requireApproval', `must be true or false, got ${show(fields.requireApproval)}`);
  }
  whole('approvalTimeoutSeconds', fields.approvalTimeoutSeconds, 60, MAX_APPROVAL_SECONDS);
  whole('minAlarms', fields.minAlarms, 1, alarmCount !== undefined && alarmCount >= 1 ? Math.min(alarmCount, MAX_ALARMS) : MAX_ALARMS);
  whole('cooldownSeconds', fields.cooldownSeconds, 0, SEVEN_DAYS);
  whole('escalationQuietSeconds', fields.escalationQuietSeconds, 0, SEVEN_DAYS);

  const onNotConverged = fields.onNotConverged;
  if (onNotConverged !== undefined && onNotConverged !== 'undo' && onNotConverged !== 'keep') {
    issue('onNotConverged', `must be "undo" or "keep", got ${show(onNotConverged)}`);
  } else if (onNotConverged === 'undo' && knownAction && !UNDOABLE.includes(knownAction)) {
    issue('onNotConverged', `cannot be "undo" for the ${knownAction} action: Braid cannot take it back; use "keep" (undoable actions: ${UNDOABLE.join(', ')})`);
  }

  const nested = (name: keyof typeof NESTED, check: (get: (field: string) => unknown) => void) => {
    const value = fields[name];
    if (value === undefined) return;
    if (!isRecord(value)) {
      issue(name, `must be an object with ${NESTED[name].join(', ')}, got ${show(value)}`);
      return;
    }
    for (const key of Object.keys(value).filter((key) => !(NESTED[name] as readonly string[]).includes(key))) {
      issue(`${name}.${key}`, `is not a field of ${name}; its fields are ${NESTED[name].join(', ')}`);
    }
    check((field) => value[field]);
  };
  nested('flap', (get) => {
    whole('flap.maxAlarms', get('maxAlarms'), 2, 1000);
    whole('flap.windowSeconds', get('windowSeconds'), 1, SEVEN_DAYS);
  });
  nested('rateLimit', (get) => {
    whole('rateLimit.capacity', get('capacity'), 1, 100);
    whole('rateLimit.refillSeconds', get('refillSeconds'), 1, SEVEN_DAYS);
  });
  nested('breaker', (get) => whole('breaker.failuresToOpen', get('failuresToOpen'), 1, 100));
  nested('verify', (get) => {
    whole('verify.bakeSeconds', get('bakeSeconds'), 0, SEVEN_DAYS);
    whole('verify.maxChecks', get('maxChecks'), 1, 100);
    whole('verify.recheckSeconds', get('recheckSeconds'), 10, SEVEN_DAYS);
  });
  return issues;
}

/**
 * A runbook with every field it leaves out taken from {@link DEFAULT_RUNBOOK} (nested objects
 * merged field by field).
 * @throws InvalidInputError listing every problem when the runbook is invalid
 */
export function resolveRunbook(input: RunbookInput, path = 'remediation'): RemediationRunbook {
  const issues = validateRunbook(input, path);
  if (issues.length > 0) throw new InvalidInputError('remediation runbook', issues);
  const { alarmNames, action, reservedConcurrency, runbookFunction, flap, rateLimit, breaker, verify, ...scalars } = input;
  return {
    ...DEFAULT_RUNBOOK,
    onNotConverged: defaultOnNotConverged(action),
    ...definedFields(scalars),
    alarmNames: [...alarmNames],
    action,
    ...(reservedConcurrency !== undefined ? { reservedConcurrency } : {}),
    ...(runbookFunction !== undefined ? { runbookFunction } : {}),
    flap: { ...DEFAULT_RUNBOOK.flap, ...definedFields(flap) },
    rateLimit: { ...DEFAULT_RUNBOOK.rateLimit, ...definedFields(rateLimit) },
    breaker: { ...DEFAULT_RUNBOOK.breaker, ...definedFields(breaker) },
    verify: { ...DEFAULT_RUNBOOK.verify, ...definedFields(verify) },
  };
}

/** The fields that are set: an explicit `undefined` means "use the default", not "no value". */
function definedFields<T extends object>(partial: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as an error message shows it: quoted when text, cut short when long. */
function show(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
