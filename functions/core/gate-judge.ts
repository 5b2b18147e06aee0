import type { GateVerdict } from './rollout-state.js';

/** An alarm's state as CloudWatch reports it. */
export interface AlarmReading {
  readonly name: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  readonly reason?: string;
  readonly updatedAtMs?: number;
}

/** A verdict with the evidence it was reached on, stored with the operation. */
export interface GateJudgement {
  readonly verdict: GateVerdict;
  readonly summary: string;
  readonly alarms: readonly AlarmReading[];
  readonly missingAlarms: readonly string[];
}

/**
 * Judges a step by its gate alarms: any alarm in ALARM fails it; an alarm that is missing or
 * has too little data makes it inconclusive (never a pass: "no data" is not "healthy").
 */
export function judgeAlarms(configured: readonly string[], readings: readonly AlarmReading[]): GateJudgement {
  const byName = new Map(readings.map((reading) => [reading.name, reading]));
  const alarms = configured.flatMap((name) => byName.get(name) ?? []);
  const missingAlarms = configured.filter((name) => !byName.has(name));
  const firing = alarms.filter((alarm) => alarm.state === 'ALARM').map((alarm) => alarm.name);
  const unknown = alarms.filter((alarm) => alarm.state === 'INSUFFICIENT_DATA').map((alarm) => alarm.name);
  if (firing.length > 0) return { verdict: 'fail', summary: `in ALARM: ${firing.join(', ')}`, alarms, missingAlarms };
  if (missingAlarms.length > 0) {
    return { verdict: 'inconclusive', summary: `alarms not found: ${missingAlarms.join(', ')}`, alarms, missingAlarms };
  }
  if (unknown.length > 0) return { verdict: 'inconclusive', summary: `INSUFFICIENT_DATA: ${unknown.join(', ')}`, alarms, missingAlarms };
  const summary = configured.length === 0 ? 'no gate alarms configured' : `all ${configured.length} gate alarm(s) OK`;
  return { verdict: 'pass', summary, alarms, missingAlarms };
}
