import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { settingsItem, type RemediationSettings } from '../schema/settings-item.js';
import { toItem } from './dynamodb-item.js';
import { TableAdapter } from './table-requests.js';

/** The account-wide remediation settings item (the deploy writes it; the sandbox at start). It is read with the global controls. */
export class SettingsTable extends TableAdapter {
  /** Records the settings. */
  async put(settings: RemediationSettings): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: toItem(settingsItem(settings)) }));
  }
}
