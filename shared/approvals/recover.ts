import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context';
import { isPsaConnector, type PsaConnector } from '../connectors/types';
import { dateInZone } from '../domain/dates';
import { productNames } from '../domain/recipes';
import type { LedgerEntry } from '../domain/ledger';
import { writeBackUnfinished, type Proposal } from '../domain/trueups';
import { loadLedger, setLedgerStatus } from '../store/ledger';
import { getProposals, transitionProposal } from '../store/proposals';
import { appendAudit } from '../store/records';

/**
 * Approvals whose write-back never finished: the approval function timed out or crashed between
 * "approved: writing" and the outcome, so the proposal would stay WRITING forever and never be
 * proposed again while finance believes it was applied. Before the night's reconcile, each one is
 * settled from what the PSA line says now (for an add-line, the product's line on the agreement):
 * the approved quantity is there -> APPLIED; it is not
 * -> FAILED, the finding re-opens and tonight proposes it again. A PSA that cannot be read now
 * leaves it WRITING for the next night.
 */

export interface RecoveredWriteBack {
  proposalId: string;
  clientName: string;
  product: string;
  status: 'APPLIED' | 'FAILED' | 'WRITING';
  outcome: string;
}

/** `ledger`: the entries as just read, when the caller has them (reconcile reads the ledger anyway). */
export async function recoverWriteBacks(ctx: AppContext, ledger?: readonly LedgerEntry[]): Promise<RecoveredWriteBack[]> {
  const unfinished = await unfinishedWriteBacks(ctx, ledger);
  const out: RecoveredWriteBack[] = [];
  for (const p of unfinished) out.push(await settle(ctx, p));
  return out;
}

/** Proposals a ledger entry points at that are WRITING past the approval function's lifetime. */
export async function unfinishedWriteBacks(ctx: AppContext, ledger?: readonly LedgerEntry[]): Promise<Proposal[]> {
  const ids = (ledger ?? (await loadLedger(ctx.table))).filter((e) => (e.status === 'approved' || e.status === 'proposed') && e.proposalId).map((e) => e.proposalId!);
  const now = ctx.now();
  return (await getProposals(ctx.table, ids)).filter((p) => writeBackUnfinished(p, now));
}

async function settle(ctx: AppContext, p: Proposal): Promise<RecoveredWriteBack> {
  const base = { proposalId: p.id, clientName: p.clientName, product: p.product };
  let quantity: number;
  try {
    const connector = ctx.connector(p.psaSourceId);
    if (!isPsaConnector(connector)) throw new Error(`source "${p.psaSourceId}" is not a PSA`);
    // The line as of the day the write was made: the date decide.ts gave the PSA as effective.
    quantity = await quantityNow(ctx, connector, p, dateInZone(new Date(p.decidedAt ?? ctx.now().toISOString()), ctx.config.msp.timeZone));
  } catch (err) {
    ctx.logger.warn('unfinished write-back: PSA line not readable, checking again next night', { proposalId: p.id, error: (err as Error).message });
    return { ...base, status: 'WRITING', outcome: `write-back did not finish; the PSA line could not be read (${(err as Error).message}); checking again next night` };
  }
  const today = dateInZone(ctx.now(), ctx.config.msp.timeZone);
  const applied = quantity === p.proposedQuantity;
  const status = applied ? 'APPLIED' : 'FAILED';
  const outcome = applied
    ? `applied: ${p.expectedQuantity} -> ${p.proposedQuantity}; the write-back did not report back, and on ${today} the PSA line showed the new quantity`
    : `write-back did not finish: on ${today} the PSA line showed ${quantity}, not ${p.proposedQuantity}. The next run proposes again.`;
  if (!(await transitionProposal(ctx.table, p.id, p.status, status, { outcome }))) return { ...base, status: 'WRITING', outcome: 'settled elsewhere meanwhile' };
  await setLedgerStatus(ctx.table, { clientKey: p.clientKey, lineKey: p.lineKey }, p.id, applied ? 'applied' : 'open');
  await appendAudit(ctx.table, {
    at: ctx.now().toISOString(),
    id: randomUUID(),
    action: applied ? 'write-back confirmed' : 'write-back failed',
    actor: 'trueup (nightly check)',
    from: 'reconcile',
    proposalId: p.id,
    detail: { clientKey: p.clientKey, clientName: p.clientName, product: p.product, psaSourceId: p.psaSourceId, lineExternalId: p.lineExternalId, status, outcome, expectedQuantity: p.expectedQuantity, proposedQuantity: p.proposedQuantity, quantityFound: quantity },
  });
  ctx.logger.info('unfinished write-back settled', { proposalId: p.id, status, quantityFound: quantity });
  return { ...base, status, outcome };
}

/** The line's quantity; for an add-line proposal, the product's line on the agreement (0 when none was added). */
async function quantityNow(ctx: AppContext, connector: PsaConnector, p: Proposal, onDate: string): Promise<number> {
  if (p.addToAgreement === undefined) return connector.readLineQuantity(p.writeBack, onDate);
  const line = await connector.findProductLine(p.addToAgreement, productNames(ctx.config.recipes, p.lineKey, p.product), onDate);
  return line?.quantity ?? 0;
}
