import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BraidError } from '../../../../functions/core/errors.js';
import { ForeignEventError, MalformedEventError, parseAlarmEvent, UnknownAlarmError } from '../../../../functions/core/remediation/alarm-event.js';

/** An event as EventBridge delivers it, with the newer fields consumers must tolerate. */
function alarmEvent(): Record<string, unknown> {
  return {
    version: '0',
    id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: '2026-01-01T00:05:02Z',
    region: 'us-east-1',
    resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors'],
    detail: {
      alarmName: 'checkout-errors',
      alarmTags: { team: 'payments' },
      muteDetail: { mutedBy: [] },
      state: {
        value: 'ALARM',
        reason: 'Threshold Crossed: 1 out of the last 1 datapoints [12.0] was greater than the threshold (5.0).',
        reasonData: '{"version":"1.0","queryDate":"2026-01-01T00:05:00.000+0000"}',
        timestamp: '2026-01-01T00:05:00.000+0000',
        actionsSuppressedBy: 'None',
      },
      previousState: { value: 'OK', reason: 'ok', timestamp: '2025-12-31T23:00:00.000+0000' },
      configuration: { metrics: [{ id: 'm1', metricStat: { metric: { namespace: 'AWS/Lambda' } } }] },
    },
  };
}

function withDetail(patch: Record<string, unknown>): Record<string, unknown> {
  const event = alarmEvent();
  return { ...event, detail: { ...(event.detail as object), ...patch } };
}

function withState(patch: Record<string, unknown>): Record<string, unknown> {
  const detail = alarmEvent().detail as { state: object };
  return withDetail({ state: { ...detail.state, ...patch } });
}

function thrown(input: unknown): unknown {
  try {
    parseAlarmEvent(input);
  } catch (error) {
    return error;
  }
  throw new Error('expected parseAlarmEvent to throw');
}

