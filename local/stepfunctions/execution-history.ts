/** One event of an execution's history, in the shape GetExecutionHistory returns. */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  /** Virtual time, ms since the epoch (the wire carries epoch seconds). */
  readonly timestampMs: number;
  readonly type: string;
  /** The one `<type>EventDetails` member AWS sets for this type, if any. */
  readonly details?: { readonly key: string; readonly value: Record<string, unknown> };
}

/** Detail fields that carry execution data, dropped when `includeExecutionData` is false. */
const DATA_FIELDS = new Set(['input', 'output', 'parameters']);

/** The append-only history of one execution, stamped with virtual time. */
export class ExecutionHistory {
  private readonly list: HistoryEvent[] = [];

  constructor(private readonly clock: { nowMs(): number }) {}

  /**
   * Appends an event; `details` goes under AWS's member name for the type, e.g.
   * `TaskStateEntered` → `stateEnteredEventDetails`, `TaskFailed` → `taskFailedEventDetails`.
   */
  add(type: string, details?: Record<string, unknown>): void {
    const id = this.list.length + 1;
    const event: HistoryEvent = {
      id,
      previousEventId: id - 1,
      timestampMs: this.clock.nowMs(),
      type,
      details: details ? { key: detailsMember(type), value: withoutUndefined(details) } : undefined,
    };
    this.list.push(event);
  }

  events(): readonly HistoryEvent[] {
    return this.list;
  }
}

/** The wire form of an event (`timestamp` in epoch seconds, as AWS JSON 1.0 sends it). */
export function historyEventToWire(event: HistoryEvent, includeExecutionData: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = { timestamp: event.timestampMs / 1000, type: event.type, id: event.id, previousEventId: event.previousEventId };
  if (event.details) {
    wire[event.details.key] = includeExecutionData
      ? event.details.value
      : Object.fromEntries(Object.entries(event.details.value).filter(([field]) => !DATA_FIELDS.has(field)));
  }
  return wire;
}

function detailsMember(type: string): string {
  const stateEvent = /^(?:Task|Wait|Choice|Pass|Succeed|Fail|Map|Parallel)State(Entered|Exited)$/.exec(type);
  if (stateEvent) return `state${stateEvent[1]}EventDetails`;
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
