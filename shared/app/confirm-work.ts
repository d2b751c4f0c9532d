import type { LaborSource } from '../config/labor';
import { forLog } from '../connectors/http/errors';
import type { WorkConnector, WorkPullResult } from '../connectors/types';
import { applyConfirmed, recordsToConfirm } from '../domain/labor/confirm';
import { laborFindings } from '../domain/labor/findings';
import { goneSince } from '../domain/labor/merge';
import type { WorkPull } from '../domain/work';
import type { CollectedWork } from './collect-work';
import type { AppContext } from './context';
import { laborRules } from './reconcile-labor';

/**
 * Before an incremental night's work set is stored, the time entries and tickets its labor findings
 * would rest on, kept from last night, are read again by id (WorkConnector.confirmWork): those the PSA
 * no longer has leave the set, those it changed are replaced. A confirm that fails keeps the set
 * unconfirmed and marks it stale with the reason, so it resolves nothing. Either way the set says
 * which records left it since last night (workRead.deleted): their findings are not money recovered.
 */

export interface ConfirmInput {
  connector: WorkConnector;
  sourceId: string;
  labor: LaborSource;
  runDate: string;
  previous: WorkPull | null;
  /** Tonight's read, as the connector returned it. */
  read: WorkPullResult;
  /** Tonight's set, merged, and how it was read. */
  collected: CollectedWork;
}

export async function confirmWork(ctx: AppContext, input: ConfirmInput): Promise<CollectedWork> {
  const { collected, previous } = input;
  const from = collected.workRead.from;
  const settled = (work: WorkPull, extra: Partial<CollectedWork> = {}): CollectedWork => ({ ...collected, ...extra, work, workRead: { ...collected.workRead, ...extra.workRead, deleted: goneSince(previous, work, from) } });
  if (collected.workRead.full || !ctx.config.laborFindings.enabled) return settled(collected.work);

  const { findings } = laborFindings({ sourceId: input.sourceId, work: collected.work, clientNames: new Map(), rules: laborRules(input.labor, input.runDate) });
  const request = recordsToConfirm(findings, collected.work, input.read, input.read.complete ?? []);
  if (request.timeEntries.length + request.tickets.length === 0) return settled(collected.work);
  try {
    const answer = await input.connector.confirmWork({ runDate: input.runDate }, request);
    return settled(applyConfirmed(collected.work, answer, from), { quarantined: [...collected.quarantined, ...answer.quarantined] });
  } catch (err) {
    ctx.logger.error('labor records could not be confirmed; the work set is kept unconfirmed, marked stale', { sourceId: input.sourceId, ...forLog(err) });
    const stale = `the ${request.timeEntries.length} time entries and ${request.tickets.length} tickets behind labor findings could not be confirmed in the PSA tonight (${(err as Error).message}); some may have been deleted there since ${previous ? 'the last read' : 'they were read'}, so nothing is resolved from this set`;
    return settled(collected.work, { workRead: { ...collected.workRead, stale }, warnings: [...collected.warnings, stale] });
  }
}
