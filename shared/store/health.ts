import { KEYS } from './keys';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../domain/dates';
import { HealthPoint, type HealthScore } from '../domain/health/score';
import { QBR_KEEP_DAYS, QbrPack } from '../domain/qbr';
import { putAll, queryAll, type Table } from './table';

/**
 * Client health history (one small item per client and night, for the trend) and the night's
 * QBR packs (one per client and night, for the read-only link and `trueup qbr`).
 */

/** A year and a bit of nightly scores: every trend an alert or pack shows. */
const HEALTH_TTL_DAYS = 400;

export const healthKey = (clientKey: string, runDate: string) => ({ pk: KEYS.health.pk(clientKey), sk: runDate });
export const qbrKey = (clientKey: string, runDate: string) => ({ pk: KEYS.qbr.pk(clientKey), sk: runDate });

const expiresAt = (runDate: string, days: number) => Math.floor(Date.parse(`${addDays(runDate, days)}T00:00:00Z`) / 1000);

export async function putHealthScores(table: Table, runDate: string, scores: readonly HealthScore[]): Promise<void> {
  await putAll(
    table,
    scores.map((s) => ({
      ...healthKey(s.clientKey, runDate),
      runDate,
      score: s.score,
      colour: s.colour,
      coveragePct: s.coveragePct,
      // Each part's score only: enough to say which part moved, small enough for thousands of clients a night.
      parts: Object.fromEntries(s.components.map((c) => [c.key, c.score])),
      expiresAt: expiresAt(runDate, HEALTH_TTL_DAYS),
    })),
  );
}

/** A client's nightly scores from `since` on, oldest first. */
export async function listHealthHistory(table: Table, clientKey: string, since: string): Promise<HealthPoint[]> {
  const items = await queryAll<Record<string, unknown>>(table, {
    KeyConditionExpression: 'pk = :pk AND sk >= :since',
    ExpressionAttributeValues: { ':pk': healthKey(clientKey, since).pk, ':since': since },
  });
  return items.map((i) => HealthPoint.parse({ runDate: i.runDate, score: i.score, colour: i.colour }));
}

export async function putQbrPacks(table: Table, packs: readonly QbrPack[]): Promise<void> {
  await putAll(table, packs.map((p) => ({ ...qbrKey(p.clientKey, p.runDate), runDate: p.runDate, pack: JSON.stringify(p), expiresAt: expiresAt(p.runDate, QBR_KEEP_DAYS) })));
}

/** The pack of one night, or the newest when no night is named; null when there is none. */
export async function getQbrPack(table: Table, clientKey: string, runDate?: string): Promise<QbrPack | null> {
  if (runDate) {
    const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: qbrKey(clientKey, runDate) }));
    return out.Item ? QbrPack.parse(JSON.parse(String(out.Item.pack))) : null;
  }
  const out = await table.doc.send(new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': KEYS.qbr.pk(clientKey) }, ScanIndexForward: false, Limit: 1 }));
  const item = out.Items?.[0];
  return item ? QbrPack.parse(JSON.parse(String(item.pack))) : null;
}