describe('parseAlarmEvent', () => {
  it('reduces a CloudWatch alarm state change to what the braid decides on', () => {
    expect(parseAlarmEvent(alarmEvent())).toEqual({
      eventId: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
      account: '123456789012',
      region: 'us-east-1',
      alarmName: 'checkout-errors',
      alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors',
      state: {
        value: 'ALARM',
        reason: 'Threshold Crossed: 1 out of the last 1 datapoints [12.0] was greater than the threshold (5.0).',
        timestampMs: Date.UTC(2026, 0, 1, 0, 5),
      },
      previousState: { value: 'OK', timestampMs: Date.UTC(2025, 11, 31, 23) },
      eventTimeMs: Date.UTC(2026, 0, 1, 0, 5, 2),
    });
  });

  it('accepts state timestamps with Z, +00:00, other offsets, and no fraction', () => {
    expect(parseAlarmEvent(withState({ timestamp: '2026-01-01T00:05:00.000Z' })).state.timestampMs).toBe(Date.UTC(2026, 0, 1, 0, 5));
    expect(parseAlarmEvent(withState({ timestamp: '2026-01-01T00:05:00+00:00' })).state.timestampMs).toBe(Date.UTC(2026, 0, 1, 0, 5));
    expect(parseAlarmEvent(withState({ timestamp: '2026-01-01T02:05:00.250+0200' })).state.timestampMs).toBe(Date.UTC(2026, 0, 1, 0, 5, 0, 250));
    expect(parseAlarmEvent(withState({ timestamp: '2025-12-31T19:05:00.123456-05:00' })).state.timestampMs).toBe(Date.UTC(2026, 0, 1, 0, 5, 0, 123));
  });

  it.each([
    ['not a date', 'yesterday'],
    ['a day that does not exist', '2026-02-30T00:00:00.000+0000'],
    ['hour 24', '2026-01-01T24:00:00.000+0000'],
    ['no zone', '2026-01-01T00:05:00.000'],
    ['a bad offset', '2026-01-01T00:05:00.000+0099'],
    ['epoch milliseconds', '1767225900000'],
  ])('rejects a state timestamp that is %s', (_, timestamp) => {
    const error = thrown(withState({ timestamp }));
    expect(error).toBeInstanceOf(MalformedEventError);
    expect((error as MalformedEventError).issues).toEqual([
      { path: 'detail.state.timestamp', message: expect.stringContaining('2026-01-01T00:05:00.000+0000') },
    ]);
  });

  it('leaves alarmArn out when resources[0] is not an alarm ARN', () => {
    expect(parseAlarmEvent({ ...alarmEvent(), resources: [] })).not.toHaveProperty('alarmArn');
    expect(parseAlarmEvent({ ...alarmEvent(), resources: ['arn:aws:lambda:us-east-1:123456789012:function:f'] })).not.toHaveProperty('alarmArn');
  });

  it('leaves previousState and the reason out when the event has none', () => {
    const detail = alarmEvent().detail as Record<string, unknown>;
    const { previousState: _previous, ...rest } = detail;
    const parsed = parseAlarmEvent({ ...alarmEvent(), detail: { ...rest, state: { value: 'OK', timestamp: '2026-01-01T00:05:00.000+0000' } } });
    expect(parsed).not.toHaveProperty('previousState');
    expect(parsed.state).toEqual({ value: 'OK', timestampMs: Date.UTC(2026, 0, 1, 0, 5) });
  });

  it.each([
    ['null', null, '(root): must be an object, got null'],
    ['a number', 42, '(root): must be an object, got a number'],
    ['an array', [alarmEvent()], '(root): must be an object, got an array'],
    ['JSON text', JSON.stringify(alarmEvent()), '(root): must be an object, got a string (parse the JSON first)'],
  ])('rejects %s as a malformed event', (_, input, text) => {
    const error = thrown(input);
    expect(error).toBeInstanceOf(MalformedEventError);
    expect((error as MalformedEventError).code).toBe('Braid.MalformedEvent');
    expect((error as MalformedEventError).fault).toBe('user');
    expect((error as Error).message).toContain(text);
  });

  it('names every missing or wrong field with its path', () => {
    const { account: _account, ...event } = alarmEvent();
    const error = thrown({ ...event, region: 7, resources: ['ok', 3] }) as MalformedEventError;
    expect(error.issues).toEqual([
      { path: 'account', message: 'is missing (expected a string)' },
      { path: 'region', message: 'must be a string, got a number' },
      { path: 'resources[1]', message: 'must be a string, got a number' },
    ]);
    expect(error.message).toBe(
      'Malformed CloudWatch alarm event: account: is missing (expected a string); region: must be a string, got a number; ' +
        'resources[1]: must be a string, got a number. Send the EventBridge event itself (source "aws.cloudwatch", ' +
        'detail-type "CloudWatch Alarm State Change"), as AWS delivers it.',
    );
  });

  it('checks the detail of an alarm event field by field', () => {
    const error = thrown(withDetail({ alarmName: '', state: { value: 'BROKEN', timestamp: 5 }, previousState: 'OK' })) as MalformedEventError;
    expect(error.issues.map((issue) => issue.path)).toEqual(['detail.alarmName', 'detail.state.value', 'detail.state.timestamp', 'detail.previousState']);
    expect(error.issues[2]?.message).toBe('must be a string, got a number');
    expect(thrown({ ...alarmEvent(), detail: undefined })).toMatchObject({ issues: [{ path: 'detail', message: 'is missing (expected an object)' }] });
  });

  it('rejects an account that is not 12 digits', () => {
    expect(thrown({ ...alarmEvent(), account: '12345' })).toMatchObject({ issues: [{ path: 'account', message: 'must be a 12-digit AWS account id' }] });
  });

  it('caps sizes so hostile input stays cheap', () => {
    expect(thrown(withState({ reason: 'x'.repeat(10_001) }))).toMatchObject({ issues: [{ path: 'detail.state.reason' }] });
    expect(thrown({ ...alarmEvent(), resources: Array.from({ length: 101 }, () => 'r') })).toMatchObject({ issues: [{ path: 'resources' }] });
    expect(thrown(withDetail({ alarmName: 'a'.repeat(256) }))).toMatchObject({ issues: [{ path: 'detail.alarmName' }] });
    expect(thrown(withState({ timestamp: `2026-01-01T00:05:00.${'0'.repeat(100_000)}+0000` }))).toBeInstanceOf(MalformedEventError);
  });

  it('does not walk deeply nested fields it does not use', () => {
    let configuration: Record<string, unknown> = {};
    for (let depth = 0; depth < 100_000; depth++) configuration = { next: configuration };
    expect(parseAlarmEvent(withDetail({ configuration })).alarmName).toBe('checkout-errors');
  });

  it('names only the first ten problems in the message', () => {
    const error = thrown({ ...alarmEvent(), resources: Array.from({ length: 15 }, () => 1) }) as MalformedEventError;
    expect(error.issues).toHaveLength(15);
    expect(error.message).toContain('resources[9]: must be a string, got a number; and 5 more');
    expect(error.message).not.toContain('resources[10]');
  });

  it('rejects well-formed events of another source or detail-type as foreign, whatever their detail', () => {
    const other = thrown({ ...alarmEvent(), source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'running' } });
    expect(other).toBeInstanceOf(ForeignEventError);
    expect(other).toMatchObject({ code: 'Braid.ForeignEvent', fault: 'user', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' });
    expect((other as ForeignEventError).issues.map((issue) => issue.path)).toEqual(['source', 'detail-type']);
    expect((other as Error).message).toContain('narrow the EventBridge rule');

    const configChange = thrown({ ...alarmEvent(), 'detail-type': 'CloudWatch Alarm Configuration Change' }) as ForeignEventError;
    expect(configChange.issues).toEqual([
      { path: 'detail-type', message: 'must be "CloudWatch Alarm State Change", got "CloudWatch Alarm Configuration Change"' },
    ]);
  });

  it('is not fooled by prototype-pollution keys', () => {
    const hostile = JSON.parse('{"__proto__": {"source": "aws.cloudwatch"}, "constructor": {"prototype": {"x": 1}}}');
    expect(thrown(hostile)).toBeInstanceOf(MalformedEventError);
    const polluted = JSON.parse(JSON.stringify(alarmEvent()).replace('"detail":{', '"detail":{"__proto__":{"alarmName":"evil"},'));
    expect(parseAlarmEvent(polluted).alarmName).toBe('checkout-errors');
    expect(({} as Record<string, unknown>).alarmName).toBeUndefined();
  });

  it('turns input that throws while being read into a malformed event', () => {
    const trap = new Proxy(alarmEvent(), {
      get() {
        throw new Error('boom');
      },
    });
    const error = thrown(trap) as MalformedEventError;
    expect(error).toBeInstanceOf(MalformedEventError);
    expect((error.cause as Error).message).toBe('boom');
  });
});

describe('UnknownAlarmError', () => {
  it('names the alarm and what to do', () => {
    const error = new UnknownAlarmError('orders-latency');
    expect(error).toMatchObject({ code: 'Braid.UnknownAlarm', fault: 'user', alarmName: 'orders-latency', name: 'Braid.UnknownAlarm' });
    expect(error.message).toContain('"orders-latency"');
    expect(error.message).toContain('alarmNames');
  });
});

/** Only typed errors or a parse: any other exception is a bug. */
function parsesOrFailsTyped(input: unknown): boolean {
  try {
    const event = parseAlarmEvent(input);
    return typeof event.alarmName === 'string' && Number.isFinite(event.state.timestampMs) && Number.isFinite(event.eventTimeMs);
  } catch (error) {
    return (error instanceof MalformedEventError || error instanceof ForeignEventError) && error instanceof BraidError && error.message.length < 5_000;
  }
}

const PATHS: readonly (readonly string[])[] = [
  ['version'],
  ['id'],
  ['detail-type'],
  ['source'],
  ['account'],
  ['time'],
  ['region'],
  ['resources'],
  ['detail'],
  ['detail', 'alarmName'],
  ['detail', 'state'],
  ['detail', 'state', 'value'],
  ['detail', 'state', 'reason'],
  ['detail', 'state', 'reasonData'],
  ['detail', 'state', 'timestamp'],
  ['detail', 'previousState'],
  ['detail', 'previousState', 'timestamp'],
  ['detail', 'configuration'],
];

/** A copy of the valid event with the value at `path` replaced, or removed when `replacement` is absent. */
function mutate(path: readonly string[], replacement: { value: unknown } | undefined): unknown {
  const event = alarmEvent() as Record<string, unknown>;
  let parent = event;
  for (const key of path.slice(0, -1)) {
    parent[key] = { ...(parent[key] as object) };
    parent = parent[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (replacement) parent[last] = replacement.value;
  else delete parent[last];
  return event;
}

describe('parseAlarmEvent on arbitrary input', () => {
  it('never throws anything but a typed error', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
          key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'detail', 'state', 'source', 'time')),
        }),
        (input) => parsesOrFailsTyped(input),
      ),
      { numRuns: 2_000 },
    );
  });

  it('never throws anything but a typed error for mutations of a valid event', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATHS),
        fc.option(fc.record({ value: fc.oneof(fc.anything(), fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 })) }), { nil: undefined }),
        (path, replacement) => parsesOrFailsTyped(mutate(path, replacement)),
      ),
      { numRuns: 2_000 },
    );
  });

  it('never throws anything but a typed error for random text in place of timestamps', () => {
    const timestampLike = fc.oneof(
      fc.string(),
      fc.date({ noInvalidDate: false }).map((date) => (Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString())),
      fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?([+-]\d{2}:?\d{2}|Z)?$/),
    );
    fc.assert(
      fc.property(fc.constantFrom(['time'], ['detail', 'state', 'timestamp'], ['detail', 'previousState', 'timestamp']), timestampLike, (path, text) => {
        if (!parsesOrFailsTyped(mutate(path, { value: text }))) return false;
        try {
          const event = parseAlarmEvent(mutate(path, { value: text }));
          // Whatever parses is a real moment that round-trips through Date.
          return !Number.isNaN(new Date(path[0] === 'time' ? event.eventTimeMs : event.state.timestampMs).getTime());
        } catch {
          return true;
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('accepts every valid timestamp CloudWatch can write', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
        const cloudWatch = date.toISOString().replace('Z', '+0000');
        return parseAlarmEvent(withState({ timestamp: cloudWatch })).state.timestampMs === date.getTime();
      }),
      { numRuns: 500 },
    );
  });
});
