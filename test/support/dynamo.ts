import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { openTable, type Table } from '../../shared/store/table';

/**
 * An in-memory DynamoDB (dynalite) on 127.0.0.1 with the one table the stacks create: pk/sk
 * plus gsi1 (gsi1pk/gsi1sk). One server per test file; each call to `freshTable` makes a new
 * table so tests do not see each other's items.
 */
export interface EmbeddedDynamo {
  endpoint: string;
  freshTable(): Promise<Table>;
  close(): Promise<void>;
}

// dynalite ships no types; this is the one call it is used through.
const dynalite = createRequire(import.meta.url)('dynalite') as (opts: Record<string, number>) => Server;

export async function startDynamo(): Promise<EmbeddedDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let n = 0;
  return {
    endpoint,
    async freshTable() {
      const tableName = `trueup-test-${++n}`;
      const s = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [s('pk'), s('sk'), s('gsi1pk'), s('gsi1sk')],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'gsi1',
              KeySchema: [
                { AttributeName: 'gsi1pk', KeyType: 'HASH' },
                { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
      return openTable({ tableName, region: 'us-east-1', endpoint });
    },
    close: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        server.close(() => resolve());
      }),
  };
}
