import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../domain/dates';
import { Snapshot, type QuarantinedRecord, type SourceRole, type VendorKind, type WorkRead } from '../domain/model';
import type { WorkPull } from '../domain/work';
import { isConditionFailure, putAll, queryAll, type Table } from './table';
import { KEYS } from './keys';
import { timed, timedSync, type Timings } from '../timings';

/**
 * Snapshots are stored per source, night and client as gzipped JSON chunks (DESIGN.md): a
 * 100,000-device MSP writes a few thousand items a night, not one per device. Chunks expire
 * through the table's TTL; the run manifest says which sources arrived.
 */

const MAX_CHUNK_BYTES = 350_000; // DynamoDB items stop at 400 KB.
/** Quarantine reasons are our own validation messages; one past this is a vendor payload echoed. */
const MAX_REASON_CHARS = 1_000;
const SNAPSHOT_TTL_DAYS = 120;

export interface ManifestEntry {
  sourceId: string;
  kind: VendorKind;
  role: SourceRole;
  state: 'stored' | 'failed';
  at: string;
  /** `seats` (active Pax8 quantity) is absent on nights stored before the completeness guard. */
  counts?: { clients: number; agreements: number; devices: number; subscriptions: number; quarantined: number; seats?: number };
  /** The work set stored with the snapshot (labor leakage), when the source reads it: how it was read and its size. */
  work?: WorkRead & { timeEntries: number; tickets: number; invoices: number };
  requests?: number;
  error?: string;
  warnings?: string[];
  /** Items in each list the vendor's pull splits by (shared/connectors/partitions.ts): the next night's plan reads them. */
  listed?: Record<string, number>;
  /** Partitions the pull ran as; absent for one invocation. */
  partitions?: number;
}

type Bundle = Pick<Snapshot, 'clients' | 'agreements' | 'devices' | 'subscriptions'>;

export async function putSnapshot(table: Table, snap: Snapshot): Promise<number> {
  const pk = KEYS.snapshot.pk(snap.sourceId, snap.runDate);
  const expiresAt = Math.floor(Date.parse(`${snap.runDate}T00:00:00Z`) / 1000) + SNAPSHOT_TTL_DAYS * 86_400;
  const bundles = new Map<string, Bundle>();
  const bundle = (id: string) => {
    let b = bundles.get(id);
    if (!b) bundles.set(id, (b = { clients: [], agreements: [], devices: [], subscriptions: [] }));
    return b;
  };
  for (const c of snap.clients) bundle(c.externalId).clients.push(c);
  for (const a of snap.agreements) bundle(a.clientExternalId).agreements.push(a);
  for (const d of snap.devices) bundle(d.clientExternalId).devices.push(d);
  for (const s of snap.subscriptions) bundle(s.clientExternalId).subscriptions.push(s);

  const items: Record<string, unknown>[] = [];
  for (const [clientId, b] of bundles) {
    chunk(b).forEach((body, n) => items.push({ pk, sk: `CLIENT#${clientId}#${n}`, body, expiresAt }));
  }
  // A vendor field change can quarantine most of a source: the list goes in chunks of its own,
  // never in META, which would pass 400 KB at a few thousand records and fail the night.
  splitUntilSmall(snap.quarantined.map(trimReason)).forEach((body, n) => items.push({ pk, sk: `QUARANTINE#${String(n).padStart(5, '0')}`, body, expiresAt }));
  if (snap.work) for (const [clientId, w] of workByClient(snap.work)) chunkWork(w).forEach((body, n) => items.push({ pk, sk: `WORK#${clientId}#${n}`, body, expiresAt }));
  const meta = { kind: snap.kind, role: snap.role, fetchedAt: snap.fetchedAt, quarantinedCount: snap.quarantined.length, warnings: snap.warnings, chunks: items.length, ...(snap.work ? { work: true } : {}), ...(snap.workRead ? { workRead: snap.workRead } : {}) };
  // The META item goes last: a snapshot is readable only once every chunk is in.
  await putAll(table, items);
  await table.doc.send(new PutCommand({ TableName: table.name, Item: { pk, sk: 'META', ...meta, expiresAt } }));
  return items.length + 1;
}

