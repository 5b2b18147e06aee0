import * as z from 'zod/mini';
import { CODEDEPLOY_PRESETS } from '../../functions/core/strategy-presets.js';

const versionNumber = z.string().check(z.regex(/^[1-9][0-9]*$/, 'must be a published version number such as "2"'));

/** How a version behaves when invoked in the sandbox. */
export const versionBehaviourSchema = z.strictObject({
  /** Probability that an invocation fails, 0 to 1. */
  errorRate: z.number().check(z.minimum(0), z.maximum(1)),
  /** Duration of an invocation: normal with this mean and standard deviation. */
  latencyMs: z.strictObject({ mean: z.number().check(z.positive()), stdDev: z.optional(z.number().check(z.minimum(0))) }),
  /** Execution role; versions with different roles cannot share an alias. @default the function's role */
  role: z.optional(z.string().check(z.minLength(1))),
});

/** A CloudWatch alarm on one of the function's Lambda metrics. */
export const alarmSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(255)),
  metric: z.enum(['Errors', 'Invocations', 'Duration', 'Throttles']),
  statistic: z.enum(['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount']),
  /** Watch one version's metrics (`ExecutedVersion` dimension). @default the alias's metrics (`Resource` dimension) */
  executedVersion: z.optional(versionNumber),
  periodSeconds: z.int().check(z.refine((p) => [10, 20, 30].includes(p) || (p >= 60 && p % 60 === 0), 'must be 10, 20, 30 or a multiple of 60')),
  evaluationPeriods: z.int().check(z.minimum(1), z.maximum(100)),
  datapointsToAlarm: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
  threshold: z.number(),
  comparison: z.enum(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']),
  treatMissingData: z.optional(z.enum(['missing', 'notBreaching', 'breaching', 'ignore'])),
});

const stepSchema = z.strictObject({
  weight: z.number(),
  bakeSeconds: z.number(),
  /** Ask a person before applying this step. @default false */
  approval: z.optional(z.boolean()),
});

/** How long approvals wait and what a timeout means (see functions/core/holds.ts for defaults). */
export const approvalPolicySchema = z.strictObject({
  timeoutSeconds: z.optional(z.int().check(z.minimum(60))),
  onTimeout: z.optional(z.enum(['reject', 'approve'])),
});

/** An operator's action, scripted at a scenario time (see `braid rollout approve|reject|resume|abort|pause|promote`). */
export const decisionSchema = z.strictObject({
  /** Seconds of virtual time since the scenario started. */
  atSeconds: z.int().check(z.minimum(0)),
  /** Which rollout of `rollouts`, by position. @default 0 */
  rollout: z._default(z.int().check(z.minimum(0)), 0),
  decision: z.enum(['approve', 'reject', 'resume', 'abort', 'pause', 'promote', 'promote_full']),
  by: z.string().check(z.minLength(1), z.maxLength(200)),
  reason: z.string().check(z.minLength(1), z.maxLength(1000)),
});

const percent = z.int().check(z.minimum(1), z.maximum(99));
const seconds = z.int().check(z.minimum(0));

/** One of CodeDeploy's preset names, a custom canary, linear or exponential strategy, or an explicit list of steps. */
export const strategySchema = z.union([
  z.strictObject({ preset: z.enum(Object.keys(CODEDEPLOY_PRESETS) as [keyof typeof CODEDEPLOY_PRESETS, ...(keyof typeof CODEDEPLOY_PRESETS)[]]) }),
  z.strictObject({ canary: z.strictObject({ percent, bakeSeconds: seconds }) }),
  z.strictObject({ linear: z.strictObject({ percent, intervalSeconds: seconds }) }),
  z.strictObject({ exponential: z.strictObject({ startPercent: percent, factor: z.number().check(z.gt(1), z.maximum(100)), bakeSeconds: seconds }) }),
  z.strictObject({ steps: z.array(stepSchema) }),
]);

