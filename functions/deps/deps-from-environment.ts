import { systemClock } from '../core/clock.js';
import { ulidGenerator } from '../core/ids.js';
import { DepsEnvironment } from './deps-environment.js';
import { createDeps, type DepsGroup, type DepsOf } from './deps-group.js';

/** The environment variable of each state machine's ARN, and who sets it. */
const ARN_VARIABLES = {
  'rollout state machine': { name: 'BRAID_ROLLOUT_STATE_MACHINE_ARN', setBy: 'the RolloutOnDeploy construct sets it' },
  'remediation state machine': { name: 'BRAID_REMEDIATION_STATE_MACHINE_ARN', setBy: 'the Braid construct sets it on the remediation detector' },
} as const;

/**
 * A Lambda entry point's dependencies, from the Lambda environment: `BRAID_TABLE_NAME`, the
 * state machine ARNs a starter needs, and the SDK's own configuration (region, credentials,
 * `AWS_ENDPOINT_URL_<SERVICE>`). Only the named groups are built, each dependency when first
 * read: an entry point names the services its task calls, and loads no other client.
 */
export function depsFromEnvironment<G extends DepsGroup<object>[]>(...groups: G): () => DepsOf<G> {
  return () => {
    const env = process.env;
    const tableName = env.BRAID_TABLE_NAME;
    if (!tableName) throw new Error('BRAID_TABLE_NAME is not set; the Braid construct sets it on every task function.');
    const environment = new DepsEnvironment({
      tableName,
      rolloutStateMachineArn: env.BRAID_ROLLOUT_STATE_MACHINE_ARN,
      remediationStateMachineArn: env.BRAID_REMEDIATION_STATE_MACHINE_ARN,
      clock: systemClock,
      newId: ulidGenerator(systemClock),
      missing: (what) => new Error(`${ARN_VARIABLES[what].name} is not set; ${ARN_VARIABLES[what].setBy}.`),
    });
    return createDeps(environment, ...groups);
  };
}
