import { LambdaClient } from '@aws-sdk/client-lambda';
import { MemoryJournal, type MetricDatum } from '../../../local/contracts.js';
import { startSandboxServer, type SandboxServer } from '../../../local/http/server.js';
import { LambdaEmulator } from '../../../local/lambda/lambda-emulator.js';
import { SeededRandom } from '../../../local/random.js';
import { VirtualClock } from '../../../local/virtual-clock.js';

/** A Lambda emulator behind a sandbox server, with the sinks it writes to, for tests. */
export interface LambdaFixture {
  readonly emulator: LambdaEmulator;
  readonly clock: VirtualClock;
  readonly journal: MemoryJournal;
  readonly metrics: MetricDatum[];
  readonly server: SandboxServer;
  readonly client: LambdaClient;
  close(): Promise<void>;
}

/** Starts an emulator with a seeded generator and a real SDK client pointed at it. */
export async function startLambdaFixture(seed = 42): Promise<LambdaFixture> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const journal = new MemoryJournal(clock);
  const metrics: MetricDatum[] = [];
  const emulator = new LambdaEmulator({ clock, random: new SeededRandom(seed), metrics: { putDatum: (d) => metrics.push(d) }, journal });
  const server = await startSandboxServer([emulator]);
  const client = new LambdaClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
  return {
    emulator,
    clock,
    journal,
    metrics,
    server,
    client,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
