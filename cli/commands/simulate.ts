import { Command } from 'commander';
import { InvalidInputError, type InputIssue } from '../../functions/core/errors.js';
import { startDynamoDbLocal } from '../../local/dynamodb/launcher.js';
import { InvalidScenarioError, loadScenario } from '../../local/scenario/load-scenario.js';
import type { Scenario } from '../../local/scenario/scenario-schema.js';
import type { ScenarioReport } from '../../local/simulation/report.js';
import { runScenario } from '../../local/simulation/run-scenario.js';
import { processIo } from '../io/cli-io.js';
import { IoHost } from '../io/io-host.js';
import { renderScenarioReport } from '../output/render-report.js';

/** `braid simulate <scenario...>`: runs scenario files on the real state machines and handlers in the sandbox. */
export function simulateCommand(host: IoHost): Command {
  return new Command('simulate')
    .description('Run scenario files in the sandbox (real ASL, real handlers, DynamoDB Local) and report operations, timelines and invariants.')
    .argument('<scenario...>', 'scenario JSON files (see docs/scenarios.md)')
    .option('--json', 'print one JSON document on stdout instead of the timeline')
    .action(async (files: string[], options: { json?: boolean }) => {
      const reports = await simulate(files, host);
      if (options.json) host.json(reports.length === 1 ? reports[0] : { reports });
      else host.result(reports.map((report) => renderScenarioReport(report, host.style)).join('\n'));
    });
}

/** Validates every scenario first (nothing starts if one is invalid), then runs them one after another. */
export async function simulate(files: readonly string[], host = new IoHost(processIo())): Promise<ScenarioReport[]> {
  const scenarios: { file: string; scenario: Scenario }[] = [];
  const issues: InputIssue[] = [];
  for (const file of files) {
    try {
      scenarios.push({ file, scenario: await loadScenario(file) });
    } catch (error) {
      if (!(error instanceof InvalidScenarioError)) throw error;
      issues.push(...error.issues.map((issue) => ({ path: issue.path ? `${file}: ${issue.path}` : file, message: issue.message })));
    }
  }
  if (issues.length > 0) throw new InvalidInputError(files.length === 1 ? 'scenario' : 'scenarios', issues);
  host.info('SIMULATE.PROGRESS', 'starting DynamoDB Local');
  const dynamodb = await startDynamoDbLocal();
  try {
    const reports: ScenarioReport[] = [];
    for (const { file, scenario } of scenarios) {
      host.info('SIMULATE.PROGRESS', `running ${scenario.name}`);
      reports.push(await runScenario(scenario, { dynamodbEndpoint: dynamodb.endpoint, file }));
    }
    return reports;
  } finally {
    await dynamodb.stop();
  }
}
