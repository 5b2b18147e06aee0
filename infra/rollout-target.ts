import { Duration, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Construct } from 'constructs';
import { REGISTRY_PARTITION } from '../functions/adapters/table-requests.js';
import { resolveGatePolicy, validateGatePolicy, type GatePolicy } from '../functions/core/gate-policy.js';
import { resolveRollbackPolicy, validateRollbackPolicy, type RollbackPolicy } from '../functions/core/restore-planner.js';
import { resolveApprovalPolicy, validateApprovalPolicy, type ApprovalPolicy } from '../functions/core/holds.js';
import { resolveCanaryPolicy, type CanaryPolicy } from '../functions/core/judge/canary-judge.js';
import { InvalidInputError, type InputIssue } from '../functions/core/errors.js';
import { DEFAULT_HOOK_TIMEOUT_SECONDS, validateHookPolicy } from '../functions/core/hooks.js';
import { resolveRunbook, type RemediationRunbook } from '../functions/core/remediation/runbook.js';
import type { Braid } from './braid.js';
import { acknowledgeCustomResourceProvider } from './private/nag-finding.js';
import { toRunbookInput, validateRemediationProps } from './private/runbook-input.js';
import type { RemediationProps } from './remediation-props.js';
import { RolloutStrategy } from './rollout-strategy.js';

/** DescribeAlarms takes at most 100 alarm names in one call. */
const MAX_GATE_ALARMS = 100;

const TARGET_NAME = /^[A-Za-z0-9_.:-]{1,256}$/;

// The runbook's props live in their own module (which infra/private/runbook-input.ts reads too);
// re-exported so a target's whole configuration can be imported from here.
export type { RemediationFlapProps, RemediationProps, RemediationRateLimitProps, RemediationVerifyProps } from './remediation-props.js';

/** Construction properties for `RolloutTarget`. */
export interface RolloutTargetProps {
  /** The Braid that rolls this target out and keeps its registry. */
  readonly braid: Braid;

  /** The alias whose traffic Braid shifts between versions. */
  readonly alias: lambda.IAlias;

  /**
   * Alarms judged after every bake: any alarm in ALARM fails the step and restores the alias.
   *
   * @default - none: steps are judged on Braid's own guards only
   */
  readonly gateAlarms?: cloudwatch.IAlarm[];

  /**
   * How traffic moves to the new version.
   *
   * @default RolloutStrategy.CANARY_10PERCENT_5MINUTES
   */
  readonly strategy?: RolloutStrategy;

  /**
   * How the gate treats thin evidence: alarms in INSUFFICIENT_DATA, too few invocations of the
   * new version, stale telemetry, and how often an inconclusive step is re-evaluated.
   *
   * @default - `DEFAULT_GATE_POLICY`: INSUFFICIENT_DATA is inconclusive, at least 10 invocations,
   * telemetry at most 180 s old, 3 re-evaluations 60 s apart, then roll back
   */
  readonly gatePolicy?: Partial<GatePolicy>;

  /**
   * How long approval points and inconclusive pauses wait for a person, and what a timeout means.
   *
   * @default - `DEFAULT_APPROVAL_POLICY`: one hour, then reject (roll back)
   */
  readonly approvalPolicy?: Partial<ApprovalPolicy>;

  /**
   * How a rollback moves traffic back to the stable version: at once, or in `gradualSteps`
   * even steps `stepSeconds` apart (each audited and fenced like a shift).
   *
   * @default - `DEFAULT_ROLLBACK_POLICY`: at once
   */
  readonly rollbackPolicy?: Partial<RollbackPolicy>;

  /**
   * Compare the new version with the stable one at every traffic step (error rate: a
   * two-proportion test; latency: Mann-Whitney U), with these tolerances and confidence.
   *
   * @default - no canary judge: steps are judged by the gate alarms and Braid's guards
   */
  readonly canaryJudge?: CanaryPolicy;

  /**
   * A function invoked after the snapshot, before any traffic moves (CodeDeploy's
   * BeforeAllowTraffic), with the operation's context. It must answer `{ "status": "Succeeded" }`;
   * anything else, an error or the timeout ends the rollout as failed, with no traffic moved.
   * See docs/hooks.md.
   *
   * @default - no pre-traffic hook
   */
  readonly preTrafficHook?: lambda.IFunction;

  /**
   * A function invoked after the promotion, before the rollout finishes (CodeDeploy's
   * AfterAllowTraffic). Anything but `{ "status": "Succeeded" }` rolls the alias back to the
   * stable version.
   *
   * @default - no post-traffic hook
   */
  readonly postTrafficHook?: lambda.IFunction;

