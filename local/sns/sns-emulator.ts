import type { Clock } from '../../functions/core/clock.js';
import { SANDBOX_ACCOUNT, SANDBOX_REGION, type Journal } from '../contracts.js';
import { AwsServiceError, type EmulatedService, type SandboxRequest, type SandboxResponse } from '../http/service.js';
import { messageAttributesSize, parseMessageAttributes, type MessageAttribute } from './message-attributes.js';
import { queryCall, queryErrorResponse, queryMapEntries, queryResponse, xmlElement, xmlMap, xmlText } from './query-protocol.js';

/** The SNS API version every Query request carries; it is how the sandbox tells SNS requests apart. */
export const SNS_API_VERSION = '2010-03-31';
const XMLNS = `http://sns.amazonaws.com/doc/${SNS_API_VERSION}/`;

/** SNS's limit on a message, attributes included: 256 KiB. */
export const MAX_MESSAGE_BYTES = 262_144;
const LIST_PAGE_SIZE = 100;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ARN = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
/** Printable ASCII, not starting with a space, under 100 characters: SNS's rule for subjects. */
const SUBJECT = /^[!-~][ -~]{0,98}$/;

/** One message published to a topic, kept for tests and the simulation report. */
export interface PublishedMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  /** Virtual time of the Publish. */
  readonly atMs: number;
  readonly attributes: Readonly<Record<string, MessageAttribute>>;
}

/** What the SNS emulator needs from the sandbox. */
export interface SnsEmulatorOptions {
  readonly clock: Clock;
  readonly journal: Journal;
  /** Message ids; inject a seeded source so runs replay identically. @default crypto.randomUUID */
  readonly newMessageId?: () => string;
}

interface Topic {
  readonly arn: string;
  readonly attributes: Readonly<Record<string, string>>;
}

type Handler = (params: URLSearchParams) => string | undefined;

function invalidParameter(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameter', message);
}

function topicNotFound(): AwsServiceError {
  return new AwsServiceError('NotFound', 'Topic does not exist', 404);
}

/** `arn:aws:sns:us-east-1:000000000000:<name>`, the ARN the sandbox gives topic `name`. */
export function snsTopicArn(name: string): string {
  return `arn:aws:sns:${SANDBOX_REGION}:${SANDBOX_ACCOUNT}:${name}`;
}

/**
 * Amazon SNS for the sandbox: standard topics and Publish, over the AWS Query protocol
 * (form-encoded `POST /` with `Version=2010-03-31`, XML answers), as `@aws-sdk/client-sns`
 * speaks it. There are no subscriptions: published messages are journaled and kept in memory
 * ({@link SnsEmulator.published}) for tests and the simulation report.
 */
export class SnsEmulator implements EmulatedService {
  readonly endpointId = 'SNS';
  private readonly clock: Clock;
  private readonly journal: Journal;
  private readonly newMessageId: () => string;
  private readonly topics = new Map<string, Topic>();
  private readonly messages: PublishedMessage[] = [];
  private readonly handlers: Readonly<Record<string, Handler>> = {
    CreateTopic: (params) => xmlText('TopicArn', this.createTopicFrom(params)),
    DeleteTopic: (params) => this.deleteTopic(params),
    ListTopics: (params) => this.listTopics(params),
    GetTopicAttributes: (params) => this.getTopicAttributes(params),
    Publish: (params) => xmlText('MessageId', this.publish(params)),
  };

  constructor(options: SnsEmulatorOptions) {
    this.clock = options.clock;
    this.journal = options.journal;
    this.newMessageId = options.newMessageId ?? (() => crypto.randomUUID());
  }

  accepts(request: SandboxRequest): boolean {
    return queryCall(request, SNS_API_VERSION) !== undefined;
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    const requestId = crypto.randomUUID();
    const call = queryCall(request, SNS_API_VERSION);
    try {
      const handler = call ? this.handlers[call.action] : undefined;
      if (!call || !handler) {
        throw new AwsServiceError(
          'InvalidAction',
          `Could not find operation ${call?.action ?? ''} for version ${SNS_API_VERSION}: the sandbox's SNS implements ${Object.keys(this.handlers).join(', ')}.`,
        );
      }
      return queryResponse(call.action, XMLNS, requestId, handler(call.params));
    } catch (error) {
      const awsError = error instanceof AwsServiceError ? error : new AwsServiceError('InternalError', `Sandbox internal error: ${String(error)}`, 500);
      return queryErrorResponse(awsError, XMLNS, requestId);
    }
  }

  /** Creates a standard topic (or finds the one with that name) for sandbox setup; returns its ARN. */
  createTopic(name: string): string {
    return this.ensureTopic(name, {});
  }

  /** Messages published so far, in order; only those to `topicArn` when given. */
  published(topicArn?: string): readonly PublishedMessage[] {
    return topicArn === undefined ? [...this.messages] : this.messages.filter((message) => message.topicArn === topicArn);
  }

