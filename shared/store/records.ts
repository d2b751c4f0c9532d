import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getAll, isConditionFailure, putAll, queryAll, type Table } from './table';
import { KEYS } from './keys';

/**
 * The small once-only records: a renewal alert per agreement term, an email per kind, recipient
 * and period, the audit trail, nightly totals and per-client counts for trends.
 */

async function putOnce(table: Table, item: Record<string, unknown>): Promise<boolean> {
  try {
    await table.doc.send(new PutCommand({ TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export async function exists(table: Table, pk: string, sk: string): Promise<boolean> {
  // Strongly consistent: a sent-mail marker written a moment ago must be seen, or mail goes twice.
  const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: { pk, sk }, ProjectionExpression: 'pk', ConsistentRead: true }));
  return out.Item !== undefined;
}

export const renewalKey = (agreementKey: string, endDate: string) => ({ pk: KEYS.renewal.pk(agreementKey), sk: `END#${endDate}` });

/** One alert per agreement term: false when this term was alerted already. */
export function recordRenewalAlert(table: Table, agreementKey: string, endDate: string, detail: Record<string, unknown>): Promise<boolean> {
  return putOnce(table, { ...renewalKey(agreementKey, endDate), ...detail });
}

export const mailKey = (kind: string, recipient: string, period: string) => ({ pk: KEYS.mail.pk(kind, recipient), sk: period });

export function mailSent(table: Table, kind: string, recipient: string, period: string): Promise<boolean> {
  const k = mailKey(kind, recipient, period);
  return exists(table, k.pk, k.sk);
}

export function recordMailSent(table: Table, kind: string, recipient: string, period: string, detail: Record<string, unknown>): Promise<boolean> {
  return putOnce(table, { ...mailKey(kind, recipient, period), ...detail });
}

/**
 * Every proposal id the finance emails of one night listed to one recipient (all parts): a
 * client batch link decides only these, never a proposal its email did not show.
 */
export async function proposalsMailed(table: Table, recipient: string, runDate: string): Promise<Set<string>> {
  const items = await queryAll<{ proposals?: string[] }>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :night)',
    ExpressionAttributeValues: { ':pk': mailKey('finance', recipient, runDate).pk, ':night': runDate },
    ConsistentRead: true,
  });
  return new Set(items.flatMap((i) => i.proposals ?? []));
}

export interface AuditEntry {
  at: string;
  id: string;
  action: string;
  actor: string;
  from: string;
  proposalId?: string;
  detail: Record<string, unknown>;
}

export async function appendAudit(table: Table, entry: AuditEntry): Promise<void> {
  await putOnce(table, { pk: KEYS.audit.pk(entry.at.slice(0, 7)), sk: `${entry.at}#${entry.id}`, ...entry });
}

export async function listAudit(table: Table, month: string): Promise<AuditEntry[]> {
  return queryAll<AuditEntry>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': KEYS.audit.pk(month) } });
}

export interface NightTotals {
  runDate: string;
  unbilledCents: number;
  overbilledCents: number;
  openFindings: number;
}

export async function putNightTotals(table: Table, t: NightTotals): Promise<void> {
  await table.doc.send(new PutCommand({ TableName: table.name, Item: { pk: KEYS.history.pk(), sk: t.runDate, ...t } }));
}

export async function listNightTotals(table: Table, since: string): Promise<NightTotals[]> {
  const items = await queryAll<NightTotals>(table, {
    KeyConditionExpression: 'pk = :pk AND sk >= :since',
    ExpressionAttributeValues: { ':pk': KEYS.history.pk(), ':since': since },
  });
  return items.map(({ runDate, unbilledCents, overbilledCents, openFindings }) => ({ runDate, unbilledCents, overbilledCents, openFindings }));
}

const TREND_TTL_DAYS = 400;

export interface ClientCountsRow {
  runDate: string;
  devices: number;
  seats: number;
}

/** The whole night's counts, in a few items the completeness guard reads at once (client keys are `source:id`, so never NIGHT). */
const NIGHT_COUNTS_PK = KEYS.trend.pk('NIGHT');
/** Characters of rows per night item: well under DynamoDB's 400 KB item limit. */
const NIGHT_CHUNK_CHARS = 300_000;
/** The completeness guard looks back two weeks; a month of night items is plenty. */
const NIGHT_COUNTS_TTL_DAYS = 35;

