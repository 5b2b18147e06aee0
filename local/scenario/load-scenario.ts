import { readFile } from 'node:fs/promises';
import { InvalidInputError, type InputIssue } from '../../functions/core/errors.js';
import { parseInput } from '../../functions/core/input-issues.js';
import { defaultTargetName } from '../../functions/schema/target-item.js';
import { validateSteps, type RolloutStep } from '../../functions/core/rollout-plan.js';
import { validateRunbook, type RunbookInput } from '../../functions/core/remediation/runbook.js';
import type { HookKind } from '../../functions/core/hooks.js';
import { canary, CODEDEPLOY_PRESETS, exponential, linear } from '../../functions/core/strategy-presets.js';
import { scenarioSchema, type Scenario, type ScenarioTarget } from './scenario-schema.js';

/** A scenario file that cannot be run; `issues` name each field and what is wrong with it. */
export class InvalidScenarioError extends InvalidInputError {
  constructor(
    readonly file: string,
    issues: readonly InputIssue[],
  ) {
    super(`scenario ${file}`, issues);
  }
}

/** Reads, parses and validates a scenario file. Throws InvalidScenarioError; never starts anything. */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidScenarioError(file, [{ path: '', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  return parseScenario(text, file);
}

/** Parses and validates scenario text. */
export function parseScenario(text: string, file = '<scenario>'): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidScenarioError(file, [{ path: '', message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  const parsed = parseInput(scenarioSchema, json, { unknownFieldHint: '(see docs/scenarios.md)' });
  if (!parsed.success) throw new InvalidScenarioError(file, parsed.issues);
  const issues = crossCheck(parsed.data);
  if (issues.length > 0) throw new InvalidScenarioError(file, issues);
  return parsed.data;
}

/** The name a target is known by. */
export function targetNameOf(target: ScenarioTarget): string {
  return target.name ?? defaultTargetName(target.function, target.alias);
}

/** The target's steps, from its preset or its explicit list. */
export function stepsOf(target: ScenarioTarget): RolloutStep[] {
  const { strategy } = target;
  if ('preset' in strategy) return [...CODEDEPLOY_PRESETS[strategy.preset]];
  if ('canary' in strategy) return canary(strategy.canary.percent, strategy.canary.bakeSeconds);
  if ('linear' in strategy) return linear(strategy.linear.percent, strategy.linear.intervalSeconds);
  if ('exponential' in strategy) return exponential(strategy.exponential.startPercent, strategy.exponential.factor, strategy.exponential.bakeSeconds);
  return strategy.steps;
}

/** The name of the function the sandbox creates for a target's hook: `<function>-pre-traffic-hook` or `<function>-post-traffic-hook`. */
export function hookFunctionName(target: Pick<ScenarioTarget, 'function'>, hook: HookKind): string {
  return `${target.function}-${hook === 'preTraffic' ? 'pre' : 'post'}-traffic-hook`;
}

/** The name of the function the sandbox creates for a target's `invoke_runbook` repair. */
export function runbookFunctionName(target: Pick<ScenarioTarget, 'function'>): string {
  return `${target.function}-runbook`;
}

/** Checks that need more than one field: references between parts of the scenario. */
function crossCheck(scenario: Scenario): InputIssue[] {
  const issues: InputIssue[] = [];
  const names = new Map<string, ScenarioTarget>();
  scenario.targets.forEach((target, t) => {
    const at = `targets[${t}]`;
    const name = targetNameOf(target);
    if (names.has(name)) issues.push({ path: `${at}.name`, message: `target "${name}" is declared twice` });
    names.set(name, target);
    const versions = Object.keys(target.versions)
      .map(Number)
      .sort((a, b) => a - b);
    versions.forEach((version, index) => {
      if (version !== index + 1)
        issues.push({ path: `${at}.versions`, message: `versions must be "1", "2", … with no gap (Lambda numbers them in order), got ${versions.join(', ')}` });
    });
    if (!target.versions[target.stableVersion]) {
      issues.push({
        path: `${at}.stableVersion`,
        message: `version "${target.stableVersion}" is not among versions (${Object.keys(target.versions).join(', ')})`,
      });
    }
    const alarmNames = new Set<string>();
    target.alarms.forEach((alarm, a) => {
      if (alarmNames.has(alarm.name)) issues.push({ path: `${at}.alarms[${a}].name`, message: `alarm "${alarm.name}" is declared twice` });
      alarmNames.add(alarm.name);
      if (alarm.executedVersion && !target.versions[alarm.executedVersion]) {
        issues.push({ path: `${at}.alarms[${a}].executedVersion`, message: `version "${alarm.executedVersion}" is not among versions` });
      }
      if (alarm.datapointsToAlarm !== undefined && alarm.datapointsToAlarm > alarm.evaluationPeriods) {
        issues.push({
          path: `${at}.alarms[${a}].datapointsToAlarm`,
          message: `must be at most evaluationPeriods (${alarm.evaluationPeriods}), got ${alarm.datapointsToAlarm}`,
        });
      }
    });
    target.gates.forEach((gate, g) => {
      if (!alarmNames.has(gate)) {
        issues.push({
          path: `${at}.gates[${g}]`,
          message: `names alarm "${gate}", which is not declared in ${at}.alarms (declared: ${[...alarmNames].join(', ') || 'none'})`,
        });
      }
    });
    // Generated strategies are checked too (e.g. a plan longer than an execution may run).
    issues.push(...validateSteps(stepsOf(target), 'steps' in target.strategy ? `${at}.strategy.steps` : `${at}.strategy`));
    issues.push(...checkHooks(scenario, target, at));
    if (target.remediation) {
      // The sandbox names the runbook function itself: validate the runbook as it will be registered.
      const runbookFunction = target.remediation.action === 'invoke_runbook' ? { runbookFunction: runbookFunctionName(target) } : {};
      issues.push(...validateRunbook({ ...(target.remediation as unknown as RunbookInput), ...runbookFunction }, `${at}.remediation`));
      target.remediation.alarmNames.forEach((name, r) => {
        if (!alarmNames.has(name))
          issues.push({ path: `${at}.remediation.alarmNames[${r}]`, message: `names alarm "${name}", which is not declared in ${at}.alarms` });
      });
      if (target.remediation.action === 'invoke_runbook' && target.remediation.runbookFunction !== undefined) {
        issues.push({
          path: `${at}.remediation.runbookFunction`,
          message: `the sandbox creates the runbook function itself (named "${runbookFunctionName(target)}"); leave it out and set runbookResult instead`,
        });
      }
    }
  });
  scenario.decisions.forEach((decision, d) => {
    if (decision.rollout >= scenario.rollouts.length) {
      issues.push({
        path: `decisions[${d}].rollout`,
        message: `is rollout number ${decision.rollout}, but the scenario starts ${scenario.rollouts.length} rollout(s) (numbered from 0)`,
      });
    }
    if (d > 0 && decision.atSeconds < scenario.decisions[d - 1]!.atSeconds) {
      issues.push({ path: `decisions[${d}].atSeconds`, message: 'decisions must be in time order' });
    }
  });
  for (const [field, list] of [
    ['behaviourChanges', scenario.behaviourChanges],
    ['operatorActions', scenario.operatorActions],
  ] as const) {
    list.forEach((item, i) => {
      if (i > 0 && item.atSeconds < list[i - 1]!.atSeconds) issues.push({ path: `${field}[${i}].atSeconds`, message: `${field} must be in time order` });
      const targetName = item.target;
      if (targetName === undefined) return;
      const target = names.get(targetName);
      if (!target)
        issues.push({
          path: `${field}[${i}].target`,
          message: `names target "${targetName}", which is not declared (declared: ${[...names.keys()].join(', ')})`,
        });
      else if ('version' in item && !target.versions[item.version])
        issues.push({ path: `${field}[${i}].version`, message: `version "${item.version}" of ${target.function} is not among its versions` });
    });
  }
  if (scenario.rollouts.length === 0 && scenario.operatorActions.length === 0 && scenario.behaviourChanges.length === 0) {
    issues.push({ path: 'rollouts', message: 'the scenario does nothing: give it rollouts, behaviourChanges or operatorActions' });
  }
  scenario.rollouts.forEach((rollout, r) => {
    const target = names.get(rollout.target);
    if (!target) {
      issues.push({
        path: `rollouts[${r}].target`,
        message: `names target "${rollout.target}", which is not declared (declared: ${[...names.keys()].join(', ')})`,
      });
    } else if (!target.versions[rollout.version]) {
      issues.push({ path: `rollouts[${r}].version`, message: `version "${rollout.version}" of ${target.function} is not among its versions` });
    }
  });
  return issues;
}

/** A hooks block declares at least one hook, and the functions the sandbox creates for them have free, valid names. */
function checkHooks(scenario: Scenario, target: ScenarioTarget, at: string): InputIssue[] {
  if (!target.hooks) return [];
  if (!target.hooks.preTraffic && !target.hooks.postTraffic) {
    return [{ path: `${at}.hooks`, message: 'declares neither preTraffic nor postTraffic; add one or remove hooks' }];
  }
  const issues: InputIssue[] = [];
  for (const hook of ['preTraffic', 'postTraffic'] as const) {
    if (!target.hooks[hook]) continue;
    const name = hookFunctionName(target, hook);
    if (name.length > 64) {
      issues.push({
        path: `${at}.hooks.${hook}`,
        message: `its function would be named "${name}", longer than Lambda's 64 characters; shorten the target's function name`,
      });
    }
    if (scenario.targets.some((other) => other.function === name)) {
      issues.push({
        path: `${at}.hooks.${hook}`,
        message: `its function would be named "${name}", which a target already uses; rename that target's function`,
      });
    }
  }
  return issues;
}
