import type { AliasRouting } from '../../functions/core/alias-state.js';
import type { RemediationTimings } from '../../functions/core/remediation-timings.js';
import type { OperatorAction } from '../../functions/core/operator-commands.js';
import type { InvariantCheck } from './invariants.js';

/** One line of an operation's timeline, at scenario time. */
export interface TimelineEntry {
  /** Seconds of virtual time since the scenario started. */
  readonly atSeconds: number;
  /** `audit:<kind>` for audit records, `alias` for applied alias changes, `alarm` for alarm state changes. */
  readonly kind: string;
  readonly message: string;
  /** For gate verdicts: the checks, alarm states, telemetry and canary-judge statistics behind it. */
  readonly evidence?: Record<string, unknown>;
  /** Set on entries the terminal view leaves out (they stay in the JSON report). */
  readonly bookkeeping?: true;
}

/** An alias's routing: the version it points at, and the weights of additional versions (0 to 1). */
export interface AliasView {
  readonly functionVersion: string;
  readonly additionalVersionWeights: Record<string, number>;
}

/** One operation of a scenario, as the report shows it. */
export interface OperationReport {
  readonly id: string;
  readonly kind: 'rollout' | 'remediation';
  readonly target: string;
  /** Rollouts: the version rolled out. */
  readonly newVersion?: string;
  readonly status: string;
  readonly reason?: string;
  /** Status of its Step Functions execution. */
  readonly executionStatus: string;
  /**
   * The alias as this operation left it (when it recorded its end); later changes by other
   * operations are in theirs and in the scenario's `finalAliases`. Absent when the operation
   * recorded nothing (refused before it was recorded): it changed nothing.
   */
  readonly aliasAtEnd?: AliasView;
  /** Billable Step Functions state transitions of its execution. */
  readonly stateTransitions: number;
  readonly stateTransitionsByState: Record<string, number>;
  readonly timeline: TimelineEntry[];
  /** Remediations: what triggered it, what policy decided, and its timings. */
  readonly remediation?: RemediationReport;
}

/** A remediation as the report shows it. */
export interface RemediationReport {
  readonly trigger: 'alarm' | 'manual';
  readonly alarmName?: string;
  readonly action: string;
  readonly decision: string;
  readonly decisionReason?: string;
  /** Deliveries of the same incident that were counted and changed nothing. */
  readonly duplicatesSuppressed: number;
  /** Seconds from the alarm's state change to detection, to the repair's change, and to verified convergence. */
  readonly timings: RemediationTimings;
}

/** One scripted operator control as it was played. */
export interface ActionReport {
  readonly atSeconds: number;
  readonly action: string;
  readonly target?: string;
  readonly by: string;
  readonly reason: string;
  readonly applied: boolean;
  readonly detail: string;
  readonly operationId?: string;
}

/** What `braid simulate --json` prints for one scenario. */
export interface ScenarioReport {
  readonly scenario: { name: string; description?: string; seed: number; file: string };
  readonly operations: OperationReport[];
  /** Each target's alias when the scenario ended, by target name. */
  readonly finalAliases: Record<string, AliasView>;
  readonly invariants: InvariantCheck[];
  /** State transitions of every execution of the scenario, added up. */
  readonly stateTransitions: number;
  readonly traffic: Record<string, { invocations: number; functionErrors: number }>;
  /** Virtual seconds the scenario covered. */
  readonly virtualSeconds: number;
  /** The scenario's scripted decisions, and whether each found a hold to decide. */
  readonly decisions: DecisionReport[];
  /** The scenario's operator controls (repair, kill switch, breaker), as played. */
  readonly operatorActions: ActionReport[];
  /** Escalations published to the escalation topic. */
  readonly notifications: { atSeconds: number; subject: string; message: string }[];
  /** Events the detector rejected (malformed, foreign, unknown alarm). */
  readonly rejectedEvents: number;
}

/** One scripted decision as it was played. */
export interface DecisionReport {
  readonly atSeconds: number;
  readonly rollout: number;
  readonly operationId: string;
  readonly decision: OperatorAction;
  readonly by: string;
  readonly reason: string;
  readonly applied: boolean;
  readonly detail: string;
}

/** The alias routing in the report's shape. */
export function aliasView(routing: AliasRouting): AliasView {
  return { functionVersion: routing.functionVersion, additionalVersionWeights: { ...routing.additionalVersionWeights } };
}
