import { DisableRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_KINDS } from '../../functions/core/audit.js';
import { detectIncident } from '../../functions/remediation/detect-incident.js';
import type { TaskDeps } from '../../functions/kernel/task-deps.js';
import { SANDBOX_REGION, type BusEvent } from '../../local/contracts.js';
import { SANDBOX_CREDENTIALS } from '../../local/sandbox.js';
import type { RolloutFixture } from '../support/rollout-fixture.js';
import {
  aliasNow,
  auditsOfKind,
  captureAlarmEvents,
  promoteVersion2,
  remediations,
  setErrorRate,
  settle,
  untilAlarm,
  watchedTarget,
} from '../support/remediation-fixture.js';

/** A detector whose deliveries crash at one point: the first `times` calls of `method` on one of its dependencies throw. */
function crashing<K extends 'remediationStarter' | 'incidents'>(deps: TaskDeps, part: K, method: keyof TaskDeps[K], times = 1): TaskDeps {
  let left = times;
  const real = deps[part] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const wrapped = new Proxy(real, {
    get: (target, name) => {
      const value = Reflect.get(target, name);
      if (name !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (left > 0) {
          left -= 1;
          throw new Error(`the detector crashed in ${String(method)}`);
        }
        return value.apply(target, args);
      };
    },
  });
  return { ...deps, [part]: wrapped };
}

let fixture: RolloutFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** A promoted target whose errors alarm has just gone to ALARM (with the detector's rule off), and the event. */
async function alarmedTarget(): Promise<{ fixture: RolloutFixture; event: BusEvent }> {
  const fixture = await watchedTarget();
  await promoteVersion2(fixture);
  const { sandbox } = fixture;
  // The sandbox's own rule would deliver to the detector; these tests deliver by hand, so it is turned off.
  const client = new EventBridgeClient({ endpoint: sandbox.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS });
  await client.send(new DisableRuleCommand({ Name: 'braid-remediation' }));
  client.destroy();
  const events = await captureAlarmEvents(sandbox);
  setErrorRate(sandbox, 0.3, ['2']);
  await untilAlarm(sandbox, 'ALARM');
  return { fixture, event: events.find((event) => (event.detail as { state: { value: string } }).state.value === 'ALARM')! };
}

describe('a detector that crashed mid-way', () => {
  it('starts the execution on the next delivery when the first crashed after deciding, and repairs once', async () => {
    const alarmed = await alarmedTarget();
    fixture = alarmed.fixture;
    const { sandbox } = fixture;
    await expect(detectIncident(alarmed.event, crashing(sandbox.deps, 'remediationStarter', 'start'))).rejects.toThrow(/crashed in start/);
    const [decided, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(decided).toMatchObject({ status: 'pending', decision: 'auto_repair' });
    expect(decided!.executionArn).toBeUndefined();

    expect(await detectIncident(alarmed.event, sandbox.deps)).toMatchObject({
      detections: [{ outcome: 'duplicate', operationId: decided!.operationId }],
    });
    expect(await sandbox.deps.operations.get(decided!.operationId)).toHaveProperty('executionArn');
    await settle(sandbox);

    expect(await sandbox.deps.operations.get(decided!.operationId)).toMatchObject({ status: 'converged' });
    expect(await auditsOfKind(sandbox, [decided!], AUDIT_KINDS.repairIntended)).toHaveLength(1);
    expect(await aliasNow(sandbox)).toEqual({ functionVersion: '1', weights: {} });
  });

  it('decides an incident left undecided, once a redelivery finds it over a minute old; earlier redeliveries only count', async () => {
    const alarmed = await alarmedTarget();
    fixture = alarmed.fixture;
    const { sandbox } = fixture;
    await expect(detectIncident(alarmed.event, crashing(sandbox.deps, 'incidents', 'recordDecision'))).rejects.toThrow(/crashed in recordDecision/);
    const [claimed, ...others] = await remediations(sandbox);
    expect(others).toEqual([]);
    expect(claimed).toMatchObject({ status: 'pending' });
    expect(claimed!.decision).toBeUndefined();

    // A concurrent delivery must not decide too: it might be racing a detector that is still working.
    expect(await detectIncident(alarmed.event, sandbox.deps)).toMatchObject({ detections: [{ outcome: 'duplicate' }] });
    expect(await sandbox.deps.operations.get(claimed!.operationId)).not.toHaveProperty('decision');

    await sandbox.clock.sleep(61_000);
    await detectIncident(alarmed.event, sandbox.deps);
    expect(await sandbox.deps.operations.get(claimed!.operationId)).toMatchObject({ decision: 'auto_repair', duplicatesSuppressed: 2 });
    await settle(sandbox);
    expect(await auditsOfKind(sandbox, [claimed!], AUDIT_KINDS.repairIntended)).toHaveLength(1);
  });
});
