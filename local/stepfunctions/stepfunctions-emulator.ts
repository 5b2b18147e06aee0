import { createHash } from 'node:crypto';
import { SANDBOX_ACCOUNT, SANDBOX_REGION, type Journal } from '../contracts.js';
import { jsonErrorResponse, jsonResponse, jsonTarget, parseJsonBody, toAwsError } from '../http/protocol.js';
import { AwsServiceError, type EmulatedService, type SandboxRequest, type SandboxResponse } from '../http/service.js';
import type { VirtualClock } from '../virtual-clock.js';
import type { StateMachineDefinition } from './asl-types.js';
import { Execution, type ExecutionStats, type ExecutionStatus } from './execution.js';
import { historyEventToWire } from './execution-history.js';
import { parseDefinition } from './parse-definition.js';
import { assertValidName } from './resource-name.js';
import { MAX_PAYLOAD_BYTES } from './task-attempt.js';
import type { TaskIntegrations } from './task-integrations.js';
import { TaskTokenBroker } from './task-token-broker.js';
import { VirtualTimers } from './virtual-timers.js';

/** What the Step Functions emulator needs from the sandbox. */
export interface StepFunctionsEmulatorOptions {
  /** All Waits, retry back-offs and timeouts run on it. */
  readonly clock: VirtualClock;
  /** StartExecution, StopExecution, SendTask* and terminal states are recorded here (service `states`). */
  readonly journal: Journal;
  /** How Task resources are executed. */
  readonly integrations: TaskIntegrations;
  /**
   * Seeds task tokens, retry jitter and request ids (each execution derives its own stream).
   * @default 1
   */
  readonly seed?: number;
}

/** A state machine to register, as CreateStateMachine takes it. */
export interface StateMachineRegistration {
  readonly name: string;
  /** The ASL JSON text (JSONPath; JSONata, Map and Parallel are refused, see `parseDefinition`). */
  readonly definition: string;
  /** @default - `arn:aws:iam::000000000000:role/sandbox-states` */
  readonly roleArn?: string;
}

/** An execution as DescribeExecution reports it (the SDK's field names and types). */
export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

interface RegisteredMachine {
  readonly arn: string;
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly creationMs: number;
  readonly parsed: StateMachineDefinition;
}

type Body = Record<string, unknown>;

const ARN_PREFIX = `arn:aws:states:${SANDBOX_REGION}:${SANDBOX_ACCOUNT}`;
const DEFAULT_ROLE_ARN = `arn:aws:iam::${SANDBOX_ACCOUNT}:role/sandbox-states`;
const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/**
 * Step Functions (Standard workflows) for the sandbox: AWS JSON 1.0 (`AWSStepFunctions.<Op>`)
 * over the sandbox endpoint, interpreting JSONPath ASL on the virtual clock (see `Execution`),
 * with a task-token broker for `.waitForTaskToken` tasks.
 */
export class StepFunctionsEmulator implements EmulatedService {
  readonly endpointId = 'SFN';

  private readonly machines = new Map<string, RegisteredMachine>();
  /** Every execution by ARN, in start order. */
  private readonly executions = new Map<string, Execution>();
  private readonly clock: VirtualClock;
  private readonly journal: Journal;
  private readonly integrations: TaskIntegrations;
  private readonly seed: number;
  private readonly timers: VirtualTimers;
  private readonly broker: TaskTokenBroker;

  private readonly operations: Record<string, (body: Body) => Promise<unknown> | unknown> = {
    CreateStateMachine: (body) => this.createStateMachine(body),
    DescribeStateMachine: (body) => this.describeStateMachine(body),
    ListStateMachines: (body) => this.listStateMachines(body),
    StartExecution: (body) => this.startExecutionRequest(body),
    DescribeExecution: (body) => this.describeExecutionRequest(body),
    ListExecutions: (body) => this.listExecutions(body),
    GetExecutionHistory: (body) => this.getExecutionHistory(body),
    StopExecution: (body) => this.stopExecution(body),
    SendTaskSuccess: (body) => this.sendTaskSuccess(body),
    SendTaskFailure: (body) => this.sendTaskFailure(body),
    SendTaskHeartbeat: (body) => this.sendTaskHeartbeat(body),
  };

  constructor(options: StepFunctionsEmulatorOptions) {
    this.clock = options.clock;
    this.journal = options.journal;
    this.integrations = options.integrations;
    this.seed = options.seed ?? 1;
    this.timers = new VirtualTimers(options.clock);
    this.broker = new TaskTokenBroker(`${this.seed}`);
  }

