import { activeSeats } from '../domain/completeness';
import { ROLE_OF, type Snapshot, type SourcePull } from '../domain/model';
import type { SourceConfig } from '../config/schema';
import { apiRootWarning } from '../connectors/vendors';
import { forLog, VendorError } from '../connectors/http/errors';
import { metered, type RequestMeter } from '../connectors/http/request-meter';
import { pullWhole, type ListSizes } from '../connectors/partitions';
import { withFirstSeen } from '../store/first-seen';
import { putManifest, putSnapshot, type ManifestEntry } from '../store/snapshots';
import type { Connector } from '../connectors/types';
import { collectWork, type PartitionedWorkRead } from './collect-work';
import type { AppContext } from './context';

export type CollectResult = ManifestEntry & { quarantined: Snapshot['quarantined'] };

/** What a pull read, whole or assembled from partitions, and the requests it made. */
export interface Pulled {
  pull: SourcePull;
  requests: number;
  /** The sizes of the lists a vendor splits: the next night's partition estimate. */
  listed?: ListSizes;
  partitions?: number;
  /** The work read the partitions made, when the work pull ran as partitions; otherwise it is read whole, after the seats. */
  work?: PartitionedWorkRead;
}

export function sourceOf(ctx: AppContext, sourceId: string): SourceConfig {
  const source = ctx.config.sources.find((s) => s.id === sourceId);
  if (!source) throw new Error(`unknown source "${sourceId}": the config names ${ctx.config.sources.map((s) => s.id).join(', ')}`);
  return source;
}

/**
 * Collect one source for one night in one invocation: pull through the connector, store the
 * snapshot, record the outcome in the run manifest, and tell reconcile. A vendor outage is
 * recorded as a failed source (the night goes on and says so); anything else is a bug and is
 * rethrown after the manifest says what happened.
 */
export async function collectSource(ctx: AppContext, sourceId: string, runDate: string): Promise<CollectResult> {
  const connector = ctx.connector(sourceId);
  // The connector outlives the invocation: tonight's requests are the ones this collect makes.
  const meter: RequestMeter = { requests: 0 };
  return metered(meter, () =>
    storeOutcome(ctx, sourceOf(ctx, sourceId), runDate, connector, () => meter.requests, async () => {
      if (!connector.partitioned) return { pull: await connector.pull({ runDate }), requests: 0 };
      // A vendor that splits reads through the same steps its partitions run, and counts its lists for the next night's plan.
      const whole = await pullWhole(connector.partitioned, { runDate });
      return { ...whole, requests: 0 };
    }),
  );
}

/**
 * Runs `produce` and stores what it pulled as the night's snapshot and manifest entry, or records
 * the failure; either way reconcile hears of it. The work is read through `connector` (whole,
 * unless the partitions read it), so `requests`, read after either outcome, must count its requests too.
 */
export async function storeOutcome(
  ctx: AppContext,
  source: SourceConfig,
  runDate: string,
  connector: Connector,
  requests: () => number,
  produce: () => Promise<Pulled>,
): Promise<CollectResult> {
  const base = { sourceId: source.id, kind: source.kind, role: ROLE_OF[source.kind] };
  let entry: ManifestEntry;
  let quarantined: Snapshot['quarantined'] = [];
  let unexpected: unknown;
  try {
    const pulled = await produce();
    // A baseUrl Trueup had to complete is said where the owner looks: the source's warnings.
    const configWarning = apiRootWarning(source);
    // Tickets and time, when the source reads them (after the seats, whole or partitioned): a failed read is a warning, never a lost snapshot.
    const collected = await collectWork(ctx, source, connector, runDate, ctx.now(), pulled.work);
    const pull = {
      ...pulled.pull,
      warnings: [...(configWarning ? [configWarning] : []), ...pulled.pull.warnings, ...(collected?.warnings ?? [])],
      quarantined: [...pulled.pull.quarantined, ...(collected?.quarantined ?? [])],
    };
    // Each device with the night Trueup first stored it: the evidence's "first seen by Trueup".
    const devices = await withFirstSeen(ctx.table, source.id, runDate, pull.devices);
    const work = collected ? { work: collected.work, workRead: collected.workRead } : {};
    const snapshot: Snapshot = { ...pull, devices, ...base, runDate, fetchedAt: ctx.now().toISOString(), ...work };
    await putSnapshot(ctx.table, snapshot);
    quarantined = pull.quarantined;
    entry = {
      ...base,
      state: 'stored',
      at: ctx.now().toISOString(),
      counts: {
        clients: pull.clients.length,
        agreements: pull.agreements.length,
        devices: pull.devices.length,
        subscriptions: pull.subscriptions.length,
        quarantined: pull.quarantined.length,
        seats: activeSeats(pull.subscriptions),
      },
      ...(collected ? { work: { ...collected.workRead, timeEntries: collected.work.timeEntries.length, tickets: collected.work.tickets.length, invoices: collected.work.invoices.length } } : {}),
      requests: pulled.requests + requests(),
      warnings: pull.warnings,
      ...(pulled.listed || collected?.listed ? { listed: { ...pulled.listed, ...collected?.listed } } : {}),
      ...(pulled.partitions ? { partitions: pulled.partitions } : {}),
    };
    for (const w of pull.warnings) ctx.logger.warn('source degraded', { sourceId: source.id, warning: w });
    for (const q of pull.quarantined) ctx.logger.warn('quarantined vendor record', { ...q });
  } catch (err) {
    if (!(err instanceof VendorError)) unexpected = err;
    entry = { ...base, state: 'failed', at: ctx.now().toISOString(), error: (err as Error).message, requests: requests() };
    // The manifest (and so the digest) gets the plain message; the vendor's answer stays in the log.
    ctx.logger.error('source failed', { sourceId: source.id, ...forLog(err) });
  }
  await putManifest(ctx.table, runDate, entry);
  await ctx.events.publish('SnapshotStored', { runDate, sourceId: source.id });
  if (unexpected) throw unexpected;
  return { ...entry, quarantined };
}
