import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { STATE_MACHINES_DIR } from '../../infra/private/paths.js';
import { RETRY_POLICIES } from '../../statemachines/retry-policies.js';
import {
  checkAslRules,
  checkCatches,
  checkQueryLanguage,
  checkReachability,
  checkRetries,
  checkTaskTimeouts,
  checkTransitions,
  substitutedDefinition,
  type AslScope,
  type AslState,
} from './asl-rules.js';

const files = readdirSync(STATE_MACHINES_DIR).filter((name) => name.endsWith('.asl.json'));

describe.each(files)('statemachines/%s', (file) => {
  // As CDK and the sandbox load it: retry policies in place, placeholders filled.
  const definition = substitutedDefinition(`statemachines/${file}`, readFileSync(join(STATE_MACHINES_DIR, file), 'utf8'));

  it('is valid ASL per asl-validator', () => {
    const result = aslValidator(definition, { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it("follows Braid's rules: JSONPath, task timeouts, capped transient retries, compensating catches, reachable states", () => {
    expect(checkAslRules(definition)).toEqual([]);
  });

  it('carries the retriers of the policies it names, which the retry rule above checked', () => {
    const retriers = Object.values(definition.States).flatMap((state) => state.Retry ?? []);
    expect(retriers.length).toBeGreaterThan(0);
    for (const retrier of retriers) expect(Object.values(RETRY_POLICIES).map((policy) => policy.retrier)).toContainEqual(retrier);
  });
});

it('finds the rollout state machine among the checked files', () => {
  expect(files).toContain('rollout.asl.json');
});

const retry = { ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 10, JitterStrategy: 'FULL' };

/** A compliant machine: Work → Done, with Work caught into RestoreAlias → Failed. */
function machine(work: Partial<AslState> = {}, extra: Record<string, AslState> = {}): AslScope {
  return {
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        TimeoutSeconds: 60,
        Retry: [retry],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'RestoreAlias' }],
        Next: 'Done',
        ...work,
      } as AslState,
      RestoreAlias: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        TimeoutSeconds: 60,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        Next: 'Failed',
      },
      Failed: { Type: 'Fail', Error: 'Braid.RolledBack' } as AslState,
      Done: { Type: 'Succeed' },
      ...extra,
    },
  };
}