/** Splits a client's records until each gzipped chunk fits in one item. */
function chunk(b: Bundle): Buffer[] {
  const zipped = gzipSync(JSON.stringify(b));
  if (zipped.length <= MAX_CHUNK_BYTES || b.devices.length + b.subscriptions.length < 2) return [zipped];
  const half = (xs: unknown[]) => Math.ceil(xs.length / 2);
  const first: Bundle = { clients: b.clients, agreements: b.agreements, devices: b.devices.slice(0, half(b.devices)), subscriptions: b.subscriptions.slice(0, half(b.subscriptions)) };
  const second: Bundle = { clients: [], agreements: [], devices: b.devices.slice(half(b.devices)), subscriptions: b.subscriptions.slice(half(b.subscriptions)) };
  return [...chunk(first), ...chunk(second)];
}

/** A work set split by client, as its chunks are stored. */
function workByClient(work: WorkPull): Map<string, WorkPull> {
  const out = new Map<string, WorkPull>();
  const of = (id: string) => {
    let w = out.get(id);
    if (!w) out.set(id, (w = { timeEntries: [], tickets: [], invoices: [], coverage: [] }));
    return w;
  };
  for (const e of work.timeEntries) of(e.clientExternalId).timeEntries.push(e);
  for (const t of work.tickets) of(t.clientExternalId).tickets.push(t);
  for (const i of work.invoices) of(i.clientExternalId).invoices.push(i);
  for (const c of work.coverage) of(c.clientExternalId).coverage.push(c);
  return out;
}

/** Splits a client's work (its time entries, the bulk of it) until each gzipped chunk fits in one item. */
function chunkWork(w: WorkPull): Buffer[] {
  const zipped = gzipSync(JSON.stringify(w));
  if (zipped.length <= MAX_CHUNK_BYTES || w.timeEntries.length + w.tickets.length < 2) return [zipped];
  const half = <T>(xs: T[]): [T[], T[]] => [xs.slice(0, Math.ceil(xs.length / 2)), xs.slice(Math.ceil(xs.length / 2))];
  const [e1, e2] = half(w.timeEntries);
  const [t1, t2] = half(w.tickets);
  return [...chunkWork({ ...w, timeEntries: e1, tickets: t1 }), ...chunkWork({ timeEntries: e2, tickets: t2, invoices: [], coverage: [] })];
}

/** Halves a list until each gzipped half fits in one item. */
export function splitUntilSmall<T>(xs: T[]): Buffer[] {
  if (xs.length === 0) return [];
  const zipped = gzipSync(JSON.stringify(xs));
  if (zipped.length <= MAX_CHUNK_BYTES || xs.length < 2) return [zipped];
  const half = Math.ceil(xs.length / 2);
  return [...splitUntilSmall(xs.slice(0, half)), ...splitUntilSmall(xs.slice(half))];
}

function trimReason(q: QuarantinedRecord): QuarantinedRecord {
  if (q.reason.length <= MAX_REASON_CHARS) return q;
  return { ...q, reason: `${q.reason.slice(0, MAX_REASON_CHARS)}... (trimmed from ${q.reason.length.toLocaleString('en-US')} characters)` };
}

export function unzip(item: Record<string, unknown>, timings?: Timings): unknown {
  const text = timedSync(timings, 'load snapshots: decompress', () => gunzipSync(item.body as Uint8Array).toString('utf8'));
  return timedSync(timings, 'load snapshots: JSON.parse', () => JSON.parse(text));
}

