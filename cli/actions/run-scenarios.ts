import { startDynamoDbLocal } from '../../local/dynamodb/launcher.js';
import type { Scenario } from '../../local/scenario/scenario-schema.js';
import type { ScenarioReport } from '../../local/simulation/report.js';
import type { IoHost } from '../io/io-host.js';

/**
 * Runs validated scenarios one after another, each in a fresh sandbox, on one DynamoDB Local
 * started for the run and stopped at its end; hands each report to `onReport` as soon as its
 * scenario ends.
 */
export async function runScenarios(
  scenarios: readonly { file: string; scenario: Scenario }[],
  host: IoHost,
  onReport: (report: ScenarioReport) => void,
): Promise<ScenarioReport[]> {
  host.info('SIMULATE.PROGRESS', 'starting DynamoDB Local');
  // The sandbox's modules load while the JVM boots: two cores, two jobs.
  const [started, loaded] = await Promise.allSettled([startDynamoDbLocal(), import('../../local/simulation/run-scenario.js')]);
  if (started.status === 'rejected') throw started.reason;
  const dynamodb = started.value;
  try {
    if (loaded.status === 'rejected') throw loaded.reason;
    const { runScenario } = loaded.value;
    const reports: ScenarioReport[] = [];
    for (const { file, scenario } of scenarios) {
      host.info('SIMULATE.PROGRESS', `running ${scenario.name}`);
      const report = await runScenario(scenario, { dynamodbEndpoint: dynamodb.endpoint, file });
      onReport(report);
      reports.push(report);
    }
    return reports;
  } finally {
    await dynamodb.stop();
  }
}
