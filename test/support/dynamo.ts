import { ensureTable, startDynamo as startEmbedded } from '../../local/embedded/dynamo';
import { openTable, type Table } from '../../shared/store/table';

/**
 * The embedded DynamoDB the demo uses, one server per test file; each `freshTable` is a new
 * table with the stack's keys and index, so tests do not see each other's items.
 */
export interface EmbeddedDynamo {
  endpoint: string;
  freshTable(): Promise<Table>;
  close(): Promise<void>;
}

export async function startDynamo(): Promise<EmbeddedDynamo> {
  const dynamo = await startEmbedded();
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
