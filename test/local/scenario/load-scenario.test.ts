import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidScenarioError, parseScenario, stepsOf } from '../../../local/scenario/load-scenario.js';

const healthy = JSON.parse(readFileSync(new URL('../../../examples/healthy-canary.json', import.meta.url), 'utf8')) as Record<string, any>;

function issuesOf(mutate: (scenario: Record<string, any>) => void): { path: string; message: string }[] {
  const scenario = structuredClone(healthy);
  mutate(scenario);
  try {
    parseScenario(JSON.stringify(scenario), 'x.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidScenarioError);
    return [...(error as InvalidScenarioError).issues];
  }
  throw new Error('scenario was accepted');
}

describe('parseScenario', () => {
  it('accepts the bundled examples and applies defaults', () => {
    const scenario = parseScenario(JSON.stringify(healthy));
    expect(scenario.startTime).toBe('2026-01-01T00:00:00Z');
    expect(stepsOf(scenario.targets[0]!)).toEqual([
      { weight: 10, bakeSeconds: 300 },
      { weight: 100, bakeSeconds: 0 },
    ]);
  });

  it('accepts custom canary, linear and exponential strategies', () => {
    const strategyOf = (strategy: unknown) =>
      stepsOf(parseScenario(JSON.stringify({ ...healthy, targets: [{ ...healthy.targets[0], strategy }] })).targets[0]!).map((step) => step.weight);
    expect(strategyOf({ canary: { percent: 25, bakeSeconds: 600 } })).toEqual([25, 100]);
    expect(strategyOf({ linear: { percent: 40, intervalSeconds: 60 } })).toEqual([40, 80, 100]);
    expect(strategyOf({ exponential: { startPercent: 5, factor: 2, bakeSeconds: 60 } })).toEqual([5, 10, 20, 40, 80, 100]);
  });

  it('names an unknown field', () => {
    expect(issuesOf((s) => (s.targets[0].trafic = 5))).toEqual([
      { path: 'targets[0].trafic', message: 'is not a known field; remove or rename it (see docs/scenarios.md)' },
    ]);
  });

  it('names a weight that is not a whole percentage', () => {
    expect(issuesOf((s) => (s.targets[0].strategy = { steps: [{ weight: 1.5, bakeSeconds: 60 }] }))).toEqual([
      { path: 'targets[0].strategy.steps[0].weight', message: 'must be a whole percentage from 1 to 100, got 1.5' },
    ]);
  });

  it('names a gate whose alarm is not declared', () => {
    expect(issuesOf((s) => (s.targets[0].gates = ['checkout-latency']))).toEqual([
      { path: 'targets[0].gates[0]', message: 'names alarm "checkout-latency", which is not declared in targets[0].alarms (declared: checkout-live-errors)' },
    ]);
  });

  it('names a rollout of an unknown target or version', () => {
    expect(issuesOf((s) => (s.rollouts[0].target = 'cart:live'))[0]).toMatchObject({ path: 'rollouts[0].target' });
    expect(issuesOf((s) => (s.rollouts[0].version = '9'))[0]).toMatchObject({ path: 'rollouts[0].version' });
    expect(issuesOf((s) => (s.rollouts[0].version = '$LATEST'))[0]).toMatchObject({
      path: 'rollouts[0].version',
      message: 'must be a published version number such as "2"',
    });
  });

  it('accepts traffic hooks and checks them: a known result, at least one hook, a timeout of 1 to 900 s, a free function name', () => {
    const scenario = structuredClone(healthy);
    scenario.targets[0].hooks = {
      preTraffic: { result: 'Succeeded' },
      postTraffic: { result: 'Failed', reason: 'synthetic checkout failed' },
      timeoutSeconds: 60,
    };
    expect(parseScenario(JSON.stringify(scenario)).targets[0]!.hooks).toEqual(scenario.targets[0].hooks);
    expect(issuesOf((s) => (s.targets[0].hooks = { preTraffic: { result: 'Passed' } }))[0]).toMatchObject({ path: 'targets[0].hooks.preTraffic.result' });
    expect(issuesOf((s) => (s.targets[0].hooks = { timeoutSeconds: 60 }))).toEqual([
      { path: 'targets[0].hooks', message: 'declares neither preTraffic nor postTraffic; add one or remove hooks' },
    ]);
    expect(issuesOf((s) => (s.targets[0].hooks = { postTraffic: { result: 'Succeeded' }, timeoutSeconds: 901 }))[0]).toMatchObject({
      path: 'targets[0].hooks.timeoutSeconds',
    });
    expect(
      issuesOf((s) => {
        s.targets[0].function = 'f'.repeat(50);
        s.targets[0].name = 'checkout:live';
        s.targets[0].hooks = { postTraffic: { result: 'Succeeded' } };
      }),
    ).toEqual([
      {
        path: 'targets[0].hooks.postTraffic',
        message: `its function would be named "${'f'.repeat(50)}-post-traffic-hook", longer than Lambda's 64 characters; shorten the target's function name`,
      },
    ]);
  });

  it('accepts a remediation runbook, behaviour changes and operator actions, and checks what they name', () => {
    const remediation = JSON.parse(readFileSync(new URL('../../../examples/alarm-after-rollout.json', import.meta.url), 'utf8')) as Record<string, any>;
    expect(parseScenario(JSON.stringify(remediation)).behaviourChanges).toEqual([{ atSeconds: 1800, target: 'checkout:live', version: '2', errorRate: 0.2 }]);
    expect(
      issuesOf((s) => {
        s.targets[0].remediation = { alarmNames: ['nope'], action: 'throttle', cooldownSecs: 5 };
        s.behaviourChanges = [
          { atSeconds: 60, target: 'other:live', version: '2', errorRate: 0.5 },
          { atSeconds: 30, target: 'checkout:live', version: '9', errorRate: 0.5 },
        ];
        s.operatorActions = [{ atSeconds: 10, action: 'killswitch_on', target: 'ghost', by: 'alice', reason: 'test' }];
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'targets[0].remediation.reservedConcurrency' }),
        expect.objectContaining({ path: 'targets[0].remediation.cooldownSecs' }),
        { path: 'targets[0].remediation.alarmNames[0]', message: 'names alarm "nope", which is not declared in targets[0].alarms' },
        expect.objectContaining({ path: 'behaviourChanges[0].target' }),
        { path: 'behaviourChanges[1].atSeconds', message: 'behaviourChanges must be in time order' },
        { path: 'behaviourChanges[1].version', message: 'version "9" of checkout is not among its versions' },
        expect.objectContaining({ path: 'operatorActions[0].target' }),
      ]),
    );
  });

  it('refuses a scenario that does nothing', () => {
    expect(issuesOf((s) => (s.rollouts = []))).toEqual([
      { path: 'rollouts', message: 'the scenario does nothing: give it rollouts, behaviourChanges or operatorActions' },
    ]);
  });

  it('rejects malformed JSON with the parser position', () => {
    expect(() => parseScenario('{"name": ', 'bad.json')).toThrow(/Invalid scenario bad.json: \(root\): is not valid JSON/);
  });

  it('reports every schema problem at once (references are checked once the shape is right)', () => {
    const issues = issuesOf((s) => {
      s.seed = -1;
      s.targets[0].alarms[0].periodSeconds = 45;
      s.targets[0].stableVersion = '3';
    });
    expect(issues.map((issue) => issue.path)).toEqual(['seed', 'targets[0].alarms[0].periodSeconds']);
  });
});