  accepts(request: SandboxRequest): boolean {
    return jsonTarget(request, 'AWSStepFunctions') !== undefined;
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    try {
      const operation = jsonTarget(request, 'AWSStepFunctions') ?? '';
      const handler = this.operations[operation];
      if (!handler)
        throw new AwsServiceError(
          'UnknownOperationException',
          `The Step Functions sandbox does not implement ${operation}. Implemented: ${Object.keys(this.operations).join(', ')}.`,
        );
      return jsonResponse(await handler(parseJsonBody(request)));
    } catch (error) {
      return jsonErrorResponse(toAwsError(error));
    }
  }

  /**
   * Registers a state machine (CreateStateMachine without HTTP). Registering the same name with
   * the same definition and role again returns the same ARN.
   * @throws AwsServiceError `InvalidName`, `InvalidDefinition`, `StateMachineAlreadyExists`
   */
  registerStateMachine(registration: StateMachineRegistration): string {
    assertValidName('state machine', registration.name);
    const roleArn = registration.roleArn ?? DEFAULT_ROLE_ARN;
    const existing = this.machines.get(registration.name);
    if (existing) {
      if (existing.definition === registration.definition && existing.roleArn === roleArn) return existing.arn;
      throw new AwsServiceError(
        'StateMachineAlreadyExists',
        `State Machine Already Exists: '${existing.arn}' has a different definition or role. Use another name.`,
      );
    }
    const arn = `${ARN_PREFIX}:stateMachine:${registration.name}`;
    const parsed = parseDefinition(registration.definition);
    this.machines.set(registration.name, {
      arn,
      name: registration.name,
      definition: registration.definition,
      roleArn,
      creationMs: this.clock.nowMs(),
      parsed,
    });
    return arn;
  }