  private ensureTopic(name: string, attributes: Record<string, string>): string {
    if (!TOPIC_NAME.test(name)) throw invalidParameter('Invalid parameter: Topic Name');
    if (attributes.FifoTopic === 'true') {
      throw invalidParameter(
        `Invalid parameter: Attributes Reason: the sandbox does not emulate FIFO topics (FifoTopic=true for '${name}'); use a standard topic.`,
      );
    }
    const arn = snsTopicArn(name);
    const existing = this.topics.get(arn);
    if (existing) {
      // SNS's CreateTopic is idempotent only for the same attributes.
      const same = Object.entries(attributes).every(([key, value]) => existing.attributes[key] === value);
      if (!same) throw invalidParameter('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
      return arn;
    }
    this.topics.set(arn, { arn, attributes });
    this.journal.record({ service: 'sns', action: 'CreateTopic', detail: { topicArn: arn, attributes } });
    return arn;
  }

  private createTopicFrom(params: URLSearchParams): string {
    const attributes = Object.fromEntries(queryMapEntries(params, 'Attributes').map((entry) => [entry.key ?? '', entry.value ?? '']));
    return this.ensureTopic(params.get('Name') ?? '', attributes);
  }

  private topicArnParam(params: URLSearchParams): string {
    const arn = params.get('TopicArn');
    if (arn === null || !TOPIC_ARN.test(arn)) throw invalidParameter('Invalid parameter: TopicArn');
    return arn;
  }

  private existingTopic(params: URLSearchParams): Topic {
    const topic = this.topics.get(this.topicArnParam(params));
    if (!topic) throw topicNotFound();
    return topic;
  }

  private deleteTopic(params: URLSearchParams): undefined {
    const arn = this.topicArnParam(params);
    // DeleteTopic is idempotent on AWS: deleting a missing topic succeeds.
    if (this.topics.delete(arn)) this.journal.record({ service: 'sns', action: 'DeleteTopic', detail: { topicArn: arn } });
    return undefined;
  }

  private listTopics(params: URLSearchParams): string {
    const token = params.get('NextToken');
    const start = token === null ? 0 : Number(token);
    if (!Number.isInteger(start) || start < 0 || start > this.topics.size) throw invalidParameter('Invalid parameter: NextToken');
    const arns = [...this.topics.keys()];
    const page = arns.slice(start, start + LIST_PAGE_SIZE);
    const next = start + LIST_PAGE_SIZE < arns.length ? String(start + LIST_PAGE_SIZE) : undefined;
    return xmlElement('Topics', ...page.map((arn) => xmlElement('member', xmlText('TopicArn', arn)))) + xmlText('NextToken', next);
  }

  private getTopicAttributes(params: URLSearchParams): string {
    const topic = this.existingTopic(params);
    const attributes = {
      DisplayName: '',
      ...topic.attributes,
      TopicArn: topic.arn,
      Owner: SANDBOX_ACCOUNT,
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
    };
    return xmlMap('Attributes', attributes);
  }

  /** Validates in SNS's order (required members, subject, message, attributes, size, topic) and records the message. */
  private publish(params: URLSearchParams): string {
    const message = params.get('Message');
    if (message === null) {
      throw new AwsServiceError(
        'ValidationError',
        "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null",
      );
    }
    if (params.has('TargetArn') || params.has('PhoneNumber')) {
      throw invalidParameter('Invalid parameter: the sandbox publishes to topics only; use TopicArn instead of TargetArn or PhoneNumber.');
    }
    if (!params.has('TopicArn')) throw invalidParameter('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
    const subject = params.get('Subject') ?? undefined;
    if (subject !== undefined && !SUBJECT.test(subject)) throw invalidParameter('Invalid parameter: Subject');
    if (message === '') throw invalidParameter('Invalid parameter: Empty message');
    checkMessageStructure(params.get('MessageStructure'), message);
    const attributes = parseMessageAttributes(queryMapEntries(params, 'MessageAttributes'));
    if (Buffer.byteLength(message) + messageAttributesSize(attributes) > MAX_MESSAGE_BYTES) throw invalidParameter('Invalid parameter: Message too long');
    const topic = this.existingTopic(params);

    const messageId = this.newMessageId();
    const published: PublishedMessage = {
      messageId,
      topicArn: topic.arn,
      ...(subject === undefined ? {} : { subject }),
      message,
      atMs: this.clock.nowMs(),
      attributes,
    };
    this.messages.push(published);
    this.journal.record({ service: 'sns', action: 'Publish', detail: { topicArn: topic.arn, subject, message, messageId } });
    return messageId;
  }
}

/** `MessageStructure=json` needs a JSON object with a `default` string, as SNS checks. */
function checkMessageStructure(structure: string | null, message: string): void {
  if (structure === null) return;
  if (structure !== 'json') throw invalidParameter('Invalid parameter: MessageStructure');
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Invalid parameter: Message Structure - JSON message body failed to parse');
  }
  if (parsed === null || typeof parsed !== 'object' || typeof (parsed as Record<string, unknown>).default !== 'string') {
    throw invalidParameter('Invalid parameter: Message Structure - No default entry in JSON message body');
  }
}
