import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
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

/** DynamoDB Local is a Java program: without Java 17+ on PATH the store tests run on dynalite alone, and say so. */
function javaAvailable(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

export const ENGINES: readonly DynamoEngine[] = javaAvailable() ? ['dynalite', 'dynamodb-local'] : ['dynalite'];
if (!ENGINES.includes('dynamodb-local')) console.warn('No Java on PATH: store tests run on dynalite only, not also on DynamoDB Local.');

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

/**
 * For a describe block: starts `engine` before its tests, gives them one fresh table, and stops
 * it after. The fields are set once the block's beforeAll has run.
 */
export function useDynamo(engine: DynamoEngine): { endpoint: string; table: Table } {
  const db = {} as { endpoint: string; table: Table };
  let dynamo: EmbeddedDynamo | undefined;
  beforeAll(async () => {
    dynamo = await startDynamo(engine);
    db.endpoint = dynamo.endpoint;
    db.table = await dynamo.freshTable();
  });
  afterAll(async () => dynamo?.close());
  return db;
}