  /**
   * Starts an execution (StartExecution without HTTP).
   * @returns the execution ARN and start date; the same ones for a repeated call while running
   */
  startExecution(stateMachineArn: string, name: string | undefined, input = '{}'): { executionArn: string; startDate: Date } {
    const machine = this.machineByArn(stateMachineArn);
    const executionName = name ?? this.generatedName(machine.arn);
    assertValidName('execution', executionName);
    assertJsonObject(input, 'InvalidExecutionInput', 'execution input');
    const arn = `${ARN_PREFIX}:execution:${machine.name}:${executionName}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // AWS: idempotent only while running and with identical input.
      if (existing.status === 'RUNNING' && existing.params.input === input) return { executionArn: arn, startDate: new Date(existing.startMs) };
      const why = existing.status === 'RUNNING' ? 'is running with a different input' : `has already closed (${existing.status})`;
      throw new AwsServiceError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${arn}' ${why}. Execution names are unique per state machine; use another name.`,
      );
    }
    const execution = new Execution(
      {
        arn,
        name: executionName,
        stateMachineArn: machine.arn,
        stateMachineName: machine.name,
        roleArn: machine.roleArn,
        definition: machine.parsed,
        input,
        seed: hash32(`${this.seed}\n${arn}`),
      },
      { clock: this.clock, timers: this.timers, broker: this.broker, integrations: this.integrations },
    );
    this.executions.set(arn, execution);
    this.journal.record({
      service: 'states',
      action: 'StartExecution',
      detail: { executionArn: arn, stateMachineArn: machine.arn, name: executionName, input },
    });
    void execution.finished.then(() => {
      this.journal.record({
        service: 'states',
        action: `Execution${terminalAction(execution.status)}`,
        detail: { executionArn: arn, status: execution.status, error: execution.error, cause: execution.cause },
      });
    });
    return { executionArn: arn, startDate: new Date(execution.startMs) };
  }

  /** The execution's description once it has closed. */
  async waitForExecution(executionArn: string): Promise<ExecutionDescription> {
    const execution = this.executionByArn(executionArn);
    await execution.finished;
    return describe(execution);
  }

  /** The ARNs of the executions still running. */
  runningExecutions(): string[] {
    return [...this.executions.values()].filter((execution) => execution.status === 'RUNNING').map((execution) => execution.params.arn);
  }

  /** Stops every running execution (ABORTED), e.g. when a simulation ends with executions still waiting. */
  stopRunningExecutions(cause: string): void {
    for (const execution of this.executions.values()) {
      if (execution.status !== 'RUNNING') continue;
      execution.stop('ABORTED', 'Sandbox.Stopped', cause);
      this.journal.record({ service: 'states', action: 'StopExecution', detail: { executionArn: execution.params.arn, error: 'Sandbox.Stopped', cause } });
    }
  }

  /** DescribeExecution without HTTP. */
  describeExecution(executionArn: string): ExecutionDescription {
    return describe(this.executionByArn(executionArn));
  }

  /** The billable state transitions of an execution so far: states entered plus retries. */
  describeExecutionStats(executionArn: string): ExecutionStats {
    return this.executionByArn(executionArn).stats();
  }

  private createStateMachine(body: Body): unknown {
    const type = optionalString(body, 'type') ?? 'STANDARD';
    if (type !== 'STANDARD') throw new AwsServiceError('ValidationException', `The sandbox runs STANDARD state machines only, got type '${type}'.`);
    const arn = this.registerStateMachine({
      name: requiredString(body, 'name'),
      definition: requiredString(body, 'definition'),
      roleArn: requiredString(body, 'roleArn'),
    });
    return { stateMachineArn: arn, creationDate: this.machineByArn(arn).creationMs / 1000 };
  }

  private describeStateMachine(body: Body): unknown {
    const machine = this.machineByArn(requiredString(body, 'stateMachineArn'));
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: 'STANDARD',
      creationDate: machine.creationMs / 1000,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    };
  }

  private listStateMachines(body: Body): unknown {
    const machines = [...this.machines.values()].map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: 'STANDARD',
      creationDate: machine.creationMs / 1000,
    }));
    const page = paginate(machines, body, 'machines', 1000);
    return { stateMachines: page.items, nextToken: page.nextToken };
  }

  private startExecutionRequest(body: Body): unknown {
    const started = this.startExecution(requiredString(body, 'stateMachineArn'), optionalString(body, 'name'), optionalString(body, 'input'));
    return { executionArn: started.executionArn, startDate: started.startDate.getTime() / 1000 };
  }

  private describeExecutionRequest(body: Body): unknown {
    const description = this.describeExecution(requiredString(body, 'executionArn'));
    return {
      ...description,
      startDate: description.startDate.getTime() / 1000,
      stopDate: description.stopDate ? description.stopDate.getTime() / 1000 : undefined,
      inputDetails: { included: true },
      outputDetails: description.output === undefined ? undefined : { included: true },
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  }

  private listExecutions(body: Body): unknown {
    const machine = this.machineByArn(requiredString(body, 'stateMachineArn'));
    const statusFilter = optionalString(body, 'statusFilter');
    if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) {
      throw new AwsServiceError('ValidationException', `statusFilter must be one of ${STATUSES.join(', ')}, got '${statusFilter}'.`);
    }
    // AWS lists the newest execution first.
    const matching = [...this.executions.values()]
      .filter((execution) => execution.params.stateMachineArn === machine.arn && (statusFilter === undefined || execution.status === statusFilter))
      .reverse()
      .map((execution) => ({
        executionArn: execution.params.arn,
        stateMachineArn: machine.arn,
        name: execution.params.name,
        status: execution.status,
        startDate: execution.startMs / 1000,
        stopDate: execution.stopMs === undefined ? undefined : execution.stopMs / 1000,
        redriveCount: 0,
      }));
    const page = paginate(matching, body, `executions:${machine.arn}:${statusFilter ?? ''}`, 1000);
    return { executions: page.items, nextToken: page.nextToken };
  }

  private getExecutionHistory(body: Body): unknown {
    const execution = this.executionByArn(requiredString(body, 'executionArn'));
    const includeData = body.includeExecutionData !== false;
    const events = [...execution.history.events()];
    if (body.reverseOrder === true) events.reverse();
    const page = paginate(events, body, `history:${execution.params.arn}:${body.reverseOrder === true}`, 1000);
    return { events: page.items.map((event) => historyEventToWire(event, includeData)), nextToken: page.nextToken };
  }

  private stopExecution(body: Body): unknown {
    const execution = this.executionByArn(requiredString(body, 'executionArn'));
    const error = optionalString(body, 'error');
    const cause = optionalString(body, 'cause');
    if (execution.status === 'RUNNING') {
      execution.stop('ABORTED', error, cause);
      this.journal.record({ service: 'states', action: 'StopExecution', detail: { executionArn: execution.params.arn, error, cause } });
    }
    return { stopDate: (execution.stopMs ?? this.clock.nowMs()) / 1000 };
  }

  private sendTaskSuccess(body: Body): unknown {
    const taskToken = requiredString(body, 'taskToken');
    const output = requiredString(body, 'output');
    try {
      JSON.parse(output);
    } catch {
      throw new AwsServiceError('InvalidOutput', `Invalid Output: the output must be JSON text, got '${output.slice(0, 100)}'.`);
    }
    if (Buffer.byteLength(output) > MAX_PAYLOAD_BYTES)
      throw new AwsServiceError('InvalidOutput', `Invalid Output: the output is ${Buffer.byteLength(output)} bytes; at most ${MAX_PAYLOAD_BYTES} are allowed.`);
    this.broker.succeed(taskToken, output);
    this.journal.record({ service: 'states', action: 'SendTaskSuccess', detail: { taskToken, output } });
    return {};
  }

  private sendTaskFailure(body: Body): unknown {
    const taskToken = requiredString(body, 'taskToken');
    const error = optionalString(body, 'error');
    const cause = optionalString(body, 'cause');
    this.broker.fail(taskToken, error, cause);
    this.journal.record({ service: 'states', action: 'SendTaskFailure', detail: { taskToken, error, cause } });
    return {};
  }

  private sendTaskHeartbeat(body: Body): unknown {
    const taskToken = requiredString(body, 'taskToken');
    this.broker.heartbeat(taskToken);
    this.journal.record({ service: 'states', action: 'SendTaskHeartbeat', detail: { taskToken } });
    return {};
  }

  private machineByArn(arn: string): RegisteredMachine {
    const match = new RegExp(`^${escapeRegExp(ARN_PREFIX)}:stateMachine:([^:]+)$`).exec(arn);
    if (!match?.[1])
      throw new AwsServiceError('InvalidArn', `Invalid Arn: '${arn}' is not a state machine ARN of the sandbox (${ARN_PREFIX}:stateMachine:NAME).`);
    const machine = this.machines.get(match[1]);
    if (!machine) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'. Create it first.`);
    return machine;
  }

  private executionByArn(arn: string): Execution {
    if (!new RegExp(`^${escapeRegExp(ARN_PREFIX)}:execution:[^:]+:[^:]+$`).test(arn)) {
      throw new AwsServiceError('InvalidArn', `Invalid Arn: '${arn}' is not an execution ARN of the sandbox (${ARN_PREFIX}:execution:MACHINE:NAME).`);
    }
    const execution = this.executions.get(arn);
    if (!execution) throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'.`);
    return execution;
  }

  /** A UUID-shaped name derived from the seed, for StartExecution calls without a name. */
  private generatedName(machineArn: string): string {
    const hex = createHash('sha256').update(`${this.seed}\n${machineArn}\n${this.executions.size}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }
}

function describe(execution: Execution): ExecutionDescription {
  return {
    executionArn: execution.params.arn,
    stateMachineArn: execution.params.stateMachineArn,
    name: execution.params.name,
    status: execution.status,
    startDate: new Date(execution.startMs),
    stopDate: execution.stopMs === undefined ? undefined : new Date(execution.stopMs),
    input: execution.params.input,
    output: execution.output,
    error: execution.error,
    cause: execution.cause,
  };
}

function requiredString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '')
    throw new AwsServiceError(
      'ValidationException',
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null (a non-empty string is required).`,
    );
  return value;
}

