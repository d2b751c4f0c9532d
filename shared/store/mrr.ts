import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { MrrNight } from '../domain/revenue';
import { KEYS } from './keys';
import { putAll, queryAll, type Table } from './table';

/**
 * One MRR picture per night (shared/domain/revenue), gzipped JSON under pk MRR, sk
 * `<runDate>#<chunk>`: one item for any usual MSP, split by clients only past DynamoDB's item size.
 * A month reads three nights (the month's last, the month before's last, a year before's last), a
 * few small queries, never the whole history.
 */

const PK = KEYS.mrr.pk();
const MAX_CHUNK_BYTES = 350_000;
/** Thirteen months back for the trailing twelve, with room to spare. */
const MRR_TTL_DAYS = 800;

type Item = { pk: string; sk: string; runDate: string; write: string; chunk: number; of: number; body: Uint8Array };

function split(night: MrrNight): Buffer[] {
  const parts = [night.clients];
  for (;;) {
    const zipped = parts.map((clients, i) => gzipSync(JSON.stringify({ ...night, clients, ...(i > 0 ? { margins: [], notes: [] } : {}) })));
    const big = zipped.findIndex((z) => z.length > MAX_CHUNK_BYTES);
    if (big === -1) return zipped;
    const clients = parts[big]!;
    if (clients.length < 2) throw new Error(`one client's MRR row for ${night.runDate} is over ${MAX_CHUNK_BYTES} bytes gzipped`);
    parts.splice(big, 1, clients.slice(0, clients.length / 2), clients.slice(clients.length / 2));
  }
}

export async function putMrrNight(table: Table, night: MrrNight): Promise<void> {
  const chunks = split(night);
  // Each item names its write, so a re-run's chunks never mix with an earlier run's of the same night.
  const write = randomUUID();
  const expiresAt = Math.floor(Date.parse(`${night.runDate}T00:00:00Z`) / 1000) + MRR_TTL_DAYS * 86_400;
  await putAll(table, chunks.map((body, i) => ({ pk: PK, sk: `${night.runDate}#${String(i).padStart(3, '0')}`, runDate: night.runDate, write, chunk: i, of: chunks.length, body, expiresAt })));
}

async function nightAt(table: Table, runDate: string): Promise<MrrNight | null> {
  const items = await queryAll<Item>(table, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :night)', ExpressionAttributeValues: { ':pk': PK, ':night': `${runDate}#` } });
  // Chunk 0 is the latest write of the night; it counts only if all its chunks are there.
  const first = items.find((i) => i.chunk === 0);
  const mine = items.filter((i) => i.write === first?.write).sort((a, b) => a.chunk - b.chunk);
  if (!first || mine.length !== first.of) return null;
  const parts = mine.map((i) => MrrNight.parse(JSON.parse(gunzipSync(i.body).toString('utf8'))));
  return { ...parts[0]!, clients: parts.flatMap((p) => p.clients) };
}

/** The first or last night stored in a month (YYYY-MM), or null. */
async function nightIn(table: Table, month: string, which: 'first' | 'last'): Promise<MrrNight | null> {
  const items = await table.doc.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': PK, ':from': `${month}-01`, ':to': `${month}-31#~` },
      ScanIndexForward: which === 'first',
      Limit: 1,
      ProjectionExpression: 'runDate',
    }),
  );
  const runDate = (items.Items?.[0] as { runDate?: string } | undefined)?.runDate;
  return runDate ? nightAt(table, runDate) : null;
}

const monthBefore = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/**
 * The nights shared/domain/revenue mrrMonth needs for `month`: its last night, the last night of
 * the month before (else its own first night), and the last night twelve months before.
 */
export async function loadMonthNights(table: Table, month: string): Promise<MrrNight[]> {
  const [end, before, yearAgo] = await Promise.all([nightIn(table, month, 'last'), nightIn(table, monthBefore(month, 1), 'last'), nightIn(table, monthBefore(month, 12), 'last')]);
  if (!end) return [];
  const start = before ?? (await nightIn(table, month, 'first'));
  const nights = [yearAgo, start, end].filter((n): n is MrrNight => n !== null);
  return nights.filter((n, i) => nights.findIndex((m) => m.runDate === n.runDate) === i);
}
