import { Duration, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { toItem } from '../functions/adapters/dynamodb-item.js';
import { resolveGatePolicy, validateGatePolicy, type GatePolicy } from '../functions/core/gate-policy.js';
import { resolveRollbackPolicy, validateRollbackPolicy, type RollbackPolicy } from '../functions/core/restore-planner.js';
import { resolveApprovalPolicy, validateApprovalPolicy, type ApprovalPolicy } from '../functions/core/holds.js';
import { resolveCanaryPolicy, type CanaryPolicy } from '../functions/core/judge/canary-judge.js';
import { InvalidInputError, type InputIssue } from '../functions/core/errors.js';
import { DEFAULT_HOOK_TIMEOUT_SECONDS, validateHookPolicy } from '../functions/core/hooks.js';
import { resolveRunbook, type RemediationRunbook } from '../functions/core/remediation/runbook.js';
import { targetPartition } from '../functions/schema/braid-table-schema.js';
import { targetItem, targetKey, type TargetRecord } from '../functions/schema/target-item.js';
import type { Braid } from './braid.js';
import { acknowledgeCustomResourceProvider } from './private/nag-finding.js';
import { toRunbookInput, validateRemediationProps } from './private/runbook-input.js';
import type { RemediationProps } from './remediation-props.js';
import { RolloutStrategy } from './rollout-strategy.js';

export type { RemediationFlapProps, RemediationProps, RemediationRateLimitProps, RemediationVerifyProps } from './remediation-props.js';

/** DescribeAlarms takes at most 100 alarm names in one call. */
const MAX_GATE_ALARMS = 100;

const TARGET_NAME = /^[A-Za-z0-9_.:-]{1,256}$/;

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
 * (its registry item, keyed by `functions/schema/target-item.ts`: alias, gate alarm names, strategy
 * steps, policies and remediation runbook) and removes it when the construct
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

    const hooks = [props.preTrafficHook, props.postTrafficHook].filter((hook): hook is lambda.IFunction => hook !== undefined);
    const hookTimeoutSeconds = (props.hookTimeout ?? Duration.seconds(DEFAULT_HOOK_TIMEOUT_SECONDS)).toSeconds({ integral: false });
    const issues = validateTargetProps(props, this.targetName, this.gateAlarms, hookTimeoutSeconds);
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

    this.register(props, functionName, hooks, hookTimeoutSeconds);
  }

  /** Records the target in Braid's table at deploy time, and deletes the record when the construct leaves the stack. */
  private register(props: RolloutTargetProps, functionName: string, hooks: readonly lambda.IFunction[], hookTimeoutSeconds: number): void {
    const table = props.braid.table;
    const target: TargetRecord = {
      targetName: this.targetName,
      functionName,
      aliasName: props.alias.aliasName,
      gateAlarmNames: this.gateAlarms.map((alarm) => alarm.alarmName),
      steps: this.strategy.steps.map((step) => ({ weight: step.weight, bakeSeconds: step.bakeSeconds, approval: step.approval ?? false })),
      gatePolicy: this.gatePolicy,
      canaryJudge: props.canaryJudge,
      rollbackPolicy: this.rollbackPolicy,
      approvalPolicy: this.approvalPolicy,
      hooks:
        hooks.length > 0
          ? { preTraffic: props.preTrafficHook?.functionArn, postTraffic: props.postTrafficHook?.functionArn, timeoutSeconds: hookTimeoutSeconds }
          : undefined,
      remediation: this.remediation && runbookFirst(this.remediation),
    };
    const key = toItem(targetKey(this.targetName));
    const putItem: cr.AwsSdkCall = {
      service: 'DynamoDB',
      action: 'PutItem',
      // The same item the registry adapter writes: the detector lists the registry through the index.
      parameters: { TableName: table.tableName, Item: toItem(targetItem(target)) },
      physicalResourceId: cr.PhysicalResourceId.of(targetPartition(this.targetName)),
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

/** Every problem with a target's props (the remediation runbook's included), named after the props. */
function validateTargetProps(
  props: RolloutTargetProps,
  targetName: string,
  gateAlarms: readonly cloudwatch.IAlarm[],
  hookTimeoutSeconds: number,
): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!Token.isUnresolved(targetName) && !TARGET_NAME.test(targetName)) {
    issues.push({
      path: 'targetName',
      message: `must be 1 to 256 letters, digits or . _ : -, got ${JSON.stringify(targetName)}`,
    });
  }
  if (gateAlarms.length > MAX_GATE_ALARMS) {
    issues.push({
      path: 'gateAlarms',
      message: `must hold at most ${MAX_GATE_ALARMS} alarms, got ${gateAlarms.length}; combine them in a composite alarm`,
    });
  }
  issues.push(
    ...validateGatePolicy(props.gatePolicy ?? {}),
    ...validateApprovalPolicy(props.approvalPolicy ?? {}),
    ...validateRollbackPolicy(props.rollbackPolicy ?? {}),
  );
  if (props.hookTimeout && !props.preTrafficHook && !props.postTrafficHook) {
    issues.push({ path: 'hookTimeout', message: 'is set, but the target has neither preTrafficHook nor postTrafficHook; add a hook or remove hookTimeout' });
  }
  issues.push(...validateHookPolicy({ timeoutSeconds: hookTimeoutSeconds }).map((issue) => ({ path: 'hookTimeout', message: issue.message })));
  if (props.remediation) issues.push(...validateRemediationProps(props.remediation));
  return issues;
}

/** The runbook with what it watches and does first, so the item reads well in the console and in `cdk diff`. */
function runbookFirst(runbook: RemediationRunbook): RemediationRunbook {
  const { alarmNames, action, ...limits } = runbook;
  return { alarmNames, action, ...limits };
}
