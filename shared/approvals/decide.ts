import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context';
import { forLog, WriteBackConflictError } from '../connectors/http/errors';
import { isPsaConnector, type WriteBackResult } from '../connectors/types';
import { dateInZone } from '../domain/dates';
import type { LedgerEntry } from '../domain/ledger';
import { WRITING_OUTCOME, type Proposal, type ProposalStatus } from '../domain/trueups';
import { getProposal, transitionProposal } from '../store/proposals';
import { setLedgerStatus } from '../store/ledger';
import { appendAudit } from '../store/records';
import type { TokenClaims } from './tokens';

/**
 * One decision on one proposal. The conditional PENDING -> APPROVED/REJECTED write is the
 * single-use gate: whoever loses it (a second click, a concurrent one) only reads what was
 * recorded. An approval then writes the quantity back with compare-and-set, unless shadow mode
 * is on, and the proposal, the ledger and the audit trail record how it ended. A write-back that
 * never reports (the function died mid-write) stays WRITING until the next night's recovery.
 */

export interface Origin {
  sourceIp: string;
  userAgent: string;
}

export interface Decision {
  /** The proposal as it now stands. */
  proposal: Proposal;
  /** False when the link had been used already (or another decision won). */
  acted: boolean;
}

interface Step {
  status: ProposalStatus;
  outcome: string;
  ledger: LedgerEntry['status'] | null;
  write?: WriteBackResult;
  /** What the vendor answered to a failed write: for the audit, never for the page. */
  vendorDetail?: string;
}

export async function decideProposal(ctx: AppContext, p: Proposal, claims: TokenClaims, origin: Origin): Promise<Decision> {
  const { table, config } = ctx;
  const decidedAt = ctx.now().toISOString();
  const decidedBy = claims.target.recipient;
  const approve = claims.action === 'approve';
  const shadow = approve && config.safety.shadowMode;

  const first: Step = !approve
    ? { status: 'REJECTED', outcome: 'rejected: nothing written; the finding is dismissed', ledger: 'dismissed' }
    : shadow
      ? { status: 'APPROVED', outcome: 'approved in shadow mode: not written', ledger: 'approved' }
      : { status: 'WRITING', outcome: WRITING_OUTCOME, ledger: 'approved' };
  if (!(await transitionProposal(table, p.id, 'PENDING', first.status, { decidedAt, decidedBy, outcome: first.outcome }))) {
    return { proposal: (await getProposal(table, p.id)) ?? p, acted: false };
  }

  const line = { clientKey: p.clientKey, lineKey: p.lineKey };
  const pointsHere = first.ledger ? await setLedgerStatus(table, line, p.id, first.ledger) : false;
  let final = first;
  if (approve && !shadow) {
    // The ledger moved on (the gap changed and a newer night re-proposed): writing this one would be stale.
    final = pointsHere
      ? await writeBack(ctx, p)
      : { status: 'SUPERSEDED', outcome: 'not written: the finding changed after this proposal was made; the next run proposes again', ledger: null };
    await transitionProposal(table, p.id, 'WRITING', final.status, { outcome: final.outcome });
    if (final.ledger && pointsHere) await setLedgerStatus(table, line, p.id, final.ledger);
  }

  await appendAudit(table, {
    at: decidedAt,
    id: randomUUID(),
    action: approve ? 'approved' : 'rejected',
    actor: decidedBy,
    from: `${origin.sourceIp} (${origin.userAgent || 'no user agent'})`,
    proposalId: p.id,
    detail: {
      clientKey: p.clientKey,
      clientName: p.clientName,
      product: p.product,
      agreementName: p.agreementName,
      psaSourceId: p.psaSourceId,
      lineExternalId: p.lineExternalId,
      status: final.status,
      outcome: final.outcome,
      expectedQuantity: p.expectedQuantity,
      proposedQuantity: p.proposedQuantity,
      ...(final.write ? { previousQuantity: final.write.previousQuantity, newQuantity: final.write.newQuantity, effective: final.write.effective } : {}),
      ...(final.vendorDetail ? { vendorDetail: final.vendorDetail } : {}),
      shadowMode: config.safety.shadowMode,
      via: 'proposalId' in claims.target ? 'proposal link' : 'client batch link',
      keyId: claims.keyId,
    },
  });
  ctx.logger.info('true-up decided', { proposalId: p.id, status: final.status, outcome: final.outcome });
  return { proposal: { ...p, status: final.status, decidedAt, decidedBy, outcome: final.outcome }, acted: true };
}

/** Compare-and-set through the PSA connector; the connector says when the PSA bills the change. */
async function writeBack(ctx: AppContext, p: Proposal): Promise<Step> {
  try {
    const connector = ctx.connector(p.psaSourceId);
    if (!isPsaConnector(connector)) return { status: 'FAILED', outcome: `write-back failed: source "${p.psaSourceId}" is not a PSA`, ledger: 'open' };
    const write = await connector.writeLineQuantity({
      ref: p.writeBack,
      expectedQuantity: p.expectedQuantity,
      newQuantity: p.proposedQuantity,
      effectiveDate: dateInZone(ctx.now(), ctx.config.msp.timeZone),
    });
    return { status: 'APPLIED', outcome: `applied: ${write.previousQuantity} -> ${write.newQuantity}, ${write.effective}`, ledger: 'applied', write };
  } catch (err) {
    // A moved quantity re-opens the finding, so the next night proposes from what the PSA now says.
    if (err instanceof WriteBackConflictError) return { status: 'CONFLICT', outcome: `not written: ${err.message}. The next run proposes again.`, ledger: 'open' };
    const logged = forLog(err);
    ctx.logger.error('write-back failed', { proposalId: p.id, error: err as Error, ...logged });
    return { status: 'FAILED', outcome: `write-back failed: ${logged.message}`, ledger: 'open', ...(logged.detail ? { vendorDetail: logged.detail } : {}) };
  }
}
