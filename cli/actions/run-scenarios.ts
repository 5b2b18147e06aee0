import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb/launcher.js';
import type { Scenario } from '../../local/scenario/scenario-schema.js';
import type { ScenarioReport } from '../../local/simulation/report.js';
import type { IoHost } from '../io/io-host.js';

/** Options of {@link runScenarios}. */
export interface RunScenariosOptions {
  /** A running DynamoDB Local to use. @default - one is started for the run and stopped at its end */
  readonly dynamodbEndpoint?: string;
  /** Called with each scenario's report as soon as it ends. */
  readonly onReport: (report: ScenarioReport) => void;
}

/** Runs validated scenarios one after another, each in a fresh sandbox, on one DynamoDB Local. */
export async function runScenarios(
  scenarios: readonly { file: string; scenario: Scenario }[],
  host: IoHost,
  options: RunScenariosOptions,
): Promise<ScenarioReport[]> {
  const { dynamodbEndpoint } = options;
  host.info('SIMULATE.PROGRESS', dynamodbEndpoint ? `using DynamoDB Local at ${dynamodbEndpoint}` : 'starting DynamoDB Local');
  // The sandbox's modules load while the JVM boots (two cores, two jobs), once it is spawned:
  // loading them first would hold up the spawn.
  let loading: Promise<typeof import('../../local/simulation/run-scenario.js')> | undefined;
  const load = () => (loading ??= import('../../local/simulation/run-scenario.js'));
  const dynamodb: Pick<DynamoDbLocal, 'endpoint' | 'stop'> = dynamodbEndpoint
    ? { endpoint: dynamodbEndpoint, stop: async () => undefined }
    : await startDynamoDbLocal({ onSpawn: () => void load().catch(() => undefined) });
  try {
    const { runScenario } = await load();
    const reports: ScenarioReport[] = [];
    for (const { file, scenario } of scenarios) {
      host.info('SIMULATE.PROGRESS', `running ${scenario.name}`);
      const report = await runScenario(scenario, { dynamodbEndpoint: dynamodb.endpoint, file });
      options.onReport(report);
      reports.push(report);
    }
    return reports;
  } finally {
    await dynamodb.stop();
  }
}
