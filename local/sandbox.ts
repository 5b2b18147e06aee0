import * as cloudwatchSdk from '@aws-sdk/client-cloudwatch';
import * as dynamodbSdk from '@aws-sdk/client-dynamodb';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as snsSdk from '@aws-sdk/client-sns';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { ulidGenerator } from '../functions/core/ids.js';
import { allDeps } from '../functions/deps/all-deps.js';
import { DepsEnvironment } from '../functions/deps/deps-environment.js';
import type { TaskCode } from '../functions/kernel/task-code.js';
import type { TaskDeps } from '../functions/kernel/task-deps.js';
import { taskHandler, type Observability } from '../functions/kernel/task-handler.js';
import type { TaskInfo } from '../functions/kernel/task-info.js';
import { REMEDIATION_EVENT_PATTERN } from '../functions/remediation/remediation-event-pattern.js';
import { REMEDIATION_TASK_CODE } from '../functions/remediation/remediation-task-code.js';
import { ESCALATION_TOPIC_PLACEHOLDER, REMEDIATION_TASK_LIST } from '../functions/remediation/remediation-task-list.js';
import { detectIncidentTask } from '../functions/remediation/detect-incident.js';
import { GATE_WATCH_EVENT_PATTERN } from '../functions/rollout/gate-watch-pattern.js';
import { ROLLOUT_TASK_CODE } from '../functions/rollout/rollout-task-code.js';
import { ROLLOUT_TASK_LIST } from '../functions/rollout/rollout-task-list.js';
import { watchGatesTask } from '../functions/rollout/watch-gates.js';
import { braidTableDefinition } from '../functions/schema/braid-table-schema.js';
import { DEFAULT_REMEDIATION_SETTINGS, type RemediationSettings } from '../functions/schema/settings-item.js';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CloudWatchEmulator } from './cloudwatch/cloudwatch-emulator.js';
import { MemoryJournal, SANDBOX_ACCOUNT, SANDBOX_REGION } from './contracts.js';
import { DynamoDbForwarder } from './dynamodb/forwarder.js';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/launcher.js';
import { EventBridgeEmulator } from './eventbridge/eventbridge-emulator.js';
import { startSandboxServer, type SandboxServer } from './http/server.js';
import { LambdaEmulator } from './lambda/lambda-emulator.js';
import { SandboxMetrics } from './observability/sandbox-metrics.js';
import { SeededRandom } from './random.js';
import { StepFunctionsEmulator } from './stepfunctions/stepfunctions-emulator.js';
import type { TaskIntegrations } from './stepfunctions/task-integrations.js';
import { TaskFaults } from './task-faults.js';
import { VirtualClock } from './virtual-clock.js';
import { substitutePlaceholders } from '../statemachines/substitutions.js';
import { SnsEmulator } from './sns/sns-emulator.js';
import { snsPublishParameters, snsPublishResult } from './sns/sns-publish-task.js';

/** Where the rollout state machine's definition lives. */
export const ROLLOUT_ASL = fileURLToPath(new URL('../statemachines/rollout.asl.json', import.meta.url));
/** Where the remediation state machine's definition lives. */
export const REMEDIATION_ASL = fileURLToPath(new URL('../statemachines/remediation.asl.json', import.meta.url));

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Seeds traffic, errors, latency, ids and jitter. @default 1 */
  readonly seed?: number;
  /** Virtual time at start. @default 2026-01-01T00:00:00Z */
  readonly startMs?: number;
  /** A running DynamoDB Local to use (one per test run or simulate call). @default - starts its own */
  readonly dynamodbEndpoint?: string;
  /** Name of Braid's table in it; make it unique when sharing DynamoDB Local. @default `braid` */
  readonly tableName?: string;
  /** Fixed port for the sandbox endpoint (e.g. for `braid sandbox`). @default - a free port */
  readonly port?: number;
  /** The account-wide repair rate limit. @default DEFAULT_REMEDIATION_SETTINGS */
  readonly remediation?: RemediationSettings;
}

/** Sockets each of the sandbox's SDK clients may open to its loopback endpoint. */
const SANDBOX_CLIENT_SOCKETS = 512;

/** The dummy credentials every sandbox client uses; the sandbox checks no signatures. */
export const SANDBOX_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

