import { SANDBOX_ACCOUNT, SANDBOX_REGION, type BusEvent, type EventSink, type Journal } from '../contracts.js';
import { jsonErrorResponse, jsonResponse, jsonTarget, parseJsonBody, toAwsError } from '../http/protocol.js';
import { AwsServiceError, type EmulatedService, type SandboxRequest, type SandboxResponse } from '../http/service.js';
import type { HoldableClock } from '../virtual-clock.js';
import { stableEventId } from './event-id.js';
import { matchesEventPattern, parseEventPattern, type EventPattern } from './event-pattern.js';
import { formatEventTime } from './event-time.js';
import { parseInputPath, selectInputPath } from './input-path.js';

/** Hands one event to one rule target (e.g. starts a Step Functions execution). */
export type DeliverToTarget = (targetArn: string, input: string, event: BusEvent) => Promise<void>;

/** What the EventBridge emulator needs from the sandbox. */
export interface EventBridgeEmulatorOptions {
  /** A delivery holds its instant until every target has had the event. */
  readonly clock: HoldableClock;
  readonly journal: Journal;
  /**
   * Delivers a matched event to a target. It is awaited with the instant held, so it must not
   * wait on the virtual clock (which cannot move until it returns).
   */
  readonly deliver: DeliverToTarget;
}

/** A rule target as stored: where to deliver and what to send. */
interface RuleTarget {
  readonly Id: string;
  readonly Arn: string;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly RoleArn?: string;
}

interface Rule {
  readonly name: string;
  readonly arn: string;
  readonly eventPatternText: string | undefined;
  readonly pattern: EventPattern | undefined;
  readonly scheduleExpression: string | undefined;
  readonly description: string | undefined;
  readonly roleArn: string | undefined;
  state: 'ENABLED' | 'DISABLED';
  readonly targets: Map<string, RuleTarget>;
}

type Input = Record<string, unknown>;
type Handler = (input: Input) => Promise<Input> | Input;

const DEFAULT_BUS_ARN = `arn:aws:events:${SANDBOX_REGION}:${SANDBOX_ACCOUNT}:event-bus/default`;
const MAX_TARGETS_PER_RULE = 5;
const ENVELOPE_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

function validation(message: string): AwsServiceError {
  return new AwsServiceError('ValidationException', message);
}