  /**
   * How long each hook may take to answer, 1 second to 15 minutes (whole seconds).
   *
   * @default Duration.minutes(5)
   */
  readonly hookTimeout?: Duration;

  /**
   * The name the CLI, the registry and the audit trail use for this target.
   *
   * @default - `<functionName>:<aliasName>`
   */
  readonly targetName?: string;

  /**
   * What Braid does when the target misbehaves in production, outside any rollout: the alarms
   * that start a repair, the repair, and its limits (see `RemediationProps`).
   *
   * @default - no runbook: Braid repairs this target only when asked (`braid repair --action`)
   */
  readonly remediation?: RemediationProps;
}

/**
 * One Lambda alias under Braid's care. At deploy time it records the target in Braid's table
 * (item `TARGET#<targetName>` / `TARGET`: alias, gate alarm names, strategy steps, policies and
 * remediation runbook; listed in the index under `REGISTRY`) and removes it when the construct
 * leaves the stack. It grants Braid's state machines `lambda:GetAlias` and `lambda:UpdateAlias` on
 * this alias only, the remediation state machine `lambda:PutFunctionConcurrency` and
 * `lambda:DeleteFunctionConcurrency` on this function (and `lambda:InvokeFunction` on its traffic
 * hooks and runbook function), and Braid's tasks read access to the function, its versions and
 * the gate and runbook alarms.
 *
 * The record holds only what the props say (no synth timestamp), so `cdk diff` stays quiet
 * until the target really changes.
 */
export class RolloutTarget extends Construct {
  /** The name of this target in the registry. */
  public readonly targetName: string;

  /** The alias under Braid's care. */
  public readonly alias: lambda.IAlias;

  /** The strategy recorded for this target. */
  public readonly strategy: RolloutStrategy;

  /** The gate alarms recorded for this target. */
  public readonly gateAlarms: readonly cloudwatch.IAlarm[];

  /** The gate policy recorded for this target, defaults applied. */
  public readonly gatePolicy: GatePolicy;

  /** The approval policy recorded for this target, defaults applied. */
  public readonly approvalPolicy: ApprovalPolicy;

  /** The rollback policy recorded for this target, defaults applied. */
  public readonly rollbackPolicy: RollbackPolicy;

  /** The remediation runbook recorded for this target, defaults applied; absent when it has none. */
  public readonly remediation?: RemediationRunbook;