/** A local AWS for Braid: one loopback endpoint for Lambda, CloudWatch, EventBridge, Step Functions and DynamoDB. */
export interface Sandbox {
  readonly endpoint: string;
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly journal: MemoryJournal;
  readonly lambda: LambdaEmulator;
  readonly cloudwatch: CloudWatchEmulator;
  readonly events: EventBridgeEmulator;
  readonly stepFunctions: StepFunctionsEmulator;
  readonly sns: SnsEmulator;
  /**
   * What Braid's functions use here, from the one dependency factory: the sandbox's clients,
   * clock and ids (sharing the ULID source keeps same-millisecond audit records in causal order).
   */
  readonly deps: TaskDeps;
  /** Braid's table in DynamoDB Local. */
  readonly tableName: string;
  readonly rolloutStateMachineArn: string;
  readonly remediationStateMachineArn: string;
  /** The SNS topic escalations are published to. */
  readonly escalationTopicArn: string;
  /** Failures to inject into Braid's task functions. */
  readonly faults: TaskFaults;
  /** Real SDK clients pointed at the sandbox. */
  readonly clients: {
    lambda: lambdaSdk.LambdaClient;
    cloudwatch: cloudwatchSdk.CloudWatchClient;
    dynamodb: dynamodbSdk.DynamoDBClient;
    sfn: SFNClient;
    sns: snsSdk.SNSClient;
  };
  /** Environment for the AWS CLI or any SDK program to talk to the sandbox. */
  environment(): Record<string, string>;
  close(): Promise<void>;
}

