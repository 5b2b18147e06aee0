import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../functions/core/errors.js';
import {
  DEFAULT_RUNBOOK,
  defaultOnNotConverged,
  REPAIR_ACTIONS,
  resolveRunbook,
  validateRunbook,
  type RunbookInput,
} from '../../../../functions/core/remediation/runbook.js';

const base: RunbookInput = { alarmNames: ['checkout-errors'], action: 'rollback' };

/** Validates untyped input, as a runbook read from JSON would be. */
function issuesOf(input: Record<string, unknown>, path?: string) {
  return validateRunbook(input as unknown as RunbookInput, path);
}

describe('resolveRunbook', () => {
  it('applies every default to a minimal runbook', () => {
    expect(resolveRunbook(base)).toEqual({
      alarmNames: ['checkout-errors'],
      action: 'rollback',
      requireApproval: false,
      approvalTimeoutSeconds: 3600,
      minAlarms: 1,
      cooldownSeconds: 1800,
      flap: { maxAlarms: 3, windowSeconds: 3600 },
      rateLimit: { capacity: 3, refillSeconds: 3600 },
      breaker: { failuresToOpen: 3 },
      verify: { bakeSeconds: 300, maxChecks: 3, recheckSeconds: 60 },
      onNotConverged: 'keep',
      escalationQuietSeconds: 3600,
    });
  });

  it('undoes a throttle that did not converge by default, and keeps every other repair', () => {
    expect(resolveRunbook({ alarmNames: ['a'], action: 'throttle', reservedConcurrency: 0 }).onNotConverged).toBe('undo');
    expect(REPAIR_ACTIONS.filter((action) => defaultOnNotConverged(action) === 'undo')).toEqual(['throttle']);
    expect(resolveRunbook({ alarmNames: ['a'], action: 'throttle', reservedConcurrency: 5, onNotConverged: 'keep' }).onNotConverged).toBe('keep');
  });

  it('merges nested objects field by field and treats undefined as "use the default"', () => {
    const runbook = resolveRunbook({
      ...base,
      flap: { windowSeconds: 600 },
      verify: { bakeSeconds: 0, maxChecks: undefined },
      cooldownSeconds: undefined,
      rateLimit: { capacity: 1 },
    });
    expect(runbook.flap).toEqual({ maxAlarms: 3, windowSeconds: 600 });
    expect(runbook.verify).toEqual({ bakeSeconds: 0, maxChecks: 3, recheckSeconds: 60 });
    expect(runbook.rateLimit).toEqual({ capacity: 1, refillSeconds: 3600 });
    expect(runbook.cooldownSeconds).toBe(1800);
  });

  it('keeps the action parameters and copies the alarm list', () => {
    const alarmNames = ['a', 'b'];
    const runbook = resolveRunbook({
      alarmNames,
      action: 'invoke_runbook',
      runbookFunction: 'arn:aws:lambda:us-east-1:123456789012:function:fix',
      minAlarms: 2,
    });
    expect(runbook).toMatchObject({ runbookFunction: 'arn:aws:lambda:us-east-1:123456789012:function:fix', minAlarms: 2 });
    expect(runbook).not.toHaveProperty('reservedConcurrency');
    alarmNames.push('c');
    expect(runbook.alarmNames).toEqual(['a', 'b']);
  });

  it('does not change the defaults it starts from', () => {
    resolveRunbook({ ...base, flap: { maxAlarms: 9 } });
    expect(DEFAULT_RUNBOOK.flap.maxAlarms).toBe(3);
  });

  it('throws InvalidInputError listing every problem', () => {
    let error: unknown;
    try {
      resolveRunbook({ alarmNames: [], action: 'throttle', minAlarms: 0 }, 'targets[2].remediation');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: 'Braid.InvalidInput', subject: 'remediation runbook' });
    expect((error as InvalidInputError).issues.map((issue) => issue.path)).toEqual([
      'targets[2].remediation.alarmNames',
      'targets[2].remediation.reservedConcurrency',
      'targets[2].remediation.minAlarms',
    ]);
    expect((error as Error).message).toContain('Invalid remediation runbook: targets[2].remediation.alarmNames: must list 1 to 10 alarm names, got 0');
  });
});

