import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { MemoryJournal, type BusEvent } from '../../../local/contracts.js';
import { CloudWatchEmulator } from '../../../local/cloudwatch/cloudwatch-emulator.js';
import { EventBridgeEmulator } from '../../../local/eventbridge/eventbridge-emulator.js';
import { startSandboxServer, type SandboxServer } from '../../../local/http/server.js';
import { VirtualClock } from '../../../local/virtual-clock.js';

/** 2024-01-01T00:00:00Z: a minute boundary, so alarm periods line up with test minutes. */
export const T0 = Date.UTC(2024, 0, 1);

/** One delivery made by the EventBridge emulator. */
export interface Delivery {
  readonly targetArn: string;
  readonly input: string;
  readonly event: BusEvent;
}

/** CloudWatch and EventBridge emulators on one virtual clock, behind one sandbox server, with SDK clients. */
export interface CloudWatchSandbox {
  readonly clock: VirtualClock;
  readonly journal: MemoryJournal;
  readonly cloudwatch: CloudWatchEmulator;
  readonly eventbridge: EventBridgeEmulator;
  readonly deliveries: Delivery[];
  readonly cw: CloudWatchClient;
  readonly eb: EventBridgeClient;
  readonly server: SandboxServer;
  close(): Promise<void>;
}

/**
 * Starts the sandbox pair; call `close()` after the test.
 * @param failingTargets target ARNs whose delivery throws, as an unreachable target would
 */
export async function startCloudWatchSandbox(failingTargets: readonly string[] = []): Promise<CloudWatchSandbox> {
  const clock = new VirtualClock(T0);
  const journal = new MemoryJournal(clock);
  const deliveries: Delivery[] = [];
  const eventbridge = new EventBridgeEmulator({
    clock,
    journal,
    deliver: async (targetArn, input, event) => {
      if (failingTargets.includes(targetArn)) throw new Error(`target ${targetArn} is down`);
      deliveries.push({ targetArn, input, event });
    },
  });
  const cloudwatch = new CloudWatchEmulator({ clock, events: eventbridge, journal });
  const server = await startSandboxServer([cloudwatch, eventbridge]);
  const config = { endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } };
  const cw = new CloudWatchClient(config);
  const eb = new EventBridgeClient(config);
  return {
    clock,
    journal,
    cloudwatch,
    eventbridge,
    deliveries,
    cw,
    eb,
    server,
    close: async () => {
      cw.destroy();
      eb.destroy();
      await server.close();
    },
  };
}
