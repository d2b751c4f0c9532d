import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** The one table and the client that talks to it; every repository takes this. */
export interface Table {
  doc: DynamoDBDocumentClient;
  name: string;
}

export interface TableOptions {
  tableName: string;
  region: string;
  endpoint?: string;
}

export function openTable(opts: TableOptions): Table {
  const client = new DynamoDBClient({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return { doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), name: opts.tableName };
}

/** Every item of one partition, through the SDK's paginator. */
export async function queryAll<T>(table: Table, input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of paginateQuery({ client: table.doc }, { ...input, TableName: table.name })) items.push(...((page.Items ?? []) as T[]));
  return items;
}

/** BatchWrite in 25s, re-sending what DynamoDB hands back unprocessed (throttling) with backoff. */
export async function putAll(table: Table, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`DynamoDB left ${pending.length} items unwritten after ${attempt} attempts`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      const out = await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending } }));
      pending = (out.UnprocessedItems?.[table.name] ?? []) as typeof pending;
    }
  }
}

/**
 * Items by primary key, strongly consistent (what was just written is what is read), in
 * BatchGets of 100, re-asking for what DynamoDB hands back unprocessed. Absent keys are skipped.
 */
export async function getAll<T>(table: Table, keys: Array<{ pk: string; sk: string }>): Promise<T[]> {
  const items: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Array<Record<string, unknown>> = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`DynamoDB left ${pending.length} keys unread after ${attempt} attempts`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      const out = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }));
      items.push(...((out.Responses?.[table.name] ?? []) as T[]));
      pending = out.UnprocessedKeys?.[table.name]?.Keys ?? [];
    }
  }
  return items;
}

export const isConditionFailure = (err: unknown): boolean => (err as Error)?.name === 'ConditionalCheckFailedException';
