import { laborOf, type LaborSource } from '../config/labor';
import type { SourceConfig } from '../config/schema';
import { forLog } from '../connectors/http/errors';
import { isWorkList, type ListSizes, type WorkPlan } from '../connectors/partitions';
import { isWorkConnector, type Connector, type WorkPullResult } from '../connectors/types';
import { addDays, weekdayOf } from '../domain/dates';
import { mergeWork } from '../domain/labor/merge';
import type { QuarantinedRecord, WorkRead } from '../domain/model';
import type { WorkPull } from '../domain/work';
import { getSnapshot, listManifests } from '../store/snapshots';
import { confirmWork } from './confirm-work';
import type { AppContext } from './context';

/**
 * Tonight's work set for a PSA source whose labor pull is on: only what the PSA changed since the
 * last read, merged into the last stored set, or the whole window on the weekly full-read day (or
 * with no earlier set); on other nights the records findings would rest on are confirmed by id
 * (confirm-work.ts). A failed read keeps the last set, marked stale, and never costs the seat
 * snapshot.
 */

export interface CollectedWork {
  work: WorkPull;
  workRead: WorkRead;
  quarantined: QuarantinedRecord[];
  warnings: string[];
  /** The work lists' sizes, where the vendor's work pull splits: the next night's plan. */
  listed?: ListSizes;
}

/** A work read the collect's partitions made: the window the plan decided, and the assembled result (rejecting as a failed read would). */
export interface PartitionedWorkRead {
  plan: WorkPlan;
  read(): Promise<WorkPullResult>;
}

/** How far back an earlier work set is looked for; past it the whole window is read again. */
const PREVIOUS_NIGHTS = 14;
/** The watermark is moved back this far: the PSA's clock and ours may disagree [I]. */
const CLOCK_MARGIN_MS = 60 * 60_000;

export async function collectWork(ctx: AppContext, source: SourceConfig, connector: Connector, runDate: string, startedAt: Date, partitioned?: PartitionedWorkRead): Promise<CollectedWork | null> {
  const labor = laborOf(source);
  if (!labor?.enabled || !isWorkConnector(connector)) return null;
  const previous = await lastWorkSet(ctx, source.id, runDate);
  const { from, full, changedSince } = partitioned?.plan ?? workPlanOf(labor, runDate, previous);
  try {
    const read = await (partitioned ? partitioned.read() : connector.pullWork({ runDate }, { from, changedSince }));
    const work = mergeWork(previous?.work ?? null, read, from, full, read.complete);
    const collected = { work, workRead: { at: startedAt.toISOString(), from, full, stale: null }, quarantined: read.quarantined, warnings: read.warnings, ...(read.listed ? { listed: read.listed } : {}) };
    return await confirmWork(ctx, { connector, sourceId: source.id, labor, runDate, previous: previous?.work ?? null, read, collected });
  } catch (err) {
    ctx.logger.error('work pull failed; the last work set is kept, marked stale', { sourceId: source.id, ...forLog(err) });
    const reason = `tickets and time could not be read tonight (${(err as Error).message}); labor findings rest on ${previous ? `the read of ${previous.workRead.at.slice(0, 10)}` : 'no earlier read'}`;
    const kept = previous ? mergeWork(previous.work, { timeEntries: [], tickets: [], invoices: [], coverage: [] }, from, false) : { timeEntries: [], tickets: [], invoices: [], coverage: [] };
    // The last read's list sizes stand for tonight's: the next night is planned as that read was.
    const listed = previous?.listed ? { listed: previous.listed } : {};
    return { work: kept, workRead: { at: previous?.workRead.at ?? startedAt.toISOString(), from: previous?.workRead.from ?? from, full: false, stale: reason }, quarantined: [], warnings: [reason], ...listed };
  }
}

/** Tonight's window: the whole look-back on the full-read day or with no earlier set, else what changed since the last read. */
function workPlanOf(labor: LaborSource, runDate: string, previous: { workRead: WorkRead } | null): WorkPlan {
  const from = addDays(runDate, -labor.lookbackDays);
  const full = !previous || weekdayOf(runDate) === labor.fullReadDay || previous.workRead.from > from;
  return { from, full, changedSince: full ? null : new Date(Date.parse(previous.workRead.at) - CLOCK_MARGIN_MS).toISOString() };
}

/** The window a partitioned collect's work partitions all read, decided when it is planned; null when the source reads no work. */
export async function planWork(ctx: AppContext, source: SourceConfig, runDate: string): Promise<WorkPlan | null> {
  const labor = laborOf(source);
  return labor?.enabled ? workPlanOf(labor, runDate, await lastWorkSet(ctx, source.id, runDate)) : null;
}

/** The latest earlier night's stored work set of the source (within PREVIOUS_NIGHTS), with its work lists' sizes, or null. */
async function lastWorkSet(ctx: AppContext, sourceId: string, runDate: string): Promise<{ work: WorkPull; workRead: WorkRead; listed?: ListSizes } | null> {
  const nights = await listManifests(ctx.table, addDays(runDate, -1), PREVIOUS_NIGHTS);
  const night = nights.find((n) => n.manifest.some((m) => m.sourceId === sourceId && m.state === 'stored' && m.work));
  if (!night) return null;
  const snap = await getSnapshot(ctx.table, sourceId, night.date);
  const listed = Object.entries(night.manifest.find((m) => m.sourceId === sourceId)?.listed ?? {}).filter(([list]) => isWorkList(list));
  return snap?.work && snap.workRead ? { work: snap.work, workRead: snap.workRead, ...(listed.length ? { listed: Object.fromEntries(listed) } : {}) } : null;
}
