import { AwsServiceError } from '../http/service.js';
import type { LambdaEmulator } from './lambda-emulator.js';

/** Steady traffic against one alias. */
export interface TrafficSpec {
  readonly functionName: string;
  readonly alias: string;
  /** Invocations per second of virtual time; fractions accumulate across slices. */
  readonly ratePerSecond: number;
  /** The event each invocation receives. @default {} */
  readonly payload?: unknown;
}

/** What a traffic generator has done so far. */
export interface TrafficCounts {
  readonly invocations: number;
  /** Invocations that ended in a function error. */
  readonly functionErrors: number;
  /** Calls Lambda refused (e.g. the alias was deleted), which never reached a version. */
  readonly rejected: number;
}

/**
 * Invokes an alias at a steady rate as virtual time passes: register `onSlice` with
 * `VirtualClock.onAdvance`. Each slice gets `ratePerSecond × seconds` invocations, the
 * fractional remainder carried to the next slice, so the total never drifts from the rate.
 */
export class TrafficGenerator {
  private carry = 0;
  private counts: TrafficCounts = { invocations: 0, functionErrors: 0, rejected: 0 };

  constructor(
    private readonly emulator: LambdaEmulator,
    private readonly spec: TrafficSpec,
  ) {
    if (!Number.isFinite(spec.ratePerSecond) || spec.ratePerSecond < 0) {
      throw new RangeError(`TrafficSpec.ratePerSecond must be a number >= 0, got ${spec.ratePerSecond}.`);
    }
  }

  /** A `TimeListener`: invokes the alias for the slice `[fromMs, toMs)`. */
  readonly onSlice = async (fromMs: number, toMs: number): Promise<void> => {
    const due = this.carry + (this.spec.ratePerSecond * (toMs - fromMs)) / 1000;
    const count = Math.floor(due + 1e-9);
    this.carry = Math.max(0, due - count);
    for (let i = 0; i < count; i += 1) await this.invokeOnce();
  };

  /** Totals since the generator was created. */
  stats(): TrafficCounts {
    return this.counts;
  }

  private async invokeOnce(): Promise<void> {
    try {
      const result = await this.emulator.invoke(`${this.spec.functionName}:${this.spec.alias}`, this.spec.payload ?? {});
      this.counts = {
        ...this.counts,
        invocations: this.counts.invocations + 1,
        functionErrors: this.counts.functionErrors + (result.functionError ? 1 : 0),
      };
    } catch (error) {
      // Real clients see a 4xx and carry on; the scenario must not stop because an alias is gone.
      if (!(error instanceof AwsServiceError) || error.status >= 500) throw error;
      this.counts = { ...this.counts, rejected: this.counts.rejected + 1 };
    }
  }
}
