import { Command } from 'commander';
import { InvalidInputError, type InputIssue } from '../../functions/core/errors.js';
import type { Scenario } from '../../local/scenario/scenario-schema.js';
import type { ScenarioReport } from '../../local/simulation/report.js';
import { InvalidConfigurationError } from '../errors.js';
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
      if (options.json) {
        const reports = await simulate(files, host);
        host.json(reports.length === 1 ? reports[0] : { reports });
        return;
      }
      // Each scenario's timeline as soon as it ends, a blank line between two.
      let printed = 0;
      await simulate(files, host, (report) => host.result(`${(printed += 1) > 1 ? '\n' : ''}${renderScenarioReport(report, host.style)}`));
    });
}

/**
 * Validates every scenario first (nothing starts if one is invalid), then runs them one after
 * another, each in a fresh sandbox on one DynamoDB Local: the one at `BRAID_DYNAMODB_ENDPOINT`
 * when set (e.g. a test run's), else one started for the run.
 * @param onReport called with each scenario's report as soon as it ends @default - none
 */
export async function simulate(
  files: readonly string[],
  host = new IoHost(processIo()),
  onReport: (report: ScenarioReport) => void = () => undefined,
): Promise<ScenarioReport[]> {
  // Validation loads only the scenario schema: an invalid file exits 2 before the sandbox's modules load.
  const { InvalidScenarioError, loadScenario } = await import('../../local/scenario/load-scenario.js');
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
  const dynamodbEndpoint = host.io.env.BRAID_DYNAMODB_ENDPOINT || undefined;
  if (dynamodbEndpoint !== undefined && !/^https?:\/\/[^\s/]+\/?$/.test(dynamodbEndpoint)) {
    throw new InvalidConfigurationError(`BRAID_DYNAMODB_ENDPOINT "${dynamodbEndpoint}" is not an http(s) URL such as http://127.0.0.1:8000.`);
  }
  const { runScenarios } = await import('../actions/run-scenarios.js');
  return runScenarios(scenarios, host, { dynamodbEndpoint, onReport });
}
