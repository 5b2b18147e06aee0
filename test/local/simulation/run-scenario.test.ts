import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../local/scenario/load-scenario.js';
import { runScenario } from '../../../local/simulation/run-scenario.js';
import { busyCores } from '../../support/busy-cores.js';
import { dynamodbEndpoint } from '../../support/dynamodb-local.js';

describe('runScenario', () => {
  it('gives the same report, byte for byte, on an idle machine and with every core kept busy', { timeout: 300_000 }, async () => {
    // A rollout, then an alarm and its repair: Lambda tasks, callbacks, Waits and an EventBridge delivery.
    const file = 'examples/alarm-after-rollout.json';
    const scenario = await loadScenario(file);
    const options = { dynamodbEndpoint: await dynamodbEndpoint(), file };
    const idle = JSON.stringify(await runScenario(scenario, options), null, 2);
    const busy = busyCores();
    let loaded: string;
    try {
      loaded = JSON.stringify(await runScenario(scenario, options), null, 2);
    } finally {
      await busy.stop();
    }
    expect(loaded).toBe(idle);
    expect(JSON.parse(idle)).toMatchObject({
      operations: [
        { kind: 'rollout', status: 'promoted' },
        { kind: 'remediation', status: 'converged' },
      ],
    });
  });
});