type CountsRow = { clientKey: string; devices: number; seats: number };

/**
 * One row per client (its trend, for renewal alerts) and the whole night in chunk items (the
 * completeness guard's history for every client, without a read per client).
 */
export async function putClientCounts(table: Table, runDate: string, rows: CountsRow[]): Promise<void> {
  // A year of nightly counts is enough for any trend an alert shows; older rows expire (TTL).
  const expires = (days: number) => Math.floor(Date.parse(`${runDate}T00:00:00Z`) / 1000) + days * 86_400;
  const expiresAt = expires(TREND_TTL_DAYS);
  await putAll(table, rows.map((r) => ({ pk: KEYS.trend.pk(r.clientKey), sk: runDate, runDate, devices: r.devices, seats: r.seats, expiresAt })));
  const chunks = chunkRows(rows.map((r) => [r.clientKey, r.devices, r.seats] as const));
  // Each item names its write and how many make the night, so a re-run's chunks never mix with an earlier run's.
  const write = randomUUID();
  await putAll(table, chunks.map((rows, i) => ({ pk: NIGHT_COUNTS_PK, sk: `${runDate}#${String(i).padStart(3, '0')}`, runDate, write, chunk: i, of: chunks.length, rows, expiresAt: expires(NIGHT_COUNTS_TTL_DAYS) })));
}

function chunkRows(rows: ReadonlyArray<readonly [string, number, number]>): string[] {
  const chunks: string[][] = [[]];
  let chars = 0;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (chars + text.length > NIGHT_CHUNK_CHARS && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      chars = 0;
    }
    chunks.at(-1)!.push(text);
    chars += text.length + 1;
  }
  return chunks.map((c) => `[${c.join(',')}]`);
}

/**
 * Every client's counts for the nights from `since` to `until`, from the night items: nights
 * whose items are missing or incomplete are left out (the caller decides what that means).
 */
export async function listNightCounts(table: Table, since: string, until: string): Promise<Map<string, Map<string, ClientCountsRow>>> {
  const items = await queryAll<{ runDate: string; write: string; chunk: number; of: number; rows: string }>(table, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :since AND :until',
    ExpressionAttributeValues: { ':pk': NIGHT_COUNTS_PK, ':since': since, ':until': `${until}#~` },
  });
  const nights = new Map<string, Map<string, ClientCountsRow>>();
  for (const first of items.filter((i) => i.chunk === 0)) {
    const { runDate, write, of } = first;
    // Chunk 0 is the latest write of the night; the night counts only if all its chunks are there.
    const mine = items.filter((i) => i.runDate === runDate && i.write === write);
    if (mine.length !== of) continue;
    const byClient = new Map<string, ClientCountsRow>();
    for (const part of mine) for (const [clientKey, devices, seats] of JSON.parse(part.rows) as Array<[string, number, number]>) byClient.set(clientKey, { runDate, devices, seats });
    nights.set(runDate, byClient);
  }
  return nights;
}

export async function listClientCounts(table: Table, clientKey: string, since: string): Promise<ClientCountsRow[]> {
  const items = await queryAll<ClientCountsRow>(table, {
    KeyConditionExpression: 'pk = :pk AND sk >= :since',
    ExpressionAttributeValues: { ':pk': KEYS.trend.pk(clientKey), ':since': since },
  });
  return items.map(({ runDate, devices, seats }) => ({ runDate, devices, seats }));
}

export interface StoredRenewal {
  agreementKey: string;
  endDate: string;
  alertedOn: string;
  status: 'pending' | 'sent';
  model: Record<string, unknown>;
}

/** Renewal alerts by agreement term, strongly consistent: notify reads what reconcile just wrote. */
export async function getRenewalAlerts(table: Table, refs: ReadonlyArray<{ agreementKey: string; endDate: string }>): Promise<StoredRenewal[]> {
  const items = await getAll<StoredRenewal>(table, refs.map((r) => renewalKey(r.agreementKey, r.endDate)));
  return items.map(({ agreementKey, endDate, alertedOn, status, model }) => ({ agreementKey, endDate, alertedOn, status, model }));
}

export async function markRenewalSent(table: Table, agreementKey: string, endDate: string, messageId: string): Promise<boolean> {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: renewalKey(agreementKey, endDate),
        UpdateExpression: 'SET #s = :sent, messageId = :m',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending', ':m': messageId },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
