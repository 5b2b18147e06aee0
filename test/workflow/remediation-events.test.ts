import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_KINDS } from '../../functions/core/audit.js';
import { parseAlarmEvent } from '../../functions/core/remediation/alarm-event.js';
import { detectIncident, INTAKE_STREAM } from '../../functions/remediation/detect-incident.js';
import type { BusEvent } from '../../local/contracts.js';
import type { Sandbox } from '../../local/sandbox.js';
import type { RolloutFixture } from '../support/rollout-fixture.js';
import { remediations, watchedTarget } from '../support/remediation-fixture.js';

/** The codes a rejected event may carry (I6: bad input gets a typed error and changes nothing). */
const REJECTION_CODES = ['Braid.MalformedEvent', 'Braid.ForeignEvent', 'Braid.UnknownAlarm', 'Braid.NotAlarmState'];
const WATCHED = 'checkout-live-errors';
const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

type Json = Record<string, any>;

/** A well-formed "CloudWatch Alarm State Change" event, as EventBridge delivers it. */
function alarmEvent(alarmName: string, value: string, extra: Json = {}): Json {
  return {
    version: '0',
    id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '000000000000',
    time: '2026-01-01T00:05:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:cloudwatch:us-east-1:000000000000:alarm:${alarmName}`],
    detail: {
      alarmName,
      state: { value, reason: 'Threshold Crossed: 1 datapoint [12.0] was >= 10.0', reasonData: '{"version":"1.0"}', timestamp: '2026-01-01T00:05:00.000+0000' },
      previousState: { value: 'OK', reason: 'Threshold Crossed', timestamp: '2026-01-01T00:00:00.000+0000' },
      configuration: { metrics: [{ id: 'm1', metricStat: { metric: { namespace: 'AWS/Lambda', name: 'Errors' }, period: 60, stat: 'Sum' } }] },
      ...extra,
    },
  };
}

// Values that can never be valid where they are put.
const notString = fc.anything().filter((value) => typeof value !== 'string');
const notStringNorUndefined = notString.filter((value) => value !== undefined);
const notObject = fc.anything().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value));
const notObjectNorUndefined = notObject.filter((value) => value !== undefined);
const notTimestamp = fc.oneof(
  notString,
  fc.string({ maxLength: 30 }).filter((text) => !/\d{4}-\d\d-\d\d/.test(text)),
);

interface Mutation {
  readonly path: readonly string[];
  readonly remove?: true;
  readonly value?: unknown;
}

