import { describe, expect, it } from 'vitest';
import { DEFAULT_HOOK_TIMEOUT_SECONDS, HookFailedError, judgeHookResponse, resolveHookPolicy, validateHookPolicy } from '../../../functions/core/hooks.js';

describe('resolveHookPolicy', () => {
  it('carries nulls for absent hooks and the default timeout', () => {
    expect(resolveHookPolicy(undefined)).toEqual({ preTraffic: null, postTraffic: null, timeoutSeconds: 300 });
    expect(DEFAULT_HOOK_TIMEOUT_SECONDS).toBe(300);
    expect(resolveHookPolicy({ postTraffic: 'smoke', timeoutSeconds: 60 })).toEqual({ preTraffic: null, postTraffic: 'smoke', timeoutSeconds: 60 });
  });
});

describe('validateHookPolicy', () => {
  it.each([
    'smoke-tests',
    'smoke_tests:live',
    'smoke:3',
    '123456789012:function:smoke',
    'arn:aws:lambda:eu-west-1:123456789012:function:smoke',
    'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:smoke:$LATEST',
  ])('accepts the function reference %s', (reference) => {
    expect(validateHookPolicy({ preTraffic: reference, postTraffic: reference })).toEqual([]);
  });

  it.each(['', 'has space', 'a'.repeat(65), 'arn:aws:lambda:us-east-1:123:function:smoke', 'arn:aws:s3:::bucket'])(
    'rejects the function reference %j',
    (reference) => {
      expect(validateHookPolicy({ postTraffic: reference }, 'target.hooks')).toEqual([
        {
          path: 'target.hooks.postTraffic',
          message: `must be a Lambda function name or ARN (optionally with a version or alias), got ${JSON.stringify(reference)}`,
        },
      ]);
    },
  );

  it.each([0, 901, 1.5, -1])('rejects a timeout of %s seconds', (timeoutSeconds) => {
    expect(validateHookPolicy({ timeoutSeconds })).toEqual([
      { path: 'hooks.timeoutSeconds', message: `must be a whole number of seconds from 1 to 900, got ${timeoutSeconds}` },
    ]);
  });

  it('accepts the bounds of the timeout and reports every problem at once', () => {
    expect(validateHookPolicy({ timeoutSeconds: 1 })).toEqual([]);
    expect(validateHookPolicy({ timeoutSeconds: 900 })).toEqual([]);
    expect(validateHookPolicy({ preTraffic: 'no way', postTraffic: '', timeoutSeconds: 0 }).map((issue) => issue.path)).toEqual([
      'hooks.preTraffic',
      'hooks.postTraffic',
      'hooks.timeoutSeconds',
    ]);
  });
});

describe('judgeHookResponse', () => {
  const judge = (response: Parameters<typeof judgeHookResponse>[0]['response']) =>
    judgeHookResponse({ hook: 'preTraffic', functionName: 'smoke', timeoutSeconds: 120, response });

  it('passes only an answer of status Succeeded', () => {
    expect(judge({ payload: { status: 'Succeeded' } })).toEqual({
      hook: 'preTraffic',
      functionName: 'smoke',
      status: 'Succeeded',
      reason: 'answered Succeeded',
    });
    expect(judge({ payload: { status: 'Succeeded', reason: 'all green' } }).reason).toBe('all green');
  });

  it('fails an answer of status Failed with its reason', () => {
    expect(judge({ payload: { status: 'Failed', reason: 'cart is empty' } })).toMatchObject({ status: 'Failed', reason: 'cart is empty' });
    expect(judge({ payload: { status: 'Failed' } })).toMatchObject({ status: 'Failed', reason: 'no reason given' });
  });

  it.each([null, 'Succeeded', true, [{ status: 'Succeeded' }], { status: 'succeeded' }, { ok: true }])(
    'fails the unexpected answer %j, quoting it',
    (payload) => {
      const verdict = judge({ payload });
      expect(verdict.status).toBe('Failed');
      expect(verdict.reason).toBe(`answered ${JSON.stringify(payload)}; a hook must answer {"status":"Succeeded"} or {"status":"Failed","reason":"…"}`);
    },
  );

  it('quotes at most 200 characters of a long answer', () => {
    const reason = judge({ payload: { log: 'x'.repeat(1000) } }).reason;
    expect(reason).toContain(`${JSON.stringify({ log: 'x'.repeat(1000) }).slice(0, 200)}…;`);
  });

  it("fails a hook that raised an error, with the function's message", () => {
    const cause = JSON.stringify({ errorType: 'Error', errorMessage: 'connection refused', trace: [] });
    expect(judge({ Error: 'Error', Cause: cause })).toMatchObject({ status: 'Failed', reason: 'raised Error: connection refused' });
  });

  it('fails a hook that did not answer in time', () => {
    expect(judge({ Error: 'States.Timeout', Cause: 'The task did not complete' })).toMatchObject({ status: 'Failed', reason: 'did not answer within 120 s' });
  });

  it('fails when no answer was recorded', () => {
    expect(judge(undefined)).toMatchObject({ status: 'Failed', reason: 'no answer was recorded' });
  });
});

describe('HookFailedError', () => {
  it('names the hook, its function and the reason, with a stable code', () => {
    const error = new HookFailedError({ hook: 'postTraffic', functionName: 'smoke', status: 'Failed', reason: 'cart is empty' });
    expect(error.code).toBe('Braid.HookFailed');
    expect(error.name).toBe('Braid.HookFailed');
    expect(error.fault).toBe('user');
    expect(error.message).toBe('post-traffic hook smoke failed: cart is empty');
  });
});
