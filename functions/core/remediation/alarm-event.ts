import * as z from 'zod/mini';
import { BraidError, describeIssues, type InputIssue } from '../errors.js';
import { parseInput } from '../input-issues.js';
import { parseAlarmTimestamp } from './alarm-timestamp.js';

/** The state of an alarm: the only values CloudWatch uses. */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** A "CloudWatch Alarm State Change" event reduced to what the remediation braid decides on. */
export interface AlarmEvent {
  /** EventBridge's event id: for logs only, since redeliveries may carry a different one. */
  readonly eventId: string;
  readonly account: string;
  readonly region: string;
  readonly alarmName: string;
  /** `resources[0]` when it is a CloudWatch alarm ARN. */
  readonly alarmArn?: string;
  readonly state: { readonly value: AlarmStateValue; readonly reason?: string; readonly timestampMs: number };
  readonly previousState?: { readonly value: AlarmStateValue; readonly timestampMs: number };
  /** The envelope's `time`: when EventBridge saw the change. */
  readonly eventTimeMs: number;
}

/** The only `source` and `detail-type` the remediation braid reacts to. */
export const ALARM_EVENT_SOURCE = 'aws.cloudwatch';
/** @see ALARM_EVENT_SOURCE */
export const ALARM_EVENT_DETAIL_TYPE = 'CloudWatch Alarm State Change';

/** The input is not a well-formed "CloudWatch Alarm State Change" event; nothing was done. */
export class MalformedEventError extends BraidError {
  readonly code = 'Braid.MalformedEvent';
  readonly fault = 'user';

  constructor(
    readonly issues: readonly InputIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `Malformed CloudWatch alarm event: ${describeIssues(issues, MAX_REPORTED_ISSUES)}. Send the EventBridge event itself ` +
        `(source "${ALARM_EVENT_SOURCE}", detail-type "${ALARM_EVENT_DETAIL_TYPE}"), as AWS delivers it.`,
      options,
    );
  }
}

/** A well-formed EventBridge event that is not an alarm state change (a rule matches too much). */
export class ForeignEventError extends BraidError {
  readonly code = 'Braid.ForeignEvent';
  readonly fault = 'user';
  readonly issues: readonly InputIssue[];

  constructor(
    readonly source: string,
    readonly detailType: string,
  ) {
    super(
      `Not a CloudWatch alarm state change: source ${JSON.stringify(source)}, detail-type ${JSON.stringify(detailType)}. ` +
        `The remediation braid only takes source "${ALARM_EVENT_SOURCE}" with detail-type "${ALARM_EVENT_DETAIL_TYPE}"; narrow the EventBridge rule's pattern.`,
    );
    this.issues = [
      ...(source === ALARM_EVENT_SOURCE ? [] : [{ path: 'source', message: `must be "${ALARM_EVENT_SOURCE}", got ${JSON.stringify(source)}` }]),
      ...(detailType === ALARM_EVENT_DETAIL_TYPE
        ? []
        : [{ path: 'detail-type', message: `must be "${ALARM_EVENT_DETAIL_TYPE}", got ${JSON.stringify(detailType)}` }]),
    ];
  }
}

/** No registered target watches the alarm that changed state. */
export class UnknownAlarmError extends BraidError {
  readonly code = 'Braid.UnknownAlarm';
  readonly fault = 'user';

  constructor(readonly alarmName: string) {
    super(
      `No registered target has alarm ${JSON.stringify(alarmName)} in its remediation runbook. ` +
        `Add it to a target's runbook (alarmNames) and deploy, or narrow the EventBridge rule to the alarms Braid repairs.`,
    );
  }
}

/** Caps that keep hostile input cheap: CloudWatch's own limits are far lower (reason 1,023, reasonData 4,000). */
const MAX_TEXT = 10_000;
const MAX_RESOURCES = 100;
const MAX_IDENTIFIER = 2_048;
/** Issues named in one error message; more would only make the message unreadable. */
const MAX_REPORTED_ISSUES = 10;
const ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/;

const timestamp = z.string().check(
  z.maxLength(64),
  z.refine((text) => parseAlarmTimestamp(text) !== undefined, {
    message: 'must be a timestamp like 2026-01-01T00:05:00.000+0000 (or ISO 8601 with Z or +00:00)',
  }),
);

const envelopeSchema = z.object({
  version: z.string().check(z.maxLength(16)),
  id: z.string().check(z.minLength(1), z.maxLength(256)),
  'detail-type': z.string().check(z.maxLength(256)),
  source: z.string().check(z.maxLength(256)),
  account: z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id')),
  time: timestamp,
  region: z.string().check(z.regex(/^[a-z0-9-]{1,32}$/, 'must be an AWS region such as us-east-1')),
  resources: z.array(z.string().check(z.maxLength(MAX_IDENTIFIER))).check(z.maxLength(MAX_RESOURCES)),
  detail: z.unknown(),
});

const stateSchema = z.object({
  value: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
  reason: z.optional(z.string().check(z.maxLength(MAX_TEXT))),
  reasonData: z.optional(z.string().check(z.maxLength(MAX_TEXT))),
  timestamp,
});

const detailSchema = z.object({
  alarmName: z.string().check(z.minLength(1), z.maxLength(255)),
  state: stateSchema,
  previousState: z.optional(stateSchema),
  configuration: z.optional(z.unknown()),
});

/**
 * Validates an EventBridge "CloudWatch Alarm State Change" event and reduces it to an
 * {@link AlarmEvent}. Fields AWS adds later are ignored; known fields must have the right types.
 * Throws only {@link MalformedEventError} or {@link ForeignEventError}, whatever the input.
 */
export function parseAlarmEvent(input: unknown): AlarmEvent {
  let envelope: z.infer<typeof envelopeSchema>;
  let detail: z.infer<typeof detailSchema>;
  try {
    const parsedEnvelope = parseInput(envelopeSchema, input);
    if (!parsedEnvelope.success) throw new MalformedEventError(parsedEnvelope.issues);
    envelope = parsedEnvelope.data;
    if (envelope.source !== ALARM_EVENT_SOURCE || envelope['detail-type'] !== ALARM_EVENT_DETAIL_TYPE) {
      throw new ForeignEventError(envelope.source, envelope['detail-type']);
    }
    const parsedDetail = parseInput(detailSchema, envelope.detail, { prefix: ['detail'] });
    if (!parsedDetail.success) throw new MalformedEventError(parsedDetail.issues);
    detail = parsedDetail.data;
  } catch (error) {
    if (error instanceof MalformedEventError || error instanceof ForeignEventError) throw error;
    // Exotic input (a getter or proxy that throws while being read) is still just a bad event.
    throw new MalformedEventError([{ path: '', message: 'could not be read as an event object' }], { cause: error });
  }
  const alarmArn = envelope.resources[0];
  return {
    eventId: envelope.id,
    account: envelope.account,
    region: envelope.region,
    alarmName: detail.alarmName,
    ...(alarmArn !== undefined && ALARM_ARN.test(alarmArn) ? { alarmArn } : {}),
    state: {
      value: detail.state.value,
      ...(detail.state.reason !== undefined ? { reason: detail.state.reason } : {}),
      timestampMs: parseAlarmTimestamp(detail.state.timestamp) as number,
    },
    ...(detail.previousState
      ? { previousState: { value: detail.previousState.value, timestampMs: parseAlarmTimestamp(detail.previousState.timestamp) as number } }
      : {}),
    eventTimeMs: parseAlarmTimestamp(envelope.time) as number,
  };
}
