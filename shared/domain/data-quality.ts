import * as z from 'zod';
import { SuspectClient, SuspectSource, type CompletenessVerdict } from './completeness';
import { clientKey, groupBy, type ClientGroup, type Unmatched } from './matching';
import { QuarantinedRecord, type Snapshot } from './model';

/**
 * What a night could not count and why, in one place for the report, the run record and the
 * digest: suspect sources and clients, devices the RMM did not classify, quarantined records.
 * Unknown is not zero and not a guess: each is counted apart and listed, never folded into a figure.
 */

/** Longest list kept per part: the run record is one DynamoDB item and the digest shows fewer still. */
export const DATA_QUALITY_CAP = 50;
const NAMES_PER_CLIENT = 10;

export const UnclassifiedDevices = z.object({
  clientKey: z.string(),
  clientName: z.string(),
  sourceId: z.string(),
  count: z.number().int(),
  /** Up to ten device names (or ids when unnamed); `count` says how many there are. */
  deviceNames: z.array(z.string()),
});
export type UnclassifiedDevices = z.infer<typeof UnclassifiedDevices>;

export const DataQuality = z.object({
  suspectSources: z.array(SuspectSource),
  suspectClients: z.array(SuspectClient),
  unclassifiedDevices: z.array(UnclassifiedDevices),
  quarantined: z.object({
    counts: z.array(z.object({ sourceId: z.string(), entity: z.string(), count: z.number().int() })),
    /** The first records, for display; `more` says how many were left out. */
    records: z.array(QuarantinedRecord),
    more: z.number().int(),
  }),
  /** How many entries each list above had before the cap. */
  totals: z.object({ suspectClients: z.number().int(), unclassifiedDevices: z.number().int(), unclassifiedClients: z.number().int() }),
});
export type DataQuality = z.infer<typeof DataQuality>;

export interface DataQualityInput {
  verdict: CompletenessVerdict;
  /** Tonight's fresh snapshots. */
  snapshots: readonly Snapshot[];
  groups: readonly ClientGroup[];
  unmatched: readonly Unmatched[];
}

export function describeDataQuality(input: DataQualityInput): DataQuality {
  const unclassified = unclassifiedDevices(input).sort((a, b) => b.count - a.count || a.clientName.localeCompare(b.clientName));
  const quarantined = input.snapshots.flatMap((s) => s.quarantined);
  const counts = [...groupBy(quarantined, (q) => `${q.sourceId}\u0000${q.entity}`).values()].map((qs) => ({ sourceId: qs[0]!.sourceId, entity: qs[0]!.entity, count: qs.length }));
  return {
    suspectSources: input.verdict.suspectSources,
    suspectClients: input.verdict.suspectClients.slice(0, DATA_QUALITY_CAP),
    unclassifiedDevices: unclassified.slice(0, DATA_QUALITY_CAP),
    quarantined: { counts, records: quarantined.slice(0, DATA_QUALITY_CAP), more: Math.max(0, quarantined.length - DATA_QUALITY_CAP) },
    totals: {
      suspectClients: input.verdict.suspectClients.length,
      unclassifiedDevices: unclassified.reduce((n, u) => n + u.count, 0),
      unclassifiedClients: unclassified.length,
    },
  };
}

/** Devices of class UNCLASSIFIED per RMM organization, filed under the PSA client the organization belongs to. */
function unclassifiedDevices(input: DataQualityInput): UnclassifiedDevices[] {
  const owner = new Map<string, { clientKey: string; clientName: string }>();
  for (const g of input.groups) for (const m of g.members) owner.set(clientKey(m.sourceId, m.client.externalId), { clientKey: g.key, clientName: g.psa.name });
  for (const u of input.unmatched) owner.set(clientKey(u.sourceId, u.client.externalId), { clientKey: u.key, clientName: u.client.name });
  const out: UnclassifiedDevices[] = [];
  for (const snap of input.snapshots) {
    const devices = snap.devices.filter((d) => d.deviceClass === 'UNCLASSIFIED' && !d.deleted);
    for (const [orgId, ds] of groupBy(devices, (d) => d.clientExternalId)) {
      const key = clientKey(snap.sourceId, orgId);
      // An org matching no client and not reported unmatched (ignored in the config) is named by its own key.
      const who = owner.get(key) ?? { clientKey: key, clientName: snap.clients.find((c) => c.externalId === orgId)?.name ?? key };
      out.push({ ...who, sourceId: snap.sourceId, count: ds.length, deviceNames: ds.slice(0, NAMES_PER_CLIENT).map((d) => d.name || d.externalId) });
    }
  }
  return out;
}
