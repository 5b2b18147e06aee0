import type { RemediationStarter } from '../adapters/remediation-starter.js';
import type { RemediationTable } from '../adapters/remediation-table.js';
import type { BucketPolicy } from '../core/remediation/token-bucket.js';
import type { TaskDeps } from '../rollout/task-deps.js';

/** Account-wide remediation settings (from the Braid construct). */
export interface RemediationSettings {
  /** One token bucket shared by every target: how many repairs may run in a burst, and how fast it refills. */
  readonly globalRateLimit: BucketPolicy;
}

/** The default global limit: 10 repairs in a burst, one more every 6 minutes. */
export const DEFAULT_REMEDIATION_SETTINGS: RemediationSettings = { globalRateLimit: { capacity: 10, refillSeconds: 360 } };

/** What the remediation braid's tasks need besides the rollout tasks' dependencies. */
export interface RemediationDeps extends TaskDeps {
  readonly remediation: RemediationTable;
  /** Starts remediation executions (the detector and `braid repair`). */
  readonly starter: RemediationStarter;
  /** What applies when the table holds no settings item (the Braid construct writes one at deploy). */
  readonly settings: RemediationSettings;
}
