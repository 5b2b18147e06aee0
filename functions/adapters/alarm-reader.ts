import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { AlarmReading } from '../core/gate-judge.js';

/** DescribeAlarms takes at most 100 names per call. */
const NAMES_PER_CALL = 100;

/** Reads the current state of named CloudWatch alarms; changes nothing. */
export class AlarmReader {
  constructor(private readonly client: CloudWatchClient) {}

  /** The alarms that exist among `names` (missing ones are simply absent). */
  async readAlarms(names: readonly string[]): Promise<AlarmReading[]> {
    const readings: AlarmReading[] = [];
    for (let start = 0; start < names.length; start += NAMES_PER_CALL) {
      let nextToken: string | undefined;
      do {
        const page = await this.client.send(
          new DescribeAlarmsCommand({
            AlarmNames: names.slice(start, start + NAMES_PER_CALL),
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
            NextToken: nextToken,
          }),
        );
        for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
          readings.push({
            name: alarm.AlarmName ?? '',
            state: (alarm.StateValue ?? 'INSUFFICIENT_DATA') as AlarmReading['state'],
            reason: alarm.StateReason,
            updatedAtMs: alarm.StateUpdatedTimestamp?.getTime(),
          });
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    return readings;
  }
}
