import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, ensureTable, startDynamo } from '../../../local/embedded/dynamo';
import { openTable, putAll, queryAll } from '../../../shared/store/table';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trueup-dynamo-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('the embedded DynamoDB on disk', () => {
  it('keeps items between runs', async () => {
    const path = join(dir, 'kept');
    const first = await startDynamo(0, path);
    await ensureTable(first.endpoint, 'trueup-local');
    await putAll(openTable({ tableName: 'trueup-local', region: 'us-east-1', endpoint: first.endpoint }), [{ pk: 'P', sk: 'S', n: 1 }]);
    await first.close();
    const second = await startDynamo(0, path);
    try {
      await ensureTable(second.endpoint, 'trueup-local');
      const table = openTable({ tableName: 'trueup-local', region: 'us-east-1', endpoint: second.endpoint });
      expect(await queryAll(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'P' } })).toEqual([{ pk: 'P', sk: 'S', n: 1 }]);
    } finally {
      await second.close();
    }
  });

  it('refuses plainly when another live process has the folder, and takes over a stale lock', async () => {
    const path = join(dir, 'locked');
    await writeFile(`${path}.pid`, String(process.ppid));
    await expect(startDynamo(0, path)).rejects.toThrow(DatabaseInUseError);
    await writeFile(`${path}.pid`, '4194303');
    const dynamo = await startDynamo(0, path);
    expect(await readFile(`${path}.pid`, 'utf8')).toBe(String(process.pid));
    await dynamo.close();
  });
});
