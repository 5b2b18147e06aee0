import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AuditTrail } from '../adapters/audit-trail.js';
import { BreakerTable } from '../adapters/breaker-table.js';
import { CommandTable } from '../adapters/command-table.js';
import { ControlReader } from '../adapters/control-reader.js';
import { EscalationTable } from '../adapters/escalation-table.js';
import { HoldTable } from '../adapters/hold-table.js';
import { IncidentTable } from '../adapters/incident-table.js';
import { KillSwitchTable } from '../adapters/kill-switch-table.js';
import { KnownGoodTable } from '../adapters/known-good-table.js';
import { LeaseTable } from '../adapters/lease-table.js';
import { OperationTable } from '../adapters/operation-table.js';
import { SettingsTable } from '../adapters/settings-table.js';
import { TargetRegistry } from '../adapters/target-registry.js';
import type { TableDeps } from '../kernel/task-deps.js';
import { depsGroup } from './deps-group.js';

/** Braid's table, one adapter per record kind, on one DynamoDB client. */
export const tableDeps = depsGroup<TableDeps>((env) => {
  const adapter =
    <A>(Adapter: new (client: DynamoDBClient, tableName: string) => A) =>
    () =>
      new Adapter(
        env.client('dynamodb', (config) => new DynamoDBClient(config)),
        env.tableName,
      );
  return {
    registry: adapter(TargetRegistry),
    leases: adapter(LeaseTable),
    operations: adapter(OperationTable),
    commands: adapter(CommandTable),
    audit: adapter(AuditTrail),
    holds: adapter(HoldTable),
    incidents: adapter(IncidentTable),
    controls: adapter(ControlReader),
    killSwitches: adapter(KillSwitchTable),
    breakers: adapter(BreakerTable),
    knownGood: adapter(KnownGoodTable),
    escalations: adapter(EscalationTable),
    settings: adapter(SettingsTable),
  };
});