describe('Braid ASL rules (negative cases)', () => {
  it('accept the compliant baseline, so each rejection below is caused by its one change', () => {
    expect(checkAslRules(machine())).toEqual([]);
  });

  it('reject JSONata at the top or in a state', () => {
    expect(checkQueryLanguage({ ...machine(), QueryLanguage: 'JSONata' })).toEqual([
      { rule: 'query-language', state: '', message: 'QueryLanguage is JSONata; use JSONPath' },
    ]);
    expect(checkQueryLanguage(machine({ QueryLanguage: 'JSONata' }))).toHaveLength(1);
  });

  it('reject a Task without a timeout or above 900 s, but not a task-token wait', () => {
    expect(checkTaskTimeouts(machine({ TimeoutSeconds: undefined }))).toEqual([
      { rule: 'task-timeout', state: 'Work', message: 'has no TimeoutSeconds (the default is 99999999 s)' },
    ]);
    expect(checkTaskTimeouts(machine({ TimeoutSeconds: 901 }))[0]?.message).toBe('TimeoutSeconds 901 exceeds 900');
    expect(checkTaskTimeouts(machine({ TimeoutSeconds: undefined, Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken' }))).toEqual([]);
  });

  it('find Tasks without timeouts inside Parallel branches and Map processors', () => {
    const inner: AslScope = { StartAt: 'Inner', States: { Inner: { Type: 'Task', Resource: 'arn:x', End: true } } };
    const parallel = machine({ Type: 'Parallel', Resource: undefined, Retry: undefined, Branches: [inner] });
    const map = machine({ Type: 'Map', Resource: undefined, Retry: undefined, ItemProcessor: inner });
    expect(checkTaskTimeouts(parallel).map((v) => v.state)).toEqual(['Work.Branches[0].Inner']);
    expect(checkTaskTimeouts(map).map((v) => v.state)).toEqual(['Work.ItemProcessor.Inner']);
  });

  it.each([
    ['too many attempts', { MaxAttempts: 6 }, 'Retry[0] MaxAttempts 6 is outside 1..5'],
    ['zero attempts', { MaxAttempts: 0 }, 'Retry[0] MaxAttempts 0 is outside 1..5'],
    ['no jitter', { JitterStrategy: undefined }, 'Retry[0] JitterStrategy is unset; use FULL'],
    ['no delay cap', { MaxDelaySeconds: undefined }, 'Retry[0] has no MaxDelaySeconds'],
    ['a shrinking backoff', { BackoffRate: 0.5 }, 'Retry[0] BackoffRate 0.5 is below 1'],
    ['States.ALL', { ErrorEquals: ['States.ALL'] }, 'Retry[0] retries non-transient errors: States.ALL'],
    ['States.TaskFailed', { ErrorEquals: ['States.TaskFailed'] }, 'Retry[0] retries non-transient errors: States.TaskFailed'],
    ['States.Runtime', { ErrorEquals: ['States.Runtime'] }, 'Retry[0] retries non-transient errors: States.Runtime'],
  ])('reject a Retry with %s', (_case, change, message) => {
    expect(checkRetries(machine({ Retry: [{ ...retry, ...change }] }))).toEqual([{ rule: 'retry', state: 'Work', message }]);
  });

  it('reject a Task without a Catch for States.ALL', () => {
    expect(checkCatches(machine({ Catch: undefined }))).toEqual([{ rule: 'catch', state: 'Work', message: 'has no Catch for States.ALL' }]);
    expect(checkCatches(machine({ Catch: [{ ErrorEquals: ['Lambda.ServiceException'], Next: 'RestoreAlias' }] }))).toHaveLength(1);
  });

  it('reject a Catch whose path ends silently, directly or past a Choice', () => {
    expect(checkCatches(machine({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }] }))[0]?.message).toBe(
      'Catch for States.ALL goes to Done, from which a path ends without a Compensate/Restore/Finish/Notify/Flag* state or a Fail',
    );
    const viaChoice = machine(
      { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Decide' }] },
      {
        Decide: { Type: 'Choice', Choices: [{ Next: 'RestoreAlias' }], Default: 'Done' },
      },
    );
    expect(checkCatches(viaChoice).map((v) => v.state)).toEqual(['Work']);
  });

  it("accept a Task in a Parallel branch covered by the Parallel state's compliant Catch", () => {
    const inner: AslScope = { StartAt: 'Inner', States: { Inner: { Type: 'Task', Resource: 'arn:x', TimeoutSeconds: 5, End: true } } };
    const covered = machine({ Type: 'Parallel', Resource: undefined, Retry: undefined, Branches: [inner] });
    expect(checkCatches(covered)).toEqual([]);
    const uncovered = machine({ Type: 'Parallel', Resource: undefined, Retry: undefined, Branches: [inner], Catch: undefined });
    expect(checkCatches(uncovered).map((v) => v.state)).toEqual(['Work.Branches[0].Inner']);
  });

  it('reject a state unreachable from StartAt', () => {
    expect(checkReachability(machine({}, { Orphan: { Type: 'Succeed' } }))).toEqual([
      { rule: 'reachability', state: 'Orphan', message: 'is unreachable from StartAt in (root)' },
    ]);
  });

  it('reject a transition to a missing state, and a missing StartAt', () => {
    expect(checkTransitions(machine({ Next: 'Nowhere' }))).toEqual([
      { rule: 'transition', state: 'Work', message: 'goes to Nowhere, which does not exist in (root)' },
    ]);
    expect(checkTransitions({ ...machine(), StartAt: 'Missing' })[0]?.message).toBe('StartAt Missing does not exist in (root)');
  });

  it('let asl-validator reject a malformed definition', () => {
    const result = aslValidator({ StartAt: 'A', States: { A: { Type: 'Tusk', End: true } } }, { checkPaths: true, checkArn: true });
    expect(result.isValid).toBe(false);
  });
});
