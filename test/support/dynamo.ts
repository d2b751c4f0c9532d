import { ensureTable, startDynamo as startEmbedded } from '../../local/embedded/dynamo';
import { startDynamoDbLocal } from '../../local/embedded/dynamodb-local';
import { openTable, type Table } from '../../shared/store/table';

/**
 * The embedded DynamoDB the demo uses, one server per test file; each `freshTable` is a new
 * table with the stack's keys and index, so tests do not see each other's items. Store tests
 * run on both engines: dynalite (fast, what the demo uses) and DynamoDB Local (Amazon's
 * emulator, which enforces DynamoDB's item size limit and index read rules).
 */
export type DynamoEngine = 'dynalite' | 'dynamodb-local';
export const ENGINES: readonly DynamoEngine[] = ['dynalite', 'dynamodb-local'];

export interface EmbeddedDynamo {
  endpoint: string;
  freshTable(): Promise<Table>;
  close(): Promise<void>;
}

export async function startDynamo(engine: DynamoEngine = 'dynalite'): Promise<EmbeddedDynamo> {
  const dynamo = engine === 'dynalite' ? await startEmbedded() : await startDynamoDbLocal();
  let n = 0;
  return {
    endpoint: dynamo.endpoint,
    async freshTable() {
      const tableName = `trueup-test-${++n}`;
      await ensureTable(dynamo.endpoint, tableName);
      return openTable({ tableName, region: 'us-east-1', endpoint: dynamo.endpoint });
    },
    close: dynamo.close,
  };
}
