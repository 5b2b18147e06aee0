/**
 * The seams between the sandbox's emulated services. Each service receives these in its
 * constructor, so services stay independent and the sandbox wires them together once.
 */

/** One entry of the sandbox's journal: every mutation any emulated service applied, in order. */
export interface JournalEntry {
  /** Position in the total order of the sandbox's mutations, starting at 1. */
  readonly seq: number;
  /** Virtual time of the mutation. */
  readonly atMs: number;
  /** `lambda`, `dynamodb`, `cloudwatch`, `events`, `states`. */
  readonly service: string;
  /** The API action, e.g. `UpdateAlias`, `TransactWriteItems`. */
  readonly action: string;
  /** What changed: the request's essentials (and for Lambda, the resulting state). */
  readonly detail: Record<string, unknown>;
}

/** Append-only record of mutations, used by invariant checks and for debugging. */
export interface Journal {
  record(entry: Omit<JournalEntry, 'seq' | 'atMs'>): JournalEntry;
  entries(): readonly JournalEntry[];
}

/** A single metric observation, as Lambda's service would publish it. */
export interface MetricDatum {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly timestampMs: number;
  readonly value: number;
  readonly unit?: string;
}

/** Where emulated services publish metrics (the CloudWatch emulator implements it). */
export interface MetricSink {
  putDatum(datum: MetricDatum): void;
}

/** An event on the default bus, in EventBridge's envelope shape. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

/** Where AWS services emit events (the EventBridge emulator implements it). */
export interface EventSink {
  emit(event: BusEvent): Promise<void>;
}

/** The account and region the sandbox pretends to be. */
export const SANDBOX_ACCOUNT = '000000000000';
export const SANDBOX_REGION = 'us-east-1';

/** A journal kept in memory, stamped by the given clock. */
export class MemoryJournal implements Journal {
  private readonly list: JournalEntry[] = [];
  constructor(private readonly clock: { nowMs(): number }) {}

  record(entry: Omit<JournalEntry, 'seq' | 'atMs'>): JournalEntry {
    const full: JournalEntry = { ...entry, seq: this.list.length + 1, atMs: this.clock.nowMs() };
    this.list.push(full);
    return full;
  }

  entries(): readonly JournalEntry[] {
    return this.list;
  }
}
