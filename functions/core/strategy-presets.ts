import type { RolloutStep } from './rollout-plan.js';

/**
 * CodeDeploy's predefined Lambda deployment configurations, by their names and meaning:
 * canary = one step then all, linear = equal steps at equal intervals, all-at-once = no step.
 * @see https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html
 */
export const CODEDEPLOY_PRESETS = {
  Canary10Percent5Minutes: canary(10, 5 * 60),
  Canary10Percent10Minutes: canary(10, 10 * 60),
  Canary10Percent15Minutes: canary(10, 15 * 60),
  Canary10Percent30Minutes: canary(10, 30 * 60),
  Linear10PercentEvery1Minute: linear(10, 60),
  Linear10PercentEvery2Minutes: linear(10, 2 * 60),
  Linear10PercentEvery3Minutes: linear(10, 3 * 60),
  Linear10PercentEvery10Minutes: linear(10, 10 * 60),
  AllAtOnce: [{ weight: 100, bakeSeconds: 0 }],
} as const satisfies Record<string, readonly RolloutStep[]>;

/** A preset's name. */
export type PresetName = keyof typeof CODEDEPLOY_PRESETS;

/** True for one of CodeDeploy's preset names. */
export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(CODEDEPLOY_PRESETS, name);
}

/** `percent` of traffic for `bakeSeconds`, then all of it. */
export function canary(percent: number, bakeSeconds: number): RolloutStep[] {
  return [
    { weight: percent, bakeSeconds },
    { weight: 100, bakeSeconds: 0 },
  ];
}

/**
 * `startPercent`, then `factor` times more at every step (rounded to whole percents, always
 * increasing), each held for `bakeSeconds`, until all of it.
 */
export function exponential(startPercent: number, factor: number, bakeSeconds: number): RolloutStep[] {
  const steps: RolloutStep[] = [];
  for (let weight = startPercent; weight < 100; weight = Math.max(weight + 1, Math.round(weight * factor))) steps.push({ weight, bakeSeconds });
  steps.push({ weight: 100, bakeSeconds: 0 });
  return steps;
}

/** `percent` more traffic every `intervalSeconds` until all of it (the last step is capped at 100). */
export function linear(percent: number, intervalSeconds: number): RolloutStep[] {
  const steps: RolloutStep[] = [];
  for (let weight = percent; weight < 100; weight += percent) steps.push({ weight, bakeSeconds: intervalSeconds });
  steps.push({ weight: 100, bakeSeconds: 0 });
  return steps;
}