function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsServiceError('ValidationException', `Value at '${field}' must be a string, got ${typeof value}.`);
  return value;
}

function assertJsonObject(text: string, code: string, what: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AwsServiceError(code, `Invalid ${what}: not JSON (${(error as Error).message}).`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new AwsServiceError(code, `Invalid ${what}: it must be a JSON object, got ${text.slice(0, 100)}.`);
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES)
    throw new AwsServiceError(code, `Invalid ${what}: ${Buffer.byteLength(text)} bytes; at most ${MAX_PAYLOAD_BYTES} are allowed.`);
}

/** A page of `items` per `maxResults`/`nextToken`; tokens are bound to the listing they came from. */
function paginate<T>(items: readonly T[], body: Body, scope: string, maxLimit: number): { items: T[]; nextToken?: string } {
  const maxResults = body.maxResults === undefined || body.maxResults === 0 ? 100 : body.maxResults;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 0 || maxResults > maxLimit) {
    throw new AwsServiceError('ValidationException', `maxResults must be an integer from 0 to ${maxLimit}, got ${JSON.stringify(body.maxResults)}.`);
  }
  let offset = 0;
  if (body.nextToken !== undefined && body.nextToken !== null) {
    const decoded = decodeToken(body.nextToken);
    if (!decoded || decoded.scope !== scope)
      throw new AwsServiceError('InvalidToken', 'Invalid Token: the nextToken does not come from this listing. Repeat the request without nextToken.');
    offset = decoded.offset;
  }
  const page = items.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return { items: page, nextToken: next < items.length ? Buffer.from(JSON.stringify({ scope, offset: next })).toString('base64url') : undefined };
}

function decodeToken(token: unknown): { scope: string; offset: number } | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { scope?: unknown; offset?: unknown };
    return typeof decoded.scope === 'string' && typeof decoded.offset === 'number' ? { scope: decoded.scope, offset: decoded.offset } : undefined;
  } catch {
    return undefined;
  }
}

function terminalAction(status: ExecutionStatus): string {
  return { RUNNING: 'Running', SUCCEEDED: 'Succeeded', FAILED: 'Failed', TIMED_OUT: 'TimedOut', ABORTED: 'Aborted' }[status];
}

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
