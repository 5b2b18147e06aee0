import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudwatchDeps } from '../../../functions/deps/cloudwatch-deps.js';
import { depsFromEnvironment } from '../../../functions/deps/deps-from-environment.js';
import { DepsEnvironment, type ClientConfig, type DepsOptions, type ServiceClients } from '../../../functions/deps/deps-environment.js';
import { createDeps } from '../../../functions/deps/deps-group.js';
import { lambdaDeps } from '../../../functions/deps/lambda-deps.js';
import { stepFunctionsDeps } from '../../../functions/deps/stepfunctions-deps.js';
import { tableDeps } from '../../../functions/deps/table-deps.js';
import { DEFAULT_REMEDIATION_SETTINGS } from '../../../functions/schema/settings-item.js';
import { dynamodbEndpoint } from '../../support/dynamodb-local.js';

/** An environment that notes every client it makes. */
class CountingEnvironment extends DepsEnvironment {
  readonly services: (keyof ServiceClients)[] = [];

  override client<S extends keyof ServiceClients>(service: S, make: (config: ClientConfig) => ServiceClients[S]): ServiceClients[S] {
    return super.client(service, (config) => {
      this.services.push(service);
      return make(config);
    });
  }
}

const local: ClientConfig = { endpoint: await dynamodbEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
const options = (more: Partial<DepsOptions> = {}): DepsOptions => ({
  tableName: 'none',
  clock: { nowMs: () => 0 },
  newId: () => 'id',
  clientConfig: local,
  ...more,
});

describe('createDeps', () => {
  it('makes nothing until a dependency is read, then one client per service, shared by that service’s adapters', () => {
    const env = new CountingEnvironment(options());
    const deps = createDeps(env, tableDeps, lambdaDeps, cloudwatchDeps);
    expect(env.services).toEqual([]);
    expect(deps.registry).toBe(deps.registry);
    expect(env.services).toEqual(['dynamodb']);
    void deps.leases;
    void deps.operations;
    expect(env.services).toEqual(['dynamodb']);
    void deps.alarms;
    expect(env.services).toEqual(['dynamodb', 'cloudwatch']);
    expect(deps.defaultSettings).toBe(DEFAULT_REMEDIATION_SETTINGS);
    env.destroy();
  });

  it('uses the clients it is given and leaves them open when it destroys the ones it made', async () => {
    const given = new DynamoDBClient(local);
    const env = new CountingEnvironment(options({ clients: { dynamodb: given } }));
    const deps = createDeps(env, tableDeps, cloudwatchDeps);
    void deps.alarms;
    // The given client works: the table does not exist, which DynamoDB Local says.
    await expect(deps.registry.get('t')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(env.services).toEqual(['cloudwatch']);
    env.destroy();
    await expect(deps.registry.get('t')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    given.destroy();
  });

  it('fails to start a braid whose state machine it was not given, with the error the environment names', () => {
    const deps = createDeps(new DepsEnvironment(options({ rolloutStateMachineArn: 'arn:aws:states:us-east-1:1:stateMachine:r' })), stepFunctionsDeps);
    expect(deps.rolloutStarter).toBeDefined();
    expect(() => deps.remediationStarter).toThrow("The remediation state machine's ARN is not configured.");
    const named = createDeps(new DepsEnvironment(options({ missing: (what) => new Error(`no ${what}`) })), stepFunctionsDeps);
    expect(() => named.rolloutStarter).toThrow('no rollout state machine');
  });
});

describe('depsFromEnvironment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('needs BRAID_TABLE_NAME, and names the variable of a state machine ARN it needs and lacks', () => {
    delete process.env.BRAID_TABLE_NAME;
    expect(depsFromEnvironment(tableDeps)).toThrow('BRAID_TABLE_NAME is not set; the Braid construct sets it on every task function.');
    process.env.BRAID_TABLE_NAME = 'braid';
    delete process.env.BRAID_REMEDIATION_STATE_MACHINE_ARN;
    const deps = depsFromEnvironment(tableDeps, stepFunctionsDeps)();
    expect(deps.registry.tableName).toBe('braid');
    expect(() => deps.remediationStarter).toThrow('BRAID_REMEDIATION_STATE_MACHINE_ARN is not set; the Braid construct sets it on the remediation detector.');
  });
});