/** Starts the sandbox: emulators, DynamoDB Local (unless given), Braid's table, task functions and state machine. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1;
  const clock = new VirtualClock(options.startMs ?? Date.parse('2026-01-01T00:00:00Z'));
  const random = new SeededRandom(seed);
  const journal = new MemoryJournal(clock);
  let dynamodbLocal: DynamoDbLocal | undefined;
  const dynamodbEndpoint = options.dynamodbEndpoint ?? (dynamodbLocal = await startDynamoDbLocal()).endpoint;

  let stepFunctions: StepFunctionsEmulator | undefined;
  const events = new EventBridgeEmulator({
    clock,
    journal,
    deliver: async (targetArn, input) => {
      // Lambda targets run now (a rule's target is invoked asynchronously on AWS, but its effect here is immediate);
      // state machine targets start an execution and return at once.
      if (targetArn.startsWith('arn:aws:lambda:')) await lambda.invoke(targetArn, JSON.parse(input) as unknown);
      else stepFunctions?.startExecution(targetArn, undefined, input);
    },
  });
  const cloudwatch = new CloudWatchEmulator({ clock, events, journal });
  const lambda = new LambdaEmulator({ clock, random, metrics: cloudwatch, journal });
  let endpoint = '';
  const integrations: TaskIntegrations = {
    invokeLambda: (functionName, payload) => lambda.invoke(functionName, payload),
    callAwsSdk: (service, action, parameters) => callAwsSdk(endpoint, service, action, parameters),
  };
  stepFunctions = new StepFunctionsEmulator({ clock, journal, integrations, seed });
  // Seeded message ids keep reports replayable.
  const sns = new SnsEmulator({ clock, journal, newMessageId: () => seededUuid(random) });
  const forwarder = new DynamoDbForwarder({ targetEndpoint: dynamodbEndpoint, journal });
  let server: SandboxServer;
  try {
    server = await startSandboxServer([forwarder, lambda, cloudwatch, events, stepFunctions, sns], options.port);
  } catch (error) {
    await dynamodbLocal?.stop();
    throw error;
  }
  endpoint = server.endpoint;
  const clientConfig = {
    endpoint,
    region: SANDBOX_REGION,
    credentials: SANDBOX_CREDENTIALS,
    // Every simulated invocation shares these clients, where each would have its own on AWS: with
    // the SDK's 50 sockets, an alarm event delivered 150 times at once queues requests and, on a
    // busy machine, makes the SDK warn that socket usage is at capacity.
    requestHandler: { httpAgent: { maxSockets: SANDBOX_CLIENT_SOCKETS } },
  };
  const clients = {
    lambda: new lambdaSdk.LambdaClient(clientConfig),
    cloudwatch: new cloudwatchSdk.CloudWatchClient(clientConfig),
    dynamodb: new dynamodbSdk.DynamoDBClient(clientConfig),
    sfn: new SFNClient(clientConfig),
    sns: new snsSdk.SNSClient(clientConfig),
  };
  const tableName = options.tableName ?? 'braid';
  await clients.dynamodb.send(new dynamodbSdk.CreateTableCommand(braidTableDefinition(tableName)));
  const rolloutStateMachineArn = stateMachineArn('braid-rollout');
  const remediationStateMachineArn = stateMachineArn('braid-remediation');
  const deps = allDeps(
    new DepsEnvironment({
      tableName,
      rolloutStateMachineArn,
      remediationStateMachineArn,
      clock,
      newId: ulidGenerator(clock, () => random.next()),
      defaultSettings: options.remediation ?? DEFAULT_REMEDIATION_SETTINGS,
      clients,
    }),
  );
  const metrics = new SandboxMetrics(cloudwatch, clock);
  const faults = new TaskFaults();
  const run = <I, R>(task: TaskCode<I, R, TaskDeps>) => taskHandler(task, () => deps, quiet(metrics));
  const substitutions = registerTasks(lambda, faults, ROLLOUT_TASK_LIST, ROLLOUT_TASK_CODE, run);
  // Gates keep judging while a rollout waits for a person: alarms entering ALARM reach the gate watcher.
  const watcher = createTaskFunction(lambda, faults, watchGatesTask.name, run(watchGatesTask));
  await putRuleFor(endpoint, { name: 'braid-gate-watch', pattern: GATE_WATCH_EVENT_PATTERN, targetId: 'watch-gates', functionArn: watcher });
  const definition = substitutePlaceholders('statemachines/rollout.asl.json', await readFile(ROLLOUT_ASL, 'utf8'), substitutions);
  registerStateMachine(stepFunctions, 'braid-rollout', definition, rolloutStateMachineArn);

  // As the Braid construct records them at deploy time.
  await deps.settings.put(deps.defaultSettings);
  const escalationTopicArn = sns.createTopic('braid-escalations');
  const remediationSubstitutions = {
    ...registerTasks(lambda, faults, REMEDIATION_TASK_LIST, REMEDIATION_TASK_CODE, run),
    [ESCALATION_TOPIC_PLACEHOLDER]: escalationTopicArn,
  };
  const remediationDefinition = substitutePlaceholders('statemachines/remediation.asl.json', await readFile(REMEDIATION_ASL, 'utf8'), remediationSubstitutions);
  registerStateMachine(stepFunctions, 'braid-remediation', remediationDefinition, remediationStateMachineArn);
  const detector = createTaskFunction(lambda, faults, detectIncidentTask.name, run(detectIncidentTask));
  await putRuleFor(endpoint, { name: 'braid-remediation', pattern: REMEDIATION_EVENT_PATTERN, targetId: 'detect-incident', functionArn: detector });

  return {
    endpoint,
    clock,
    random,
    journal,
    lambda,
    cloudwatch,
    events,
    stepFunctions,
    sns,
    deps,
    tableName,
    rolloutStateMachineArn,
    remediationStateMachineArn,
    escalationTopicArn,
    faults,
    clients,
    environment: () => ({
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: SANDBOX_REGION,
      AWS_DEFAULT_REGION: SANDBOX_REGION,
      AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
      BRAID_TABLE_NAME: tableName,
      BRAID_ROLLOUT_STATE_MACHINE_ARN: rolloutStateMachineArn,
      BRAID_REMEDIATION_STATE_MACHINE_ARN: remediationStateMachineArn,
    }),
    close: async () => {
      // A task waiting on a token holds a long real timer inside the interpreter; end it so the process can exit.
      stepFunctions.stopRunningExecutions('sandbox closed');
      for (const client of Object.values(clients)) client.destroy();
      await server.close();
      await dynamodbLocal?.stop();
    },
  };
}

/** A function's handler, as the Lambda emulator runs it. */
type TaskFunction = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Creates one of Braid's functions as a code function of the Lambda emulator, named
 * `braid-<name>`, running `handler` after any fault injected under `name`.
 */
