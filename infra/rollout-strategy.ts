import type { Duration } from 'aws-cdk-lib';
import { InvalidInputError, type InputIssue } from '../functions/core/errors.js';
import { validateSteps, type RolloutStep } from '../functions/core/rollout-plan.js';
import { canary, CODEDEPLOY_PRESETS, exponential, isPresetName, linear, type PresetName } from '../functions/core/strategy-presets.js';

/** One traffic step as declared in CDK: a weight and how long to bake at it. */
export interface RolloutStepProps {
  /** Whole percent of traffic on the new version, 1 to 100. */
  readonly weight: number;
  /**
   * How long to observe this step before its gate is judged.
   *
   * @default Duration.seconds(0)
   */
  readonly bake?: Duration;

  /**
   * Ask a person (`braid rollout approve`) before applying this step: on the first step, before
   * any traffic moves; on the 100 % step, before promotion.
   *
   * @default false
   */
  readonly approval?: boolean;
}

/** CodeDeploy's predefined Lambda deployment configurations, accepted by name. */
export type RolloutPresetName = PresetName;

/**
 * How a rollout shifts traffic to the new version: an ordered list of weights, each held for a
 * bake time and then judged by the target's gate. Build one with a static factory; every factory
 * validates its steps and throws `InvalidInputError` listing every problem.
 *
 * @see https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html
 */
export class RolloutStrategy {
  /** 10 % for 5 minutes, then 100 %. */
  public static readonly CANARY_10PERCENT_5MINUTES = RolloutStrategy.preset('Canary10Percent5Minutes');
  /** 10 % more every minute until 100 %. */
  public static readonly LINEAR_10PERCENT_EVERY_1MINUTE = RolloutStrategy.preset('Linear10PercentEvery1Minute');
  /** Straight to 100 %. */
  public static readonly ALL_AT_ONCE = RolloutStrategy.preset('AllAtOnce');

  /** A CodeDeploy preset by its name, e.g. `Canary10Percent5Minutes`. */
  public static preset(name: RolloutPresetName): RolloutStrategy {
    if (!isPresetName(name)) {
      throw new InvalidInputError('rollout strategy', [
        { path: 'preset', message: `must be one of ${Object.keys(CODEDEPLOY_PRESETS).join(', ')}, got ${JSON.stringify(name)}` },
      ]);
    }
    return new RolloutStrategy(CODEDEPLOY_PRESETS[name]);
  }

  /**
   * `percent` of traffic for `bake`, then 100 %.
   *
   * @param percent whole percent of traffic for the canary, 1 to 99
   * @param bake how long the canary runs before its gate is judged
   */
  public static canary(percent: number, bake: Duration): RolloutStrategy {
    return new RolloutStrategy(canary(percent, wholeSeconds(bake, 'bake')));
  }

  /**
   * `percent` more traffic every `interval` until 100 %; the last step is capped at 100 %.
   *
   * @param percent whole percent of traffic added per step, 1 to 100
   * @param interval bake time of every step before 100 %
   */
  public static linear(percent: number, interval: Duration): RolloutStrategy {
    // Checked before generating steps: a zero or negative increment would never reach 100 %.
    if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
      throw new InvalidInputError('rollout strategy', [{ path: 'percent', message: `must be a whole percentage from 1 to 100, got ${percent}` }]);
    }
    return new RolloutStrategy(linear(percent, wholeSeconds(interval, 'interval')));
  }

  /**
   * `startPercent`, then `factor` times more at every step, each baked for `bake`, until 100 %.
   *
   * @param startPercent whole percent of the first step, 1 to 99
   * @param factor growth per step, greater than 1
   * @param bake bake time of every step before 100 %
   */
  public static exponential(startPercent: number, factor: number, bake: Duration): RolloutStrategy {
    // Checked before generating steps: a factor of 1 or less would never reach 100 %.
    if (!(factor > 1) || !Number.isInteger(startPercent) || startPercent < 1 || startPercent > 99) {
      throw new InvalidInputError('rollout strategy', [
        ...(factor > 1 ? [] : [{ path: 'factor', message: `must be greater than 1, got ${factor}` }]),
        ...(Number.isInteger(startPercent) && startPercent >= 1 && startPercent <= 99
          ? []
          : [{ path: 'startPercent', message: `must be a whole percentage from 1 to 99, got ${startPercent}` }]),
      ]);
    }
    return new RolloutStrategy(exponential(startPercent, factor, wholeSeconds(bake, 'bake')));
  }

  /** All traffic to the new version in one step. */
  public static allAtOnce(): RolloutStrategy {
    return RolloutStrategy.preset('AllAtOnce');
  }

  /** An explicit list of steps; whole-percent weights must increase strictly from 1 to 100. */
  public static fromSteps(steps: readonly RolloutStepProps[]): RolloutStrategy {
    return new RolloutStrategy(
      steps.map((step, index) => ({
        weight: step.weight,
        bakeSeconds: step.bake === undefined ? 0 : wholeSeconds(step.bake, `steps[${index}].bake`),
        ...(step.approval ? { approval: true } : {}),
      })),
    );
  }

  /** The validated steps, as recorded in the registry. */
  public readonly steps: readonly RolloutStep[];

  private constructor(steps: readonly RolloutStep[]) {
    const issues = validateSteps(steps);
    if (issues.length > 0) throw new InvalidInputError('rollout strategy', issues);
    this.steps = Object.freeze(steps.map((step) => Object.freeze({ ...step })));
  }
}

/** A Duration as whole seconds; fractions are refused rather than silently rounded. */
function wholeSeconds(duration: Duration, path: string): number {
  const seconds = duration.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 0) {
    const issue: InputIssue = { path, message: `must be a whole number of seconds >= 0, got ${seconds}` };
    throw new InvalidInputError('rollout strategy', [issue]);
  }
  return seconds;
}