/** How the gate treats thin evidence (see functions/core/gate-policy.ts for defaults). */
export const gatePolicySchema = z.strictObject({
  insufficientData: z.optional(z.enum(['inconclusive', 'pass', 'fail'])),
  maxTelemetryAgeSeconds: z.optional(z.int().check(z.minimum(0))),
  minInvocations: z.optional(z.int().check(z.minimum(0))),
  maxInconclusive: z.optional(z.int().check(z.minimum(0))),
  recheckSeconds: z.optional(z.int().check(z.minimum(10))),
  onInconclusive: z.optional(z.enum(['pause', 'rollback'])),
  checkIntervalSeconds: z.optional(z.int().check(z.minimum(0))),
});

/** What a sandbox traffic hook answers: the sandbox creates a function that always gives this answer. */
export const hookSpecSchema = z.strictObject({
  /** `Succeeded` passes the hook; `Failed` fails it with `reason`; `Throws` makes the function raise an error (which fails it too). */
  result: z.enum(['Succeeded', 'Failed', 'Throws']),
  /** The reason the function gives (or the message of the error it raises). @default - none */
  reason: z.optional(z.string().check(z.minLength(1), z.maxLength(1000))),
});

/** A target's traffic hooks (see docs/hooks.md). */
export const hooksSchema = z.strictObject({
  /** Invoked after the snapshot, before any traffic moves. @default - none */
  preTraffic: z.optional(hookSpecSchema),
  /** Invoked after the promotion, before the rollout finishes. @default - none */
  postTraffic: z.optional(hookSpecSchema),
  /** How long each hook may take, 1 to 900 seconds. @default 300 */
  timeoutSeconds: z.optional(z.int().check(z.minimum(1), z.maximum(900))),
});

/** One target: a function, its versions, its alias, its traffic, alarms, gates and strategy. */
export const targetSchema = z.strictObject({
  /** The target's name. @default `<function>:<alias>` */
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  function: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Lambda function name (letters, digits, - and _, at most 64)')),
  alias: z.string().check(z.regex(/^(?!^[0-9]+$)[A-Za-z0-9_-]{1,128}$/, 'must be a Lambda alias name (letters, digits, - and _, not only digits)')),
  /** Execution role of every version unless a version names its own. */
  role: z.optional(z.string().check(z.minLength(1))),
  /** Published versions, "1", "2", … in order, with their behaviour. */
  versions: z.record(versionNumber, versionBehaviourSchema),
  /** The version the alias points at when the scenario starts. */
  stableVersion: versionNumber,
  /** Requests per second through the alias. */
  trafficPerSecond: z.number().check(z.minimum(0), z.maximum(1000)),
  alarms: z._default(z.array(alarmSchema), []),
  /** Names of the alarms that gate every step. */
  gates: z._default(z.array(z.string().check(z.minLength(1))), []),
  /** How the gate treats missing data, thin traffic and stale telemetry. @default DEFAULT_GATE_POLICY */
  gatePolicy: z.optional(gatePolicySchema),
  /** Compare the new version with the stable one at every traffic step (see docs/canary-judge.md); absent = off. */
  canaryJudge: z.optional(
    z.strictObject({
      errorRateTolerance: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
      latencyTolerance: z.optional(z.number().check(z.minimum(0))),
      confidence: z.optional(z.number().check(z.gt(0.5), z.lt(1))),
      marginalConfidence: z.optional(z.number().check(z.gt(0.5), z.lt(1))),
      minInvocations: z.optional(z.int().check(z.minimum(1))),
      minLatencySamples: z.optional(z.int().check(z.minimum(5))),
    }),
  ),
  /** How a rollback moves traffic back: at once (default) or in `gradualSteps` steps `stepSeconds` apart. */
  rollbackPolicy: z.optional(
    z.strictObject({
      gradualSteps: z.optional(z.int().check(z.minimum(0), z.maximum(10))),
      stepSeconds: z.optional(z.int().check(z.minimum(10), z.maximum(3600))),
    }),
  ),
  /** How long approval points wait, and what a timeout means. @default DEFAULT_APPROVAL_POLICY */
  approvalPolicy: z.optional(approvalPolicySchema),
  /** Functions the sandbox creates and the rollout invokes before any traffic moves and after the promotion. @default - none */
  hooks: z.optional(hooksSchema),
  strategy: strategySchema,
  /**
   * What the remediation braid does when one of the named alarms fires in production (see
   * docs/remediation.md); validated like the CDK's runbook. A `runbookFunction` is created by
   * the sandbox and answers with `runbookResult`. @default - not watched
   */
  remediation: z.optional(z.looseObject({ alarmNames: z.array(z.string()), action: z.string() })),
  /** What the sandbox's runbook function (for `invoke_runbook`) does: succeed or raise an error. @default 'Succeeded' */
  runbookResult: z.optional(z.enum(['Succeeded', 'Throws'])),
});