const set = (path: string[], value: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> => value.map((v) => ({ path, value: v }));
const remove = (...paths: string[][]): fc.Arbitrary<Mutation> => fc.constantFrom(...paths).map((path) => ({ path, remove: true as const }));

/** One change that makes a valid alarm event malformed, whatever else changes. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  remove(['version'], ['id'], ['detail-type'], ['source'], ['account'], ['time'], ['region'], ['resources'], ['detail']),
  remove(['detail', 'alarmName'], ['detail', 'state'], ['detail', 'state', 'value'], ['detail', 'state', 'timestamp']),
  fc.constantFrom('version', 'id', 'detail-type', 'source').chain((key) => set([key], notString)),
  set(['id'], fc.constant('')),
  set(
    ['account'],
    fc.oneof(
      notString,
      fc.string().filter((text) => !/^\d{12}$/.test(text)),
    ),
  ),
  set(
    ['region'],
    fc.oneof(
      notString,
      fc.string().filter((text) => !/^[a-z0-9-]{1,32}$/.test(text)),
    ),
  ),
  set(['time'], notTimestamp),
  set(
    ['resources'],
    fc.anything().filter((value) => !Array.isArray(value)),
  ),
  set(['resources'], fc.array(notStringNorUndefined, { minLength: 1, maxLength: 3 })),
  set(['detail'], notObject),
  set(['detail', 'alarmName'], fc.oneof(notString, fc.constant(''), fc.string({ minLength: 256, maxLength: 300 }))),
  set(['detail', 'state'], notObject),
  set(
    ['detail', 'state', 'value'],
    fc.oneof(
      notString,
      fc.string().filter((text) => !STATES.includes(text)),
    ),
  ),
  set(['detail', 'state', 'timestamp'], notTimestamp),
  set(['detail', 'state', 'reason'], notStringNorUndefined),
  set(['detail', 'previousState'], notObjectNorUndefined),
);

/** Mutations that leave source, detail-type and detail.state.value alone, so the EventBridge rule still matches. */
const belowThePattern: fc.Arbitrary<Mutation> = mutation.filter(
  (change) => !['source', 'detail-type', 'detail', 'detail.state', 'detail.state.value'].includes(change.path.join('.')),
);

function mutate(event: Json, mutations: readonly Mutation[]): Json {
  const copy = structuredClone(event);
  for (const { path, remove: removing, value } of mutations) {
    let parent: any = copy;
    for (const key of path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' && !Array.isArray(parent) ? parent[key] : undefined;
    // A parent an earlier mutation removed or replaced: that mutation already broke the event.
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) continue;
    if (removing) delete parent[path.at(-1)!];
    else parent[path.at(-1)!] = value;
  }
  return copy;
}

const validAlarm = fc.constantFrom('ALARM', 'OK', 'INSUFFICIENT_DATA').map((value) => alarmEvent(WATCHED, value));

/** Each kind of bad input with the one code it must get. */
const categories: Record<string, { code: string; events: fc.Arbitrary<unknown>; runs: number }> = {
  anything: { code: 'Braid.MalformedEvent', events: fc.anything(), runs: 300 },
  'mutated alarm event': {
    code: 'Braid.MalformedEvent',
    events: fc.tuple(validAlarm, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([event, changes]) => mutate(event, changes)),
    runs: 400,
  },
  'alarm no target watches': {
    code: 'Braid.UnknownAlarm',
    events: fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 255 }).filter((name) => name !== WATCHED),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.jsonValue(), { maxKeys: 3 }),
      )
      // Unknown detail fields (alarmTags, muteDetail, …) are tolerated: the alarm is what is unknown.
      .map(([name, extra]) =>
        alarmEvent(
          name,
          'ALARM',
          Object.fromEntries(Object.entries(extra).filter(([key]) => !['alarmName', 'state', 'previousState', 'configuration'].includes(key))),
        ),
      ),
    runs: 150,
  },
  'state other than ALARM': {
    code: 'Braid.NotAlarmState',
    events: fc
      .tuple(fc.constantFrom('OK', 'INSUFFICIENT_DATA'), fc.oneof(fc.constant(WATCHED), fc.string({ minLength: 1, maxLength: 255 })))
      .map(([value, name]) => alarmEvent(name, value)),
    runs: 100,
  },
  'foreign source or detail-type': {
    code: 'Braid.ForeignEvent',
    events: fc
      .tuple(
        fc.oneof(fc.constant('aws.cloudwatch'), fc.string({ maxLength: 256 })),
        fc.oneof(
          fc.constant('CloudWatch Alarm State Change'),
          fc.constantFrom('CloudWatch Alarm Configuration Change', 'CloudWatch Alarm Contributor State Change'),
          fc.string({ maxLength: 256 }),
        ),
        fc.anything(),
      )
      .filter(([source, detailType]) => source !== 'aws.cloudwatch' || detailType !== 'CloudWatch Alarm State Change')
      .map(([source, detailType, detail]) => ({ ...alarmEvent(WATCHED, 'ALARM'), source, 'detail-type': detailType, detail })),
    runs: 100,
  },
};

const anyBadEvent = fc.oneof(...Object.values(categories).map(({ events }) => events));

let fixture: RolloutFixture;
let sandbox: Sandbox;
let journalBefore: number;
let rejected = 0;
/** Rejections the detector records: all but those of alarms no runbook names, which are not Braid's business. */
let recorded = 0;

function count(code: string): void {
  rejected += 1;
  if (code !== 'Braid.UnknownAlarm') recorded += 1;
}

beforeAll(async () => {
  fixture = await watchedTarget();
  sandbox = fixture.sandbox;
  journalBefore = sandbox.journal.entries().length;
});
afterAll(() => fixture?.close());

