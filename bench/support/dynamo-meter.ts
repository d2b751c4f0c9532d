import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Table } from '../../shared/store/table';

/** Requests, consumed capacity and item bytes written, per DynamoDB operation. */
export interface OperationCount {
  requests: number;
  capacityUnits: number;
  itemsWritten: number;
  bytesWritten: number;
}

export interface Written {
  items: number;
  bytes: number;
  units: number;
}

export interface DynamoTake {
  /** By operation (PutItem, Query, ...). */
  operations: Map<string, OperationCount>;
  /** Items, bytes and write units (one per started KB of each item), by the partition key's kind (SNAP, FINDINGS, ...). */
  written: Map<string, Written>;
}

export interface DynamoMeter {
  /** Counts since the last take(); then starts again. */
  take(): DynamoTake;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
export const isWrite = (operation: string) => WRITES.has(operation);

type Input = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

/**
 * Meters every command the table's client sends, through its middleware stack: the app's own
 * requests, unchanged except that each asks for ReturnConsumedCapacity TOTAL so the embedded
 * DynamoDB (dynalite) reports the capacity units it would charge.
 */
export function meterDynamo(table: Table): DynamoMeter {
  let counts = new Map<string, OperationCount>();
  let written = new Map<string, Written>();
  const stack = table.doc.middlewareStack;
  stack.add(
    (next) => async (args) => {
      const input = args.input as Input;
      input.ReturnConsumedCapacity ??= 'TOTAL';
      return next(args);
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  // At the build step the document client has marshalled the input into AttributeValues.
  stack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      const items = writtenItems(operation, args.input as Input);
      const out = await next(args);
      const count = counts.get(operation) ?? { requests: 0, capacityUnits: 0, itemsWritten: 0, bytesWritten: 0 };
      count.requests++;
      count.capacityUnits += capacityOf((out.output as Input).ConsumedCapacity);
      for (const item of items) {
        const bytes = itemBytes(item);
        count.itemsWritten++;
        count.bytesWritten += bytes;
        const kind = item.pk?.S?.split('#')[0] ?? '?';
        const w = written.get(kind) ?? { items: 0, bytes: 0, units: 0 };
        w.items++;
        w.bytes += bytes;
        w.units += Math.max(1, Math.ceil(bytes / 1024));
        written.set(kind, w);
      }
      counts.set(operation, count);
      return out;
    },
    { step: 'build', name: 'benchMeter' },
  );
  return {
    take() {
      const taken = { operations: counts, written };
      counts = new Map();
      written = new Map();
      return taken;
    },
  };
}

function writtenItems(operation: string, input: Input): Item[] {
  if (operation === 'PutItem') return [input.Item as Item];
  if (operation === 'UpdateItem') return [{ ...(input.Key as Item), ...((input.ExpressionAttributeValues ?? {}) as Item) }];
  if (operation === 'BatchWriteItem')
    return Object.values(input.RequestItems as Record<string, Array<{ PutRequest?: { Item: Item } }>>).flatMap((reqs) => reqs.flatMap((r) => (r.PutRequest ? [r.PutRequest.Item] : [])));
  return [];
}

function capacityOf(consumed: unknown): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((n: number, c: { CapacityUnits?: number }) => n + (c.CapacityUnits ?? 0), 0);
}

/**
 * An item's size as DynamoDB bills it: attribute names plus values (UTF-8 strings, binary bytes,
 * about one byte per two digits of a number, 3 bytes of overhead per list or map and one per
 * element). An UpdateItem is sized by its key and new values, a lower bound of the item it leaves.
 */
export function itemBytes(item: Item): number {
  return Object.entries(item).reduce((n, [name, value]) => n + Buffer.byteLength(name) + valueBytes(value), 0);
}

function valueBytes(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/[-.]/g, '').replace(/^0+/, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.byteLength;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS !== undefined) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS !== undefined) return v.NS.reduce((n, s) => n + valueBytes({ N: s }), 0);
  if (v.BS !== undefined) return v.BS.reduce((n, b) => n + b.byteLength, 0);
  if (v.L !== undefined) return 3 + v.L.reduce((n, x) => n + 1 + valueBytes(x), 0);
  if (v.M !== undefined) return 3 + Object.entries(v.M).reduce((n, [k, x]) => n + 1 + Buffer.byteLength(k) + valueBytes(x), 0);
  return 0;
}
