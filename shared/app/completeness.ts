import { activeSeats, assessCompleteness, type ClientTonight, type CompletenessVerdict, type SourceTally } from '../domain/completeness';
import { addDays } from '../domain/dates';
import type { ClientGroup } from '../domain/matching';
import type { Snapshot } from '../domain/model';
import type { ClientCounts, RunScope } from '../domain/reconcile';
import { listClientCounts, listNightCounts, type ClientCountsRow } from '../store/records';
import { listManifests } from '../store/snapshots';
import type { AppContext } from './context';

/** Calendar days searched for the earlier nights the baseline is taken from (a week of nights, with room for missed ones). */
const LOOKBACK_DAYS = 14;
/** Per-client history reads in flight at once. */
const READS_IN_FLIGHT = 25;

/**
 * Tonight's counts against each source's and client's earlier nights: the run manifests hold what
 * each source delivered, the nightly trend rows what each client counted.
 */
export async function assessNight(
  ctx: AppContext,
  runDate: string,
  night: { fresh: Snapshot[]; counts: ClientCounts[]; groups: ClientGroup[]; scope: RunScope },
): Promise<CompletenessVerdict> {
  const { fresh, counts, groups, scope } = night;
  const since = addDays(runDate, -LOOKBACK_DAYS);
  // Oldest first, as the baseline expects; tonight is left out so a re-run compares with the same nights.
  const nights = (await listManifests(ctx.table, addDays(runDate, -1), LOOKBACK_DAYS)).reverse();
  const sources = fresh.map((s) => ({
    sourceId: s.sourceId,
    role: s.role,
    tally: { clients: s.clients.length, agreements: s.agreements.length, devices: s.devices.length, seats: activeSeats(s.subscriptions) },
    history: nights.flatMap((n) => n.manifest.filter((m) => m.sourceId === s.sourceId && m.state === 'stored' && m.counts).map((m): SourceTally => m.counts!)),
  }));
  const groupOf = new Map(groups.map((g) => [g.key, g]));
  const histories = await clientHistories(ctx, counts, since, runDate, nights.filter((n) => n.manifest.length > 0).map((n) => n.date));
  const clients: ClientTonight[] = counts.map((c, i) => {
    const group = groupOf.get(c.clientKey);
    return {
      clientKey: c.clientKey,
      clientName: group?.psa.name ?? c.clientKey,
      // A role with a source missing tonight counts every client short: the stale source says so, not each client.
      tally: { devices: scope.freshRoles.includes('rmm') ? c.devices : undefined, seats: scope.freshRoles.includes('marketplace') ? c.seats : undefined },
      history: histories[i]!,
      sourceIds: group ? [group.psaSourceId, ...group.members.map((m) => m.sourceId)] : [],
    };
  });
  return assessCompleteness(sources, clients, ctx.config.completeness);
}

/**
 * Each client's counts on the earlier nights, oldest first: from the few night items when every
 * night with a manifest has them, else (nights stored before those items existed, or a night
 * whose reconcile stopped early) one read per client.
 */
async function clientHistories(ctx: AppContext, counts: ClientCounts[], since: string, runDate: string, manifestNights: string[]): Promise<ClientCountsRow[][]> {
  const byNight = await listNightCounts(ctx.table, since, addDays(runDate, -1));
  if (manifestNights.every((d) => byNight.has(d))) {
    const nights = [...byNight.entries()].sort(([a], [b]) => a.localeCompare(b));
    return counts.map((c) => nights.flatMap(([, rows]) => rows.get(c.clientKey) ?? []));
  }
  const out: ClientCountsRow[][] = [];
  for (let i = 0; i < counts.length; i += READS_IN_FLIGHT) {
    const histories = await Promise.all(counts.slice(i, i + READS_IN_FLIGHT).map((c) => listClientCounts(ctx.table, c.clientKey, since)));
    out.push(...histories.map((h) => h.filter((r) => r.runDate < runDate)));
  }
  return out;
}