describe('bad events change nothing (I6)', () => {
  it('the generators start from an event the detector would accept', () => {
    expect(parseAlarmEvent(alarmEvent(WATCHED, 'ALARM'))).toMatchObject({ alarmName: WATCHED, state: { value: 'ALARM' } });
  });

  for (const [name, { code, events, runs }] of Object.entries(categories)) {
    it(`rejects every ${name} with ${code}`, async () => {
      await fc.assert(
        fc.asyncProperty(events, async (event) => {
          const result = await detectIncident(event, sandbox.deps);
          count(code);
          expect(result.detections).toEqual([{ outcome: 'rejected', error: { code, message: expect.any(String) } }]);
        }),
        { numRuns: runs },
      );
    });
  }

  it('rejects them through the detector Lambda too, with a typed error in its answer', async () => {
    await fc.assert(
      fc.asyncProperty(anyBadEvent, async (event) => {
        const result = await sandbox.lambda.invoke('braid-detect-incident', event);
        expect(result.functionError).toBeUndefined();
        const [detection, ...others] = (result.payload as { detections: { outcome: string; error: { code: string } }[] }).detections;
        expect(others).toEqual([]);
        expect(detection).toMatchObject({ outcome: 'rejected' });
        expect(REJECTION_CODES).toContain(detection!.error.code);
        count(detection!.error.code);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects the ones the EventBridge rule delivers', async () => {
    const deliveredBefore = deliveries(sandbox);
    const matching = fc.oneof(
      categories['alarm no target watches']!.events.map((event) => ({ event, code: 'Braid.UnknownAlarm' })),
      // Malformed below the fields the rule matches on.
      fc
        .array(belowThePattern, { minLength: 1, maxLength: 2 })
        .map((changes) => ({ event: mutate(alarmEvent(WATCHED, 'ALARM'), changes), code: 'Braid.MalformedEvent' })),
    );
    let emitted = 0;
    await fc.assert(
      fc.asyncProperty(matching, async ({ event, code }) => {
        await sandbox.events.emit(event as BusEvent);
        emitted += 1;
        count(code);
      }),
      { numRuns: 100 },
    );
    // Every one matched the rule (ALARM, right source and detail-type) and reached the detector.
    expect(deliveries(sandbox) - deliveredBefore).toBe(emitted);
  });

  // The detector reads `event.id` again to record the rejection: that read must not throw either.
  it('rejects an event whose fields throw when read, with a typed error', async () => {
    const hostile = {
      ...alarmEvent(WATCHED, 'ALARM'),
      get id(): string {
        throw new Error('this event cannot be read');
      },
    };
    const result = await detectIncident(hostile, sandbox.deps);
    count('Braid.MalformedEvent');
    expect(result.detections).toEqual([{ outcome: 'rejected', error: { code: 'Braid.MalformedEvent', message: expect.stringMatching(/could not be read/) } }]);
  });

  it('afterwards: no operation, no execution, no Lambda change, and only records of the rejections that concern Braid were written', async () => {
    expect(rejected).toBeGreaterThanOrEqual(1000);
    expect(await remediations(sandbox)).toEqual([]);
    expect(sandbox.stepFunctions.runningExecutions()).toEqual([]);
    for (const stateMachineArn of [sandbox.remediationStateMachineArn, sandbox.rolloutStateMachineArn]) {
      const { executions } = await sandbox.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn }));
      expect(executions).toEqual([]);
    }
    const after = sandbox.journal.entries().filter((entry) => entry.seq > journalBefore);
    expect(after.filter((entry) => entry.service === 'lambda' || entry.service === 'states')).toEqual([]);
    expect(after.filter((entry) => entry.service === 'events' && entry.action === 'DeliveryFailed')).toEqual([]);

    const writes = after.filter((entry) => entry.service === 'dynamodb');
    expect(writes).toHaveLength(recorded);
    for (const write of writes) {
      expect(write.action).toBe('PutItem');
      expect(write.detail.request).toMatchObject({ Item: { pk: { S: `OP#${INTAKE_STREAM.operationId}` }, kind: { S: AUDIT_KINDS.eventRejected } } });
    }
    const intake = await sandbox.deps.audit.list(INTAKE_STREAM.operationId);
    expect(intake).toHaveLength(recorded);
    for (const record of intake) {
      expect(record).toMatchObject({ kind: AUDIT_KINDS.eventRejected, targetName: '*', actor: 'braid:detect-incident' });
      expect(['Braid.MalformedEvent', 'Braid.ForeignEvent', 'Braid.NotAlarmState']).toContain(record.detail.code);
    }
  });
});

/** Deliveries of the remediation rule so far. */
function deliveries(sandbox: Sandbox): number {
  return sandbox.journal.entries().filter((entry) => entry.service === 'events' && entry.action === 'Deliver' && entry.detail.rule === 'braid-remediation')
    .length;
}
