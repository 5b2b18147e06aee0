import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { Retrier } from './retry-tracker.js';

/** A state as written in the ASL (the fields the sandbox reads). */
export interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Retry?: readonly Retrier[];
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number;
  readonly HeartbeatSecondsPath?: string;
  readonly Seconds?: number;
  readonly SecondsPath?: string;
  readonly Timestamp?: string;
  readonly TimestampPath?: string;
  readonly [field: string]: unknown;
}

/** A definition made runnable by the interpreter on the virtual clock. */
export interface PreparedDefinition {
  /** What the interpreter runs. */
  readonly runnable: StateMachineDefinition;
  /** Every state, nested ones included, as written (ASL state names are unique machine-wide). */
  readonly states: ReadonlyMap<string, AslState>;
  /** Names of the states rewritten to sandbox tasks (Wait states). */
  readonly waitStates: ReadonlySet<string>;
  /** The index into `$$.SandboxStateNames` of each state (see `rewriteContextPaths`). */
  readonly stateNames: readonly string[];
  /** The machine's own `TimeoutSeconds`, enforced on the virtual clock. */
  readonly timeoutSeconds?: number;
}

/** The resource of a Wait state turned into a Task that sleeps on the virtual clock. */
export const SANDBOX_WAIT_RESOURCE = 'arn:aws:states:::sandbox:wait';

/**
 * The interpreter times tasks with real `setTimeout`s; the sandbox times them on the virtual
 * clock instead and gives the interpreter the longest delay `setTimeout` accepts (~24.8 days),
 * so a long virtual wait never trips a real-time timeout.
 */
const REAL_TIME_TASK_TIMEOUT_SECONDS = 2_147_483;

/** Context fields the interpreter cannot provide per state, read from sandbox-owned fields instead. */
export const CONTEXT_START_TIME_FIELD = 'SandboxExecutionStartTime';
export const CONTEXT_STATE_NAMES_FIELD = 'SandboxStateNames';

const NESTED_FIELDS = new Set(['Branches', 'ItemProcessor', 'Iterator']);

/**
 * Rewrites a definition so that time-based behaviour runs on the virtual clock:
 * - Wait states become Tasks (resource `SANDBOX_WAIT_RESOURCE`) whose local handler sleeps on the
 *   clock, keeping `InputPath`, `OutputPath` and `Next`/`End`;
 * - Task and machine timeouts are removed (the sandbox enforces them in virtual time);
 * - `$$.State.Name` and `$$.Execution.StartTime` are read from fields the sandbox fills
 *   (the interpreter has no per-state context and stamps StartTime with the wall clock);
 * - an explicit `"ResultPath": "$"` is dropped: it is the default, which the interpreter handles
 *   (written out, it stores the result under a key named `$`).
 */
export function prepareDefinition(definition: StateMachineDefinition): PreparedDefinition {
  const states = new Map<string, AslState>();
  const waitStates = new Set<string>();
  const stateNames: string[] = [];

  const prepareMachine = (machine: Record<string, unknown>): Record<string, unknown> => {
    const source = machine.States as Record<string, AslState>;
    const prepared: Record<string, unknown> = {};
    for (const [name, state] of Object.entries(source)) {
      states.set(name, state);
      stateNames.push(name);
      prepared[name] = prepareState(name, state, stateNames.length - 1);
    }
    const { TimeoutSeconds: _timeout, ...rest } = machine;
    return { ...rest, States: prepared };
  };

  const prepareState = (name: string, state: AslState, index: number): unknown => {
    const copy: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(state)) {
      // `"ResultPath": "$"` (the default, written out) makes the interpreter store the result under a key named "$".
      if (field === 'ResultPath' && value === '$') continue;
      if (field === 'Catch')
        copy[field] = (value as Record<string, unknown>[]).map(({ ResultPath, ...catcher }) => (ResultPath === '$' ? catcher : { ...catcher, ResultPath }));
      else if (field === 'Branches') copy[field] = (value as Record<string, unknown>[]).map(prepareMachine);
      else if (NESTED_FIELDS.has(field)) copy[field] = prepareMachine(value as Record<string, unknown>);
      else copy[field] = rewriteContextPaths(value, index);
    }
    if (state.Type === 'Wait') {
      waitStates.add(name);
      const { Seconds: _s, SecondsPath: _sp, Timestamp: _t, TimestampPath: _tp, Comment: _c, ...kept } = copy;
      return { ...kept, Type: 'Task', Resource: SANDBOX_WAIT_RESOURCE, TimeoutSeconds: REAL_TIME_TASK_TIMEOUT_SECONDS };
    }
    if (state.Type === 'Task') {
      const { TimeoutSecondsPath: _tsp, HeartbeatSeconds: _h, HeartbeatSecondsPath: _hp, ...kept } = copy;
      return { ...kept, ...carryPathsThroughParameters(state), TimeoutSeconds: REAL_TIME_TASK_TIMEOUT_SECONDS };
    }
    return copy;
  };

  const runnable = prepareMachine(definition as unknown as Record<string, unknown>) as unknown as StateMachineDefinition;
  return { runnable, states, waitStates, stateNames, timeoutSeconds: definition.TimeoutSeconds };
}

/** Parameter keys that carry `TimeoutSecondsPath` / `HeartbeatSecondsPath` values to the task's handler. */
export const RESERVED_SECONDS_KEYS = { TimeoutSeconds: 'SandboxTimeoutSeconds', HeartbeatSeconds: 'SandboxHeartbeatSeconds' } as const;

/**
 * AWS resolves `TimeoutSecondsPath` and `HeartbeatSecondsPath` against the state's input, but the
 * interpreter hands the task's handler only the evaluated Parameters. So the paths are evaluated
 * as extra Parameters (against the input, as on AWS) and taken off again before the call.
 */
function carryPathsThroughParameters(state: AslState): { Parameters?: unknown } {
  const parameters = (state as { Parameters?: unknown }).Parameters;
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) return {};
  const extra: Record<string, string> = {};
  if (state.TimeoutSecondsPath) extra[`${RESERVED_SECONDS_KEYS.TimeoutSeconds}.$`] = state.TimeoutSecondsPath;
  if (state.HeartbeatSecondsPath) extra[`${RESERVED_SECONDS_KEYS.HeartbeatSeconds}.$`] = state.HeartbeatSecondsPath;
  return Object.keys(extra).length === 0 ? {} : { Parameters: { ...parameters, ...extra } };
}

/** Replaces context paths the interpreter cannot answer in every string of a state's fields. */
function rewriteContextPaths(value: unknown, stateIndex: number): unknown {
  if (typeof value === 'string') {
    // Replacement functions: in a replacement string, `$$` would collapse to `$`.
    return value
      .replaceAll('$$.State.Name', () => `$$.${CONTEXT_STATE_NAMES_FIELD}[${stateIndex}]`)
      .replaceAll('$$.Execution.StartTime', () => `$$.${CONTEXT_START_TIME_FIELD}`);
  }
  if (Array.isArray(value)) return value.map((item) => rewriteContextPaths(item, stateIndex));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteContextPaths(item, stateIndex)]));
  }
  return value;
}