describe('validateRunbook', () => {
  it('accepts a minimal runbook and one with every field at its bounds', () => {
    expect(validateRunbook(base)).toEqual([]);
    expect(
      validateRunbook({
        alarmNames: Array.from({ length: 10 }, (_, index) => `alarm-${index}`.padEnd(255, 'x')),
        action: 'throttle',
        reservedConcurrency: 10_000,
        requireApproval: true,
        approvalTimeoutSeconds: 31_536_000,
        minAlarms: 10,
        cooldownSeconds: 604_800,
        flap: { maxAlarms: 2, windowSeconds: 1 },
        rateLimit: { capacity: 100, refillSeconds: 604_800 },
        breaker: { failuresToOpen: 100 },
        verify: { bakeSeconds: 0, maxChecks: 100, recheckSeconds: 10 },
        onNotConverged: 'undo',
        escalationQuietSeconds: 0,
      }),
    ).toEqual([]);
    expect(
      validateRunbook({
        ...base,
        approvalTimeoutSeconds: 60,
        cooldownSeconds: 0,
        flap: { windowSeconds: 604_800 },
        verify: { maxChecks: 1, recheckSeconds: 604_800 },
      }),
    ).toEqual([]);
    expect(validateRunbook({ alarmNames: ['a'], action: 'throttle', reservedConcurrency: 0 })).toEqual([]);
  });

  it('requires 1 to 10 unique, non-empty alarm names of at most 255 characters', () => {
    expect(issuesOf({ ...base, alarmNames: [] })).toEqual([{ path: 'remediation.alarmNames', message: 'must list 1 to 10 alarm names, got 0' }]);
    expect(issuesOf({ ...base, alarmNames: Array.from({ length: 11 }, (_, index) => `a${index}`) })).toEqual([
      { path: 'remediation.alarmNames', message: 'must list 1 to 10 alarm names, got 11' },
    ]);
    expect(issuesOf({ ...base, alarmNames: 'checkout-errors' })).toEqual([
      { path: 'remediation.alarmNames', message: 'must list 1 to 10 alarm names, got "checkout-errors"' },
    ]);
    expect(issuesOf({ ...base, alarmNames: ['a', '', 'b'.repeat(256), 7, 'a'] })).toEqual([
      { path: 'remediation.alarmNames[1]', message: 'must be an alarm name of 1 to 255 characters, got ""' },
      { path: 'remediation.alarmNames[2]', message: expect.stringMatching(/^must be an alarm name of 1 to 255 characters, got "b{76}\.\.\.$/) },
      { path: 'remediation.alarmNames[3]', message: 'must be an alarm name of 1 to 255 characters, got 7' },
      { path: 'remediation.alarmNames[4]', message: 'repeats "a" (alarmNames[0]); list each alarm once' },
    ]);
  });

  it('requires an action of the catalogue', () => {
    expect(issuesOf({ ...base, action: 'reboot' })).toEqual([
      { path: 'remediation.action', message: 'must be one of "rollback", "shift_canary_to_zero", "throttle", "invoke_runbook", "notify", got "reboot"' },
    ]);
    expect(issuesOf({ alarmNames: ['a'] })).toEqual([{ path: 'remediation.action', message: expect.stringContaining('got undefined') }]);
  });

  it('requires a reserved concurrency from 0 to 10000 for throttle, and only for throttle', () => {
    expect(issuesOf({ ...base, action: 'throttle' })).toEqual([
      {
        path: 'remediation.reservedConcurrency',
        message: 'is required for the throttle action: the reserved concurrency to set, a whole number from 0 to 10000',
      },
    ]);
    expect(issuesOf({ ...base, action: 'throttle', reservedConcurrency: 10_001 })).toEqual([
      { path: 'remediation.reservedConcurrency', message: 'must be a whole number from 0 to 10000, got 10001' },
    ]);
    expect(issuesOf({ ...base, action: 'throttle', reservedConcurrency: -1 })).toHaveLength(1);
    expect(issuesOf({ ...base, action: 'throttle', reservedConcurrency: 2.5 })).toHaveLength(1);
    expect(issuesOf({ ...base, reservedConcurrency: 5 })).toEqual([
      { path: 'remediation.reservedConcurrency', message: 'is only for the throttle action (action is "rollback"); remove it' },
    ]);
  });

  it('requires a runbook function of 1 to 170 characters for invoke_runbook, and only for it', () => {
    expect(issuesOf({ ...base, action: 'invoke_runbook' })).toEqual([
      { path: 'remediation.runbookFunction', message: 'is required for the invoke_runbook action: the name or ARN of the Lambda function to invoke' },
    ]);
    expect(issuesOf({ ...base, action: 'invoke_runbook', runbookFunction: '' })).toEqual([
      { path: 'remediation.runbookFunction', message: 'must be a Lambda function name or ARN of 1 to 170 characters, got ""' },
    ]);
    expect(issuesOf({ ...base, action: 'invoke_runbook', runbookFunction: 'f'.repeat(171) })).toHaveLength(1);
    expect(issuesOf({ ...base, action: 'invoke_runbook', runbookFunction: 'f'.repeat(170) })).toEqual([]);
    expect(issuesOf({ ...base, action: 'notify', runbookFunction: 'fix' })).toEqual([
      { path: 'remediation.runbookFunction', message: 'is only for the invoke_runbook action (action is "notify"); remove it' },
    ]);
  });

  it('allows minAlarms only up to the number of alarms', () => {
    expect(issuesOf({ ...base, alarmNames: ['a', 'b'], minAlarms: 2 })).toEqual([]);
    expect(issuesOf({ ...base, alarmNames: ['a', 'b'], minAlarms: 3 })).toEqual([
      { path: 'remediation.minAlarms', message: 'must be a whole number from 1 to 2, got 3' },
    ]);
    expect(issuesOf({ ...base, minAlarms: 0 })).toEqual([{ path: 'remediation.minAlarms', message: 'must be a whole number from 1 to 1, got 0' }]);
  });

  it.each([
    ['approvalTimeoutSeconds', { approvalTimeoutSeconds: 59 }, 'must be a whole number from 60 to 31536000, got 59'],
    ['approvalTimeoutSeconds', { approvalTimeoutSeconds: 31_536_001 }, 'must be a whole number from 60 to 31536000, got 31536001'],
    ['cooldownSeconds', { cooldownSeconds: -1 }, 'must be a whole number from 0 to 604800, got -1'],
    ['cooldownSeconds', { cooldownSeconds: 604_801 }, 'must be a whole number from 0 to 604800, got 604801'],
    ['escalationQuietSeconds', { escalationQuietSeconds: 1.5 }, 'must be a whole number from 0 to 604800, got 1.5'],
    ['flap.maxAlarms', { flap: { maxAlarms: 1 } }, 'must be a whole number from 2 to 1000, got 1'],
    ['flap.windowSeconds', { flap: { windowSeconds: 0 } }, 'must be a whole number from 1 to 604800, got 0'],
    ['rateLimit.capacity', { rateLimit: { capacity: 0 } }, 'must be a whole number from 1 to 100, got 0'],
    ['rateLimit.capacity', { rateLimit: { capacity: 101 } }, 'must be a whole number from 1 to 100, got 101'],
    ['rateLimit.refillSeconds', { rateLimit: { refillSeconds: 0 } }, 'must be a whole number from 1 to 604800, got 0'],
    ['breaker.failuresToOpen', { breaker: { failuresToOpen: 0 } }, 'must be a whole number from 1 to 100, got 0'],
    ['breaker.failuresToOpen', { breaker: { failuresToOpen: 101 } }, 'must be a whole number from 1 to 100, got 101'],
    ['verify.bakeSeconds', { verify: { bakeSeconds: 604_801 } }, 'must be a whole number from 0 to 604800, got 604801'],
    ['verify.maxChecks', { verify: { maxChecks: 0 } }, 'must be a whole number from 1 to 100, got 0'],
    ['verify.recheckSeconds', { verify: { recheckSeconds: 9 } }, 'must be a whole number from 10 to 604800, got 9'],
    ['verify.recheckSeconds', { verify: { recheckSeconds: '60' } }, 'must be a whole number from 10 to 604800, got "60"'],
    ['requireApproval', { requireApproval: 'yes' }, 'must be true or false, got "yes"'],
    ['onNotConverged', { onNotConverged: 'retry' }, 'must be "undo" or "keep", got "retry"'],
  ])('rejects %s out of bounds (%j)', (field, patch, message) => {
    expect(issuesOf({ ...base, ...patch })).toEqual([{ path: `remediation.${field}`, message }]);
  });

  it('refuses to undo what Braid cannot take back', () => {
    expect(issuesOf({ ...base, action: 'notify', onNotConverged: 'undo' })).toEqual([
      {
        path: 'remediation.onNotConverged',
        message: 'cannot be "undo" for the notify action: Braid cannot take it back; use "keep" (undoable actions: rollback, shift_canary_to_zero, throttle)',
      },
    ]);
    expect(issuesOf({ ...base, action: 'invoke_runbook', runbookFunction: 'fix', onNotConverged: 'undo' })).toHaveLength(1);
    expect(issuesOf({ ...base, onNotConverged: 'undo' })).toEqual([]);
  });

  it('rejects unknown fields, so a misspelt limit is not silently the default', () => {
    expect(issuesOf({ ...base, cooldownSecond: 60, verify: { bake: 10 } })).toEqual([
      { path: 'remediation.cooldownSecond', message: expect.stringContaining('is not a runbook field; the fields are alarmNames, action,') },
      { path: 'remediation.verify.bake', message: 'is not a field of verify; its fields are bakeSeconds, maxChecks, recheckSeconds' },
    ]);
  });

  it('rejects nested settings and runbooks that are not objects', () => {
    expect(issuesOf({ ...base, flap: 3, breaker: null })).toEqual([
      { path: 'remediation.flap', message: 'must be an object with maxAlarms, windowSeconds, got 3' },
      { path: 'remediation.breaker', message: 'must be an object with failuresToOpen, got null' },
    ]);
    expect(validateRunbook(null as unknown as RunbookInput, 'targets[0].remediation')).toEqual([
      { path: 'targets[0].remediation', message: 'must be an object with alarmNames and action, got null' },
    ]);
  });
});

describe('runbook documentation', () => {
  it('states the defaults DEFAULT_RUNBOOK applies', () => {
    const source = readFileSync(fileURLToPath(new URL('../../../../functions/core/remediation/runbook.ts', import.meta.url)), 'utf8');
    const documented = [...source.matchAll(/@default ([^*]+?) \*\/\s*readonly (\w+)/g)].map(
      ([, text, field]) => [field as string, (text as string).trim()] as const,
    );
    const actual: Record<string, unknown> = { ...DEFAULT_RUNBOOK, ...DEFAULT_RUNBOOK.flap, ...DEFAULT_RUNBOOK.breaker, ...DEFAULT_RUNBOOK.verify };
    const checked = documented.filter(([field]) => field !== 'onNotConverged');
    expect(checked.map(([field]) => field).sort()).toEqual(
      [
        'approvalTimeoutSeconds',
        'bakeSeconds',
        'cooldownSeconds',
        'escalationQuietSeconds',
        'failuresToOpen',
        'maxAlarms',
        'maxChecks',
        'minAlarms',
        'rateLimit',
        'recheckSeconds',
        'requireApproval',
        'windowSeconds',
      ].sort(),
    );
    for (const [field, text] of checked) {
      // `{ capacity: 3 }` is JSON once its keys are quoted.
      expect([field, JSON.parse(text.replace(/(\w+):/g, '"$1":'))]).toEqual([field, actual[field]]);
    }
    expect(documented.find(([field]) => field === 'onNotConverged')?.[1]).toBe("'undo' for throttle, 'keep' for every other action");
  });
});