function ruleNotFound(name: unknown): AwsServiceError {
  return new AwsServiceError('ResourceNotFoundException', `Rule ${String(name)} does not exist on EventBus default.`);
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw validation(`${field} is required and must be a non-empty string, got ${JSON.stringify(value)}.`);
  return value;
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * EventBridge's default bus for the sandbox: rules with event patterns, targets, PutEvents from
 * callers and `emit` from emulated AWS services, delivered through an injected function.
 * Speaks AWS JSON 1.1 (`x-amz-target: AWSEvents.<Op>`). Scheduled rules are stored, never fired.
 */
export class EventBridgeEmulator implements EmulatedService, EventSink {
  readonly endpointId = 'EVENTBRIDGE';
  private readonly rules = new Map<string, Rule>();
  private readonly clock: HoldableClock;
  private readonly journal: Journal;
  private readonly deliver: DeliverToTarget;
  private eventCount = 0;
  private readonly handlers: Record<string, Handler> = {
    PutRule: (input) => this.putRule(input),
    DescribeRule: (input) => this.describeRule(input),
    ListRules: (input) => this.listRules(input),
    DeleteRule: (input) => this.deleteRule(input),
    EnableRule: (input) => this.setRuleState(input, 'ENABLED'),
    DisableRule: (input) => this.setRuleState(input, 'DISABLED'),
    PutTargets: (input) => this.putTargets(input),
    ListTargetsByRule: (input) => this.listTargets(input),
    RemoveTargets: (input) => this.removeTargets(input),
    PutEvents: (input) => this.putEvents(input),
    TestEventPattern: (input) => this.testEventPattern(input),
  };

  constructor(options: EventBridgeEmulatorOptions) {
    this.clock = options.clock;
    this.journal = options.journal;
    this.deliver = options.deliver;
  }

  accepts(request: SandboxRequest): boolean {
    return jsonTarget(request, 'AWSEvents') !== undefined;
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    try {
      const operation = jsonTarget(request, 'AWSEvents')!;
      const handler = this.handlers[operation];
      if (!handler) throw new AwsServiceError('UnknownOperationException', `The sandbox's EventBridge does not implement ${operation}.`);
      return jsonResponse(await handler(parseJsonBody(request)), '1.1');
    } catch (error) {
      return jsonErrorResponse(toAwsError(error), '1.1');
    }
  }

  /**
   * Puts an event from an AWS service (e.g. CloudWatch's alarm state changes) on the default bus
   * and delivers it to the targets of every enabled rule it matches. `aws.*` sources are allowed here.
   */
  emit(event: BusEvent): Promise<void> {
    // Held from the moment the event is put until every target has it: no time passes between
    // an alarm's state change and the function that reacts to it.
    return this.clock.holding(`EventBridge delivery of '${event['detail-type']}' from ${event.source}`, async () => {
      for (const rule of [...this.rules.values()]) {
        if (rule.state !== 'ENABLED' || !rule.pattern || !matchesEventPattern(rule.pattern, event)) continue;
        for (const target of [...rule.targets.values()]) await this.deliverTo(rule, target, event);
      }
    });
  }

  private async deliverTo(rule: Rule, target: RuleTarget, event: BusEvent): Promise<void> {
    const input = target.Input ?? JSON.stringify(target.InputPath ? (selectInputPath(event, target.InputPath) ?? null) : event);
    const detail = { rule: rule.name, targetId: target.Id, targetArn: target.Arn, eventId: event.id, source: event.source, detailType: event['detail-type'] };
    try {
      await this.deliver(target.Arn, input, event);
      this.journal.record({ service: 'events', action: 'Deliver', detail });
    } catch (error) {
      // EventBridge would retry and then drop or dead-letter; the sandbox records the failure and moves on.
      this.journal.record({
        service: 'events',
        action: 'DeliveryFailed',
        detail: { ...detail, error: error instanceof Error ? error.message : String(error) },
      });
    }
  }

  private checkBus(name: unknown): void {
    if (name === undefined || name === 'default' || name === DEFAULT_BUS_ARN) return;
    throw new AwsServiceError('ResourceNotFoundException', `Event bus ${String(name)} does not exist: the sandbox has only the default bus.`);
  }

  private rule(name: unknown): Rule {
    const rule = typeof name === 'string' ? this.rules.get(name) : undefined;
    if (!rule) throw ruleNotFound(name);
    return rule;
  }

  private putRule(input: Input): Input {
    this.checkBus(input.EventBusName);
    const name = requireString(input.Name, 'Name');
    if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(name)) throw validation(`Name ${JSON.stringify(name)} is not valid: use 1 to 64 letters, digits, '.', '-' or '_'.`);
    const patternText = input.EventPattern as string | undefined;
    const schedule = input.ScheduleExpression as string | undefined;
    if (patternText === undefined && schedule === undefined) throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    const state = input.State ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') throw validation(`State ${JSON.stringify(state)} is not valid: use ENABLED or DISABLED.`);
    const rule: Rule = {
      name,
      arn: `arn:aws:events:${SANDBOX_REGION}:${SANDBOX_ACCOUNT}:rule/${name}`,
      eventPatternText: patternText,
      pattern: patternText === undefined ? undefined : parseEventPattern(patternText),
      scheduleExpression: schedule,
      description: input.Description as string | undefined,
      roleArn: input.RoleArn as string | undefined,
      state,
      targets: this.rules.get(name)?.targets ?? new Map(),
    };
    this.rules.set(name, rule);
    this.journal.record({ service: 'events', action: 'PutRule', detail: { name, eventPattern: patternText, scheduleExpression: schedule, state } });
    return { RuleArn: rule.arn };
  }

  private describe(rule: Rule): Input {
    return {
      Name: rule.name,
      Arn: rule.arn,
      EventPattern: rule.eventPatternText,
      ScheduleExpression: rule.scheduleExpression,
      State: rule.state,
      Description: rule.description,
      RoleArn: rule.roleArn,
      EventBusName: 'default',
    };
  }

  private describeRule(input: Input): Input {
    this.checkBus(input.EventBusName);
    return { ...this.describe(this.rule(input.Name)), CreatedBy: SANDBOX_ACCOUNT };
  }

  private listRules(input: Input): Input {
    this.checkBus(input.EventBusName);
    const prefix = (input.NamePrefix as string | undefined) ?? '';
    const limit = (input.Limit as number | undefined) ?? 100;
    const offset = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
    const matching = [...this.rules.values()].filter((rule) => rule.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = matching.slice(offset, offset + limit);
    return { Rules: page.map((rule) => this.describe(rule)), NextToken: offset + limit < matching.length ? String(offset + limit) : undefined };
  }

  private deleteRule(input: Input): Input {
    this.checkBus(input.EventBusName);
    const name = requireString(input.Name, 'Name');
    const rule = this.rules.get(name);
    if (!rule) return {};
    if (rule.targets.size > 0) throw validation(`Rule ${name} can't be deleted since it has targets; remove them with RemoveTargets first.`);
    this.rules.delete(name);
    this.journal.record({ service: 'events', action: 'DeleteRule', detail: { name } });
    return {};
  }

  private setRuleState(input: Input, state: Rule['state']): Input {
    this.checkBus(input.EventBusName);
    const rule = this.rule(input.Name);
    rule.state = state;
    this.journal.record({ service: 'events', action: state === 'ENABLED' ? 'EnableRule' : 'DisableRule', detail: { name: rule.name } });
    return {};
  }

  private putTargets(input: Input): Input {
    this.checkBus(input.EventBusName);
    const rule = this.rule(input.Rule);
    if (!Array.isArray(input.Targets) || input.Targets.length === 0) throw validation('Targets must be a non-empty list.');
    const targets = (input.Targets as Input[]).map((raw, index): RuleTarget => {
      const where = `Targets[${index}]`;
      const id = requireString(raw.Id, `${where}.Id`);
      if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(id))
        throw validation(`${where}.Id ${JSON.stringify(id)} is not valid: use 1 to 64 letters, digits, '.', '-' or '_'.`);
      const arn = requireString(raw.Arn, `${where}.Arn`);
      if (raw.InputTransformer !== undefined) throw validation(`${where}.InputTransformer is not supported by the sandbox; use Input or InputPath.`);
      if (raw.Input !== undefined && raw.InputPath !== undefined) throw validation(`${where} has both Input and InputPath; give at most one.`);
      if (raw.Input !== undefined && (typeof raw.Input !== 'string' || !isJsonText(raw.Input))) throw validation(`${where}.Input must be valid JSON text.`);
      if (raw.InputPath !== undefined) parseInputPath(requireString(raw.InputPath, `${where}.InputPath`));
      return {
        Id: id,
        Arn: arn,
        Input: raw.Input as string | undefined,
        InputPath: raw.InputPath as string | undefined,
        RoleArn: raw.RoleArn as string | undefined,
      };
    });
    const ids = new Set([...rule.targets.keys(), ...targets.map((target) => target.Id)]);
    if (ids.size > MAX_TARGETS_PER_RULE) {
      throw new AwsServiceError('LimitExceededException', `Rule ${rule.name} would have ${ids.size} targets; a rule can have at most ${MAX_TARGETS_PER_RULE}.`);
    }
    for (const target of targets) rule.targets.set(target.Id, target);
    this.journal.record({ service: 'events', action: 'PutTargets', detail: { rule: rule.name, targets: targets.map(({ Id, Arn }) => ({ Id, Arn })) } });
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  private listTargets(input: Input): Input {
    this.checkBus(input.EventBusName);
    return { Targets: [...this.rule(input.Rule).targets.values()] };
  }

  private removeTargets(input: Input): Input {
    this.checkBus(input.EventBusName);
    const rule = this.rule(input.Rule);
    const ids = input.Ids;
    if (!Array.isArray(ids) || ids.length === 0) throw validation('Ids must be a non-empty list of target ids.');
    for (const id of ids) rule.targets.delete(id as string);
    this.journal.record({ service: 'events', action: 'RemoveTargets', detail: { rule: rule.name, ids } });
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  private async putEvents(input: Input): Promise<Input> {
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) throw validation('Entries must hold 1 to 10 events.');
    const accepted: BusEvent[] = [];
    const results = (entries as Input[]).map((entry): Input => {
      const problem = entryProblem(entry);
      if (problem) return problem;
      const nowMs = this.clock.nowMs();
      const event: BusEvent = {
        version: '0',
        id: stableEventId('put-events', ++this.eventCount, nowMs),
        'detail-type': entry.DetailType as string,
        source: entry.Source as string,
        account: SANDBOX_ACCOUNT,
        time: formatEventTime(typeof entry.Time === 'number' ? entry.Time * 1000 : nowMs),
        region: SANDBOX_REGION,
        resources: (entry.Resources as string[] | undefined) ?? [],
        detail: JSON.parse(entry.Detail as string) as Record<string, unknown>,
      };
      accepted.push(event);
      return { EventId: event.id };
    });
    for (const event of accepted) await this.emit(event);
    return { FailedEntryCount: results.filter((result) => result.ErrorCode !== undefined).length, Entries: results };
  }

  private testEventPattern(input: Input): Input {
    const pattern = parseEventPattern(requireString(input.EventPattern, 'EventPattern'));
    const text = requireString(input.Event, 'Event');
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      throw validation('Parameter Event is not valid: it is not JSON.');
    }
    const missing = ENVELOPE_FIELDS.filter((field) => typeof (event as Input | null)?.[field] !== 'string');
    if (missing.length > 0) throw validation(`Parameter Event is not valid: it lacks the envelope field(s) ${missing.join(', ')}.`);
    return { Result: matchesEventPattern(pattern, event) };
  }
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A PutEvents entry's per-entry failure, in AWS's shape, or undefined when the entry is fine. */
function entryProblem(entry: Input): Input | undefined {
  if (entry.EventBusName !== undefined && entry.EventBusName !== 'default' && entry.EventBusName !== DEFAULT_BUS_ARN) {
    return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${String(entry.EventBusName)} does not exist.` };
  }
  for (const field of ['Source', 'DetailType', 'Detail'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '')
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
  }
  // Only AWS services may put events with an `aws.` source.
  if ((entry.Source as string).startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  if (!isJsonObject(entry.Detail as string)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  return undefined;
}
