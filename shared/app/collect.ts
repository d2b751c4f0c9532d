import { activeSeats } from '../domain/completeness';
import { ROLE_OF, type Snapshot } from '../domain/model';
import { apiRootWarning } from '../connectors/vendors';
import { forLog, VendorError } from '../connectors/http/errors';
import { withFirstSeen } from '../store/first-seen';
import { putManifest, putSnapshot, type ManifestEntry } from '../store/snapshots';
import { collectWork } from './collect-work';
import type { AppContext } from './context';

/**
 * Collect one source for one night: pull through the connector, store the snapshot, record the
 * outcome in the run manifest, and tell reconcile. A vendor outage is recorded as a failed
 * source (the night goes on and says so); anything else is a bug and is rethrown after the
 * manifest says what happened.
 */
export async function collectSource(ctx: AppContext, sourceId: string, runDate: string): Promise<ManifestEntry & { quarantined: Snapshot['quarantined'] }> {
  const source = ctx.config.sources.find((s) => s.id === sourceId);
  if (!source) throw new Error(`unknown source "${sourceId}": the config names ${ctx.config.sources.map((s) => s.id).join(', ')}`);
  const base = { sourceId, kind: source.kind, role: ROLE_OF[source.kind] };
  const connector = ctx.connector(sourceId);
  let entry: ManifestEntry;
  let quarantined: Snapshot['quarantined'] = [];
  let unexpected: unknown;
  try {
    const startedAt = ctx.now();
    const pulled = await connector.pull({ runDate });
    // A baseUrl Trueup had to complete is said where the owner looks: the source's warnings.
    const configWarning = apiRootWarning(source);
    // Tickets and time, when the source reads them: a failed read is a warning, never a lost snapshot.
    const collected = await collectWork(ctx, source, connector, runDate, startedAt);
    const pull = {
      ...pulled,
      warnings: [...(configWarning ? [configWarning] : []), ...pulled.warnings, ...(collected?.warnings ?? [])],
      quarantined: [...pulled.quarantined, ...(collected?.quarantined ?? [])],
    };
    // Each device with the night Trueup first stored it: the evidence's "first seen by Trueup".
    const devices = await withFirstSeen(ctx.table, sourceId, runDate, pull.devices);
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
      requests: connector.stats().requests,
      warnings: pull.warnings,
    };
    for (const w of pull.warnings) ctx.logger.warn('source degraded', { sourceId, warning: w });
    for (const q of pull.quarantined) ctx.logger.warn('quarantined vendor record', { ...q });
  } catch (err) {
    if (!(err instanceof VendorError)) unexpected = err;
    entry = { ...base, state: 'failed', at: ctx.now().toISOString(), error: (err as Error).message, requests: connector.stats().requests };
    // The manifest (and so the digest) gets the plain message; the vendor's answer stays in the log.
    ctx.logger.error('source failed', { sourceId, ...forLog(err) });
  }
  await putManifest(ctx.table, runDate, entry);
  await ctx.events.publish('SnapshotStored', { runDate, sourceId });
  if (unexpected) throw unexpected;
  return { ...entry, quarantined };
}