export async function getSnapshot(table: Table, sourceId: string, runDate: string, timings?: Timings): Promise<Snapshot | null> {
  const items = await timed(timings, 'load snapshots: reads', () =>
    queryAll<Record<string, unknown>>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': KEYS.snapshot.pk(sourceId, runDate) }, ConsistentRead: true }),
  );
  const meta = items.find((i) => i.sk === 'META');
  if (!meta) return null;
  const merged: Bundle = { clients: [], agreements: [], devices: [], subscriptions: [] };
  // Snapshots stored before the quarantine had chunks of its own still carry it in META.
  const quarantined = Array.isArray(meta.quarantined) ? [...(meta.quarantined as QuarantinedRecord[])] : [];
  const work: WorkPull = { timeEntries: [], tickets: [], invoices: [], coverage: [] };
  for (const item of items) {
    if (item.sk === 'META') continue;
    if (String(item.sk).startsWith('WORK#')) {
      const w = unzip(item, timings) as WorkPull;
      work.timeEntries.push(...w.timeEntries);
      work.tickets.push(...w.tickets);
      work.invoices.push(...w.invoices);
      work.coverage.push(...w.coverage);
      continue;
    }
    if (String(item.sk).startsWith('QUARANTINE#')) {
      quarantined.push(...(unzip(item, timings) as QuarantinedRecord[]));
      continue;
    }
    const b = unzip(item, timings) as Bundle;
    merged.clients.push(...b.clients);
    merged.agreements.push(...b.agreements);
    merged.devices.push(...b.devices);
    merged.subscriptions.push(...b.subscriptions);
  }
  return timedSync(timings, 'load snapshots: zod', () =>
    Snapshot.parse({
      ...merged,
      sourceId,
      runDate,
      kind: meta.kind,
      role: meta.role,
      fetchedAt: meta.fetchedAt,
      quarantined,
      warnings: meta.warnings,
      ...(meta.work || meta.workRead ? { work } : {}),
      ...(meta.workRead ? { workRead: meta.workRead as WorkRead } : {}),
    }),
  );
}

export async function putManifest(table: Table, runDate: string, entry: ManifestEntry): Promise<void> {
  await table.doc.send(new PutCommand({ TableName: table.name, Item: { pk: KEYS.run.pk(runDate), sk: `SOURCE#${entry.sourceId}`, ...entry } }));
}

export async function getManifest(table: Table, runDate: string): Promise<ManifestEntry[]> {
  const items = await queryAll<ManifestEntry & { sk: string }>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':pk': KEYS.run.pk(runDate), ':s': 'SOURCE#' },
    // Reconcile runs the moment the last source reports: it must see that source's entry.
    ConsistentRead: true,
  });
  return items.map(({ sourceId, kind, role, state, at, counts, requests, error, warnings, work, listed, partitions }) => ({
    sourceId,
    kind,
    role,
    state,
    at,
    counts,
    requests,
    error,
    warnings,
    ...(work ? { work } : {}),
    ...(listed ? { listed } : {}),
    ...(partitions ? { partitions } : {}),
  }));
}

/** The manifests of `days` nights from `newest` backwards, newest first (empty for a night not run). */
export async function listManifests(table: Table, newest: string, days: number): Promise<Array<{ date: string; manifest: ManifestEntry[] }>> {
  return Promise.all(
    Array.from({ length: days }, async (_, d) => {
      const date = addDays(newest, -d);
      return { date, manifest: await getManifest(table, date) };
    }),
  );
}

export async function putRunRecord(table: Table, runDate: string, record: Record<string, unknown>): Promise<void> {
  await table.doc.send(new PutCommand({ TableName: table.name, Item: { pk: KEYS.run.pk(runDate), sk: 'RECONCILED', ...record } }));
}

/** The record a night's reconcile left, unparsed (the caller validates what it reads), or null. */
export async function getRunRecord(table: Table, runDate: string): Promise<Record<string, unknown> | null> {
  const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: { pk: KEYS.run.pk(runDate), sk: 'RECONCILED' }, ConsistentRead: true }));
  return out.Item ?? null;
}

/** A claim older than this is from an invocation that died; another may take the night over. */
const CLAIM_TIMEOUT_MS = 15 * 60_000;

/**
 * Claims the reconciliation of one night for one set of collected snapshots. Several
 * SnapshotStored events (or the deadline) can find the same complete manifest; only the first
 * reconciles it. A new collect of any source changes the signature and may be reconciled again.
 */
export async function claimReconcile(table: Table, runDate: string, manifestSignature: string, now: Date): Promise<string | null> {
  const sk = `CLAIM#${createHash('sha256').update(manifestSignature).digest('hex').slice(0, 32)}`;
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: { pk: KEYS.run.pk(runDate), sk, state: 'running', claimedAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :running AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':running': 'running', ':stale': new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString() },
      }),
    );
    return sk;
  } catch (err) {
    if (isConditionFailure(err)) return null;
    throw err;
  }
}

export async function completeClaim(table: Table, runDate: string, claim: string): Promise<void> {
  await table.doc.send(
    new UpdateCommand({ TableName: table.name, Key: { pk: KEYS.run.pk(runDate), sk: claim }, UpdateExpression: 'SET #state = :done', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':done': 'done' } }),
  );
}
