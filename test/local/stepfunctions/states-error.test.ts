import { describe, expect, it } from 'vitest';
import { matchesErrorEquals } from '../../../local/stepfunctions/states-error.js';

describe('matchesErrorEquals', () => {
  it.each([
    [['Lambda.ServiceException'], 'Lambda.ServiceException', true],
    [['Lambda.ServiceException'], 'Lambda.TooManyRequestsException', false],
    [['States.ALL'], 'Braid.TargetBusy', true],
    [['States.ALL'], 'States.Timeout', true],
    [['States.TaskFailed'], 'Braid.TargetBusy', true],
    [['States.TaskFailed'], 'States.HeartbeatTimeout', true],
    [['States.TaskFailed'], 'States.Timeout', false],
    [['States.Timeout'], 'States.Timeout', true],
    [['States.ALL'], 'States.Runtime', false],
    [['States.Runtime'], 'States.Runtime', false],
    [['States.ALL'], 'States.DataLimitExceeded', false],
    [['States.TaskFailed'], 'States.DataLimitExceeded', false],
    [['States.DataLimitExceeded'], 'States.DataLimitExceeded', true],
  ])('%j against %s: %s', (errorEquals, name, expected) => {
    expect(matchesErrorEquals(errorEquals, name)).toBe(expected);
  });
});