/** A change of the world at a scenario time: a version starts behaving differently (a dependency degrades, then recovers). */
export const behaviourChangeSchema = z.strictObject({
  atSeconds: z.int().check(z.minimum(0)),
  target: z.string().check(z.minLength(1)),
  version: versionNumber,
  errorRate: z.number().check(z.minimum(0), z.maximum(1)),
  latencyMs: z.optional(z.strictObject({ mean: z.number().check(z.positive()), stdDev: z.optional(z.number().check(z.minimum(0))) })),
});

/** An operator's remediation control at a scenario time (`braid repair`, `braid killswitch`, `braid breaker reset`). */
export const operatorActionSchema = z.strictObject({
  atSeconds: z.int().check(z.minimum(0)),
  action: z.enum(['repair', 'killswitch_on', 'killswitch_off', 'breaker_reset']),
  /** The target; for the kill switch, absent = the global switch. */
  target: z.optional(z.string().check(z.minLength(1))),
  /** For `repair`: the catalogue action. @default the runbook's */
  repair: z.optional(z.enum(['rollback', 'shift_canary_to_zero', 'throttle', 'invoke_runbook', 'notify'])),
  reservedConcurrency: z.optional(z.int().check(z.minimum(0), z.maximum(10_000))),
  by: z.string().check(z.minLength(1), z.maxLength(200)),
  reason: z.string().check(z.minLength(1), z.maxLength(1000)),
});

/** A rollout the scenario starts. */
export const rolloutSchema = z.strictObject({
  target: z.string().check(z.minLength(1)),
  version: versionNumber,
  reason: z.optional(z.string().check(z.maxLength(1000))),
});

/** A scenario file. */
export const scenarioSchema = z.strictObject({
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes')),
  description: z.optional(z.string().check(z.maxLength(2000))),
  /** Seeds traffic, errors and latency: the same seed gives the same report. @default 1 */
  seed: z._default(z.int().check(z.minimum(0), z.maximum(2 ** 32 - 1)), 1),
  /** Virtual time at which the scenario starts. @default 2026-01-01T00:00:00Z */
  startTime: z._default(z.iso.datetime(), '2026-01-01T00:00:00Z'),
  /** Traffic served before the first rollout starts, so alarms have data. @default 120 */
  warmupSeconds: z._default(z.int().check(z.minimum(0), z.maximum(86_400)), 120),
  targets: z.array(targetSchema).check(z.minLength(1)),
  /** Rollouts started after the warm-up, in order. @default none */
  rollouts: z._default(z.array(rolloutSchema), []),
  /** Changes of version behaviour at scenario times, in time order. @default none */
  behaviourChanges: z._default(z.array(behaviourChangeSchema), []),
  /** Remediation controls an operator uses at scenario times, in time order. @default none */
  operatorActions: z._default(z.array(operatorActionSchema), []),
  /** Keep the scenario running at least this long (virtual seconds from its start), so alarms can fire after the rollouts end. @default 0 */
  runSeconds: z._default(z.int().check(z.minimum(0), z.maximum(30 * 86_400)), 0),
  /** Scripted approvals and rejections, in time order. @default none */
  decisions: z._default(z.array(decisionSchema), []),
});

/** A parsed scenario, defaults applied. */
export type Scenario = z.infer<typeof scenarioSchema>;
/** A parsed target. */
export type ScenarioTarget = z.infer<typeof targetSchema>;
/** A parsed hook. */
export type ScenarioHook = z.infer<typeof hookSpecSchema>;
/** A parsed behaviour change. */
export type BehaviourChange = z.infer<typeof behaviourChangeSchema>;
/** A parsed operator action. */
export type OperatorAction = z.infer<typeof operatorActionSchema>;
/** A parsed alarm. */
export type ScenarioAlarm = z.infer<typeof alarmSchema>;
