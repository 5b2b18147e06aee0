import { describe, expect, it } from 'vitest';
import { decideAlarmState, type AlarmRule, type TreatMissingData } from '../../../local/cloudwatch/alarm-decision.js';

const X = 10; // breaching (threshold 5, GreaterThanThreshold)
const o = 1; // not breaching
const _ = undefined; // missing

function rule(treatMissingData: TreatMissingData, datapointsToAlarm = 3): AlarmRule {
  return { threshold: 5, comparisonOperator: 'GreaterThanThreshold', datapointsToAlarm, treatMissingData };
}

describe('decideAlarmState (3 out of 3)', () => {
  const table: Array<[Array<number | undefined>, Record<TreatMissingData, string>]> = [
    [[o, o, o], { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
    [[X, X, X], { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' }],
    [[X, X, o], { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
    [[_, _, _], { missing: 'INSUFFICIENT_DATA', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' }],
    [[_, X, X], { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'OK' }],
    [[_, _, o], { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
    [[_, o, X], { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
  ];
  for (const [datapoints, expected] of table) {
    for (const [treat, state] of Object.entries(expected)) {
      it(`[${datapoints.map((v) => (v === undefined ? '-' : v === X ? 'X' : '0')).join(' ')}] with ${treat} is ${state}`, () => {
        expect(decideAlarmState(datapoints, rule(treat as TreatMissingData)).state).toBe(state);
      });
    }
  }
});

describe('decideAlarmState (M out of N)', () => {
  it('alarms on 2 breaching datapoints out of 3 and not on 1', () => {
    expect(decideAlarmState([o, X, X], rule('missing', 2))).toMatchObject({ state: 'ALARM', breaching: 2, considered: 3 });
    expect(decideAlarmState([X, o, o], rule('missing', 2))).toMatchObject({ state: 'OK', breaching: 1 });
  });

  it.each([
    ['GreaterThanOrEqualToThreshold', 5, 'ALARM'],
    ['LessThanThreshold', 4, 'ALARM'],
    ['LessThanThreshold', 5, 'OK'],
    ['LessThanOrEqualToThreshold', 5, 'ALARM'],
  ] as const)('%s with a datapoint of %d is %s', (comparisonOperator, value, state) => {
    expect(decideAlarmState([value], { threshold: 5, comparisonOperator, datapointsToAlarm: 1, treatMissingData: 'missing' }).state).toBe(state);
  });
});