function createTaskFunction(lambda: LambdaEmulator, faults: TaskFaults, name: string, handler: TaskFunction): string {
  const functionName = `braid-${name}`;
  const view = lambda.createFunction({
    name: functionName,
    handler: (event) => {
      faults.strike(name);
      return handler(event, lambdaContext(functionName));
    },
  });
  return view.functionArn;
}

/** Puts an EventBridge rule in front of a function, through the API, as the Braid construct deploys it. */
async function putRuleFor(endpoint: string, rule: { name: string; pattern: object; targetId: string; functionArn: string }): Promise<void> {
  const events = new EventBridgeClient({ endpoint, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS });
  try {
    await events.send(new PutRuleCommand({ Name: rule.name, EventPattern: JSON.stringify(rule.pattern), State: 'ENABLED' }));
    await events.send(new PutTargetsCommand({ Rule: rule.name, Targets: [{ Id: rule.targetId, Arn: rule.functionArn }] }));
  } finally {
    events.destroy();
  }
}

/** Logs off: the sandbox's stdout belongs to the CLI (`--json` prints one document). */
function quiet(metrics: Metrics): Observability {
  return { logger: new Logger({ serviceName: 'braid', logLevel: 'SILENT' }), metrics };
}

/**
 * Registers a state machine's task Lambdas (its task list, with each task's code), each
 * running the same middy handler as on AWS with the sandbox's clients and clock. Returns the
 * ASL substitutions (placeholder → ARN).
 */
function registerTasks<T extends TaskInfo>(
  lambda: LambdaEmulator,
  faults: TaskFaults,
  list: readonly T[],
  code: Readonly<Record<T['name'], TaskCode<never, unknown, TaskDeps>>>,
  handlerOf: (task: TaskCode<never, unknown, TaskDeps>) => TaskFunction,
): Record<string, string> {
  return Object.fromEntries(list.map((task) => [task.placeholder, createTaskFunction(lambda, faults, task.name, handlerOf(code[task.name as T['name']]))]));
}

/** The ARN the sandbox gives a state machine: the starters are built with it before the machine is registered. */
function stateMachineArn(name: string): string {
  return `arn:aws:states:${SANDBOX_REGION}:${SANDBOX_ACCOUNT}:stateMachine:${name}`;
}

function registerStateMachine(stepFunctions: StepFunctionsEmulator, name: string, definition: string, expectedArn: string): void {
  if (stepFunctions.registerStateMachine({ name, definition }) !== expectedArn) {
    throw new Error(`The sandbox named the ${name} state machine differently from the ARN its starters use.`);
  }
}

function seededUuid(random: SeededRandom): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random.next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionName,
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'sandbox',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const SDK_MODULES: Record<
  string,
  { client: new (config: object) => { send(command: unknown): Promise<unknown>; destroy(): void }; module: Record<string, unknown> }
> = {
  lambda: { client: lambdaSdk.LambdaClient, module: lambdaSdk },
  dynamodb: { client: dynamodbSdk.DynamoDBClient, module: dynamodbSdk },
  cloudwatch: { client: cloudwatchSdk.CloudWatchClient, module: cloudwatchSdk },
  sns: { client: snsSdk.SNSClient, module: snsSdk },
};

/** Runs an `aws-sdk:<service>:<action>` task as Step Functions does: the real SDK command, against the sandbox. */
async function callAwsSdk(endpoint: string, service: string, action: string, parameters: Record<string, unknown>): Promise<unknown> {
  const sdk = SDK_MODULES[service];
  const Command = sdk?.module[`${action.charAt(0).toUpperCase()}${action.slice(1)}Command`] as (new (input: unknown) => unknown) | undefined;
  if (!sdk || !Command) throw Object.assign(new Error(`The sandbox has no aws-sdk integration for ${service}:${action}.`), { name: 'States.Runtime' });
  const client = new sdk.client({ endpoint, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS });
  // Braid calls SNS only through the optimised `sns:publish` integration, which shapes its input and output.
  const snsPublish = service === 'sns' && action === 'publish';
  try {
    const output = (await client.send(new Command(snsPublish ? snsPublishParameters(parameters) : parameters))) as Record<string, unknown>;
    if (snsPublish) return snsPublishResult(output);
    const { $metadata: _metadata, ...rest } = output;
    return rest;
  } finally {
    client.destroy();
  }
}