  constructor(scope: Construct, id: string, props: RolloutTargetProps) {
    super(scope, id);
    const functionName = props.alias.version.lambda.functionName;
    this.alias = props.alias;
    this.targetName = props.targetName ?? `${functionName}:${props.alias.aliasName}`;
    this.strategy = props.strategy ?? RolloutStrategy.CANARY_10PERCENT_5MINUTES;
    this.gateAlarms = [...(props.gateAlarms ?? [])];

    const issues: InputIssue[] = [];
    if (!Token.isUnresolved(this.targetName) && !TARGET_NAME.test(this.targetName)) {
      issues.push({
        path: 'targetName',
        message: `must be 1 to 256 letters, digits or . _ : -, got ${JSON.stringify(this.targetName)}`,
      });
    }
    if (this.gateAlarms.length > MAX_GATE_ALARMS) {
      issues.push({
        path: 'gateAlarms',
        message: `must hold at most ${MAX_GATE_ALARMS} alarms, got ${this.gateAlarms.length}; combine them in a composite alarm`,
      });
    }
    issues.push(
      ...validateGatePolicy(props.gatePolicy ?? {}),
      ...validateApprovalPolicy(props.approvalPolicy ?? {}),
      ...validateRollbackPolicy(props.rollbackPolicy ?? {}),
    );
    const hooks = [props.preTrafficHook, props.postTrafficHook].filter((hook): hook is lambda.IFunction => hook !== undefined);
    const hookTimeout = props.hookTimeout ?? Duration.seconds(DEFAULT_HOOK_TIMEOUT_SECONDS);
    if (props.hookTimeout && hooks.length === 0) {
      issues.push({ path: 'hookTimeout', message: 'is set, but the target has neither preTrafficHook nor postTrafficHook; add a hook or remove hookTimeout' });
    }
    const hookTimeoutSeconds = hookTimeout.toSeconds({ integral: false });
    issues.push(...validateHookPolicy({ timeoutSeconds: hookTimeoutSeconds }).map((issue) => ({ path: 'hookTimeout', message: issue.message })));
    if (props.remediation) issues.push(...validateRemediationProps(props.remediation));
    if (issues.length > 0) throw new InvalidInputError('rollout target', issues);
    if (props.remediation) this.remediation = resolveRunbook(toRunbookInput(props.remediation));
    this.gatePolicy = resolveGatePolicy(props.gatePolicy);
    this.approvalPolicy = resolveApprovalPolicy(props.approvalPolicy);
    this.rollbackPolicy = resolveRollbackPolicy(props.rollbackPolicy);
    // Resolved to validate it at synth time (throws InvalidInputError); recorded as given.
    if (props.canaryJudge) resolveCanaryPolicy(props.canaryJudge);

    props.braid._bindTarget({
      targetName: this.targetName,
      alias: props.alias,
      gateAlarms: this.gateAlarms,
      hooks,
      remediation: props.remediation && { alarms: props.remediation.alarms, runbookFunction: props.remediation.runbookFunction },
    });

    const table = props.braid.table;
    const key = { pk: { S: `TARGET#${this.targetName}` }, sk: { S: 'TARGET' } };
    const putItem: cr.AwsSdkCall = {
      service: 'DynamoDB',
      action: 'PutItem',
      parameters: {
        TableName: table.tableName,
        Item: {
          ...key,
          // The detector lists the registry through the index (the same keys `putTarget` writes).
          gsi1pk: { S: REGISTRY_PARTITION },
          gsi1sk: { S: this.targetName },
          targetName: { S: this.targetName },
          functionName: { S: functionName },
          aliasName: { S: props.alias.aliasName },
          gateAlarmNames: { L: this.gateAlarms.map((alarm) => ({ S: alarm.alarmName })) },
          steps: {
            L: this.strategy.steps.map((step) => ({
              M: { weight: { N: String(step.weight) }, bakeSeconds: { N: String(step.bakeSeconds) }, approval: { BOOL: step.approval ?? false } },
            })),
          },
          gatePolicy: {
            M: {
              insufficientData: { S: this.gatePolicy.insufficientData },
              maxTelemetryAgeSeconds: { N: String(this.gatePolicy.maxTelemetryAgeSeconds) },
              minInvocations: { N: String(this.gatePolicy.minInvocations) },
              maxInconclusive: { N: String(this.gatePolicy.maxInconclusive) },
              recheckSeconds: { N: String(this.gatePolicy.recheckSeconds) },
              onInconclusive: { S: this.gatePolicy.onInconclusive },
            },
          },
          ...(props.canaryJudge
            ? {
                canaryJudge: {
                  M: Object.fromEntries(
                    Object.entries(props.canaryJudge)
                      .filter(([, value]) => value !== undefined)
                      .map(([key, value]) => [key, { N: String(value) }]),
                  ),
                },
              }
            : {}),
          rollbackPolicy: { M: { gradualSteps: { N: String(this.rollbackPolicy.gradualSteps) }, stepSeconds: { N: String(this.rollbackPolicy.stepSeconds) } } },
          approvalPolicy: {
            M: { timeoutSeconds: { N: String(this.approvalPolicy.timeoutSeconds) }, onTimeout: { S: this.approvalPolicy.onTimeout } },
          },
          ...(hooks.length > 0
            ? {
                hooks: {
                  M: {
                    ...(props.preTrafficHook ? { preTraffic: { S: props.preTrafficHook.functionArn } } : {}),
                    ...(props.postTrafficHook ? { postTraffic: { S: props.postTrafficHook.functionArn } } : {}),
                    timeoutSeconds: { N: String(hookTimeoutSeconds) },
                  },
                },
              }
            : {}),
          ...(this.remediation ? { remediation: { M: marshall(runbookFirst(this.remediation), { removeUndefinedValues: true }) } } : {}),
        },
      },
      physicalResourceId: cr.PhysicalResourceId.of(`TARGET#${this.targetName}`),
    };
    const registration = new cr.AwsCustomResource(this, 'Registration', {
      resourceType: 'Custom::BraidRolloutTarget',
      onCreate: putItem,
      onUpdate: putItem,
      onDelete: {
        service: 'DynamoDB',
        action: 'DeleteItem',
        parameters: { TableName: table.tableName, Key: key },
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
          resources: [table.tableArn],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    acknowledgeCustomResourceProvider(registration);
  }
}

/** The runbook with what it watches and does first, so the item reads well in the console and in `cdk diff`. */
function runbookFirst(runbook: RemediationRunbook): RemediationRunbook {
  const { alarmNames, action, ...limits } = runbook;
  return { alarmNames, action, ...limits };
}
