/** The three states of a CloudWatch metric alarm. */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The comparison operators of static-threshold alarms. */
export const COMPARISON_OPERATORS = ['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** How an alarm treats periods without a datapoint. @default 'missing' */
export const TREAT_MISSING_DATA = ['missing', 'notBreaching', 'breaching', 'ignore'] as const;
export type TreatMissingData = (typeof TREAT_MISSING_DATA)[number];

/** The part of an alarm's configuration that decides its state. */
export interface AlarmRule {
  readonly threshold: number;
  readonly comparisonOperator: ComparisonOperator;
  /** M of "M out of N". */
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
}

/** The outcome of one evaluation; `retain` keeps the current state (`ignore` with no data). */
export interface AlarmDecision {
  readonly state: AlarmStateValue | 'retain';
  /** Datapoints that breach, counting missing ones treated as breaching. */
  readonly breaching: number;
  /** Datapoints that were considered (present, or missing but filled in by TreatMissingData). */
  readonly considered: number;
  /** Periods of the window without a datapoint. */
  readonly missing: number;
}

/** True when `value` is on the alarming side of the threshold. */
export function breaches(value: number, rule: Pick<AlarmRule, 'threshold' | 'comparisonOperator'>): boolean {
  switch (rule.comparisonOperator) {
    case 'GreaterThanThreshold':
      return value > rule.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= rule.threshold;
    case 'LessThanThreshold':
      return value < rule.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= rule.threshold;
  }
}

/**
 * Decides an alarm's state from the datapoints of its last N periods (oldest first, `undefined`
 * for a period without data), with M-out-of-N and TreatMissingData.
 *
 * `breaching`/`notBreaching` fill missing periods in. `missing` and `ignore` judge only the
 * datapoints present: with at least M of them, ALARM needs M breaching; with fewer than M, ALARM
 * needs every present one to breach (so a sparse metric can still alarm). With no datapoint at
 * all, `missing` goes to INSUFFICIENT_DATA and `ignore` keeps the current state.
 */
export function decideAlarmState(datapoints: ReadonlyArray<number | undefined>, rule: AlarmRule): AlarmDecision {
  const present = datapoints.filter((value): value is number => value !== undefined);
  const missing = datapoints.length - present.length;
  const breachingPresent = present.filter((value) => breaches(value, rule)).length;
  const m = rule.datapointsToAlarm;
  switch (rule.treatMissingData) {
    case 'breaching': {
      const breaching = breachingPresent + missing;
      return { state: breaching >= m ? 'ALARM' : 'OK', breaching, considered: datapoints.length, missing };
    }
    case 'notBreaching':
      return { state: breachingPresent >= m ? 'ALARM' : 'OK', breaching: breachingPresent, considered: datapoints.length, missing };
    case 'missing':
    case 'ignore': {
      if (present.length === 0) {
        return { state: rule.treatMissingData === 'missing' ? 'INSUFFICIENT_DATA' : 'retain', breaching: 0, considered: 0, missing };
      }
      const alarm = present.length >= m ? breachingPresent >= m : breachingPresent === present.length;
      return { state: alarm ? 'ALARM' : 'OK', breaching: breachingPresent, considered: present.length, missing };
    }
  }
}
