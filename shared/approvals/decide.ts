import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context';
import { AddLineConflictError, forLog, WriteBackConflictError } from '../connectors/http/errors';
import { isPsaConnector, type PsaConnector, type WriteBackResult } from '../connectors/types';
import { dateInZone } from '../domain/dates';
import type { LedgerEntry } from '../domain/ledger';
import { productNames } from '../domain/recipes';
import { REJECT_REASONS, reasonText, type RejectReason } from '../domain/reject-reasons';
import { ruleFromRejection, type SuppressionRule } from '../domain/suppression';
import { WRITING_OUTCOME, type Proposal, type ProposalStatus } from '../domain/trueups';
import { getProposal, transitionProposal } from '../store/proposals';
import { setLedgerStatus } from '../store/ledger';
import { appendAudit } from '../store/records';
import { putSuppression } from '../store/suppressions';
import type { TokenClaims } from './tokens';

/**
 * One decision on one proposal. The conditional PENDING -> APPROVED/REJECTED write is the
 * single-use gate: whoever loses it (a second click, a concurrent one) only reads what was
 * recorded. A rejection carries a reason and becomes a suppression rule for the line (written
 * off until revoked), unless a newer night's proposal has taken the line over. An approval then writes the quantity back with compare-and-set, unless shadow mode
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

/** `reason` is required to reject (the flow refuses a rejection without one) and ignored on approval. */
export async function decideProposal(ctx: AppContext, p: Proposal, claims: TokenClaims, origin: Origin, reason: RejectReason | null = null): Promise<Decision> {
  const { table, config } = ctx;
  const decidedAt = ctx.now().toISOString();
  const decidedBy = claims.target.recipient;
  const approve = claims.action === 'approve';
  const shadow = approve && config.safety.shadowMode;
  if (!approve && !reason) throw new Error(`proposal ${p.id}: a rejection needs a reason`);
  const rejectReason = approve ? null : reason;

  const first: Step = !approve
    ? { status: 'REJECTED', outcome: `rejected (${reasonText(reason!)}): nothing written; written off until revoked from the digest`, ledger: 'suppressed' }
    : shadow
      ? { status: 'APPROVED', outcome: 'approved in shadow mode: not written', ledger: 'approved' }
      : { status: 'WRITING', outcome: WRITING_OUTCOME, ledger: 'approved' };
  if (!(await transitionProposal(table, p.id, 'PENDING', first.status, { decidedAt, decidedBy, outcome: first.outcome, ...(rejectReason ? { rejectReason } : {}) }))) {
    return { proposal: (await getProposal(table, p.id)) ?? p, acted: false };
  }

  const line = { clientKey: p.clientKey, lineKey: p.lineKey };
  const pointsHere = first.ledger ? await setLedgerStatus(table, line, p.id, first.ledger) : false;
  let final = rejectReason ? await writeOff(table, p, first, pointsHere, ruleFromRejection(p, rejectReason, decidedBy, decidedAt)) : first;
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
      ...(p.addToAgreement !== undefined ? { addToAgreement: p.addToAgreement } : {}),
      status: final.status,
      outcome: final.outcome,
      expectedQuantity: p.expectedQuantity,
      proposedQuantity: p.proposedQuantity,
      ...(final.write ? { previousQuantity: final.write.previousQuantity, newQuantity: final.write.newQuantity, effective: final.write.effective } : {}),
      ...(rejectReason ? { rejectReason: rejectReason.code, rejectReasonLabel: REJECT_REASONS[rejectReason.code], rejectReasonText: rejectReason.text } : {}),
      ...(final.vendorDetail ? { vendorDetail: final.vendorDetail } : {}),
      shadowMode: config.safety.shadowMode,
      via: 'proposalId' in claims.target ? 'proposal link' : 'client batch link',
      keyId: claims.keyId,
    },
  });
  ctx.logger.info('true-up decided', { proposalId: p.id, status: final.status, outcome: final.outcome });
  return { proposal: { ...p, status: final.status, decidedAt, decidedBy, outcome: final.outcome, rejectReason }, acted: true };
}

/** A rejection writes its line off (the rule later nights honour), unless a newer night's proposal took the line over. */
async function writeOff(table: AppContext['table'], p: Proposal, first: Step, pointsHere: boolean, rule: SuppressionRule): Promise<Step> {
  if (pointsHere) {
    await putSuppression(table, rule);
    return first;
  }
  // The rejection is recorded, but writes off nothing the person did not see.
  const step = { ...first, outcome: `rejected (${reasonText(rule.reason)}): nothing written; the finding changed since, so nothing is written off` };
  await transitionProposal(table, p.id, 'REJECTED', 'REJECTED', { outcome: step.outcome });
  return step;
}

/** Compare-and-set through the PSA connector; the connector says when the PSA bills the change. */
async function writeBack(ctx: AppContext, p: Proposal): Promise<Step> {
  try {
    const connector = ctx.connector(p.psaSourceId);
    if (!isPsaConnector(connector)) return { status: 'FAILED', outcome: `write-back failed: source "${p.psaSourceId}" is not a PSA`, ledger: 'open' };
    const effectiveDate = dateInZone(ctx.now(), ctx.config.msp.timeZone);
    if (p.addToAgreement !== undefined) return await addLine(ctx, connector, p, p.addToAgreement, effectiveDate);
    const write = await connector.writeLineQuantity({ ref: p.writeBack, expectedQuantity: p.expectedQuantity, newQuantity: p.proposedQuantity, effectiveDate });
    return { status: 'APPLIED', outcome: `applied: ${write.previousQuantity} -> ${write.newQuantity}, ${write.effective}`, ledger: 'applied', write };
  } catch (err) {
    // A moved quantity (or a line added meanwhile) re-opens the finding, so the next night proposes from what the PSA now says.
    if (err instanceof WriteBackConflictError || err instanceof AddLineConflictError) return { status: 'CONFLICT', outcome: `not written: ${err.message}. The next run proposes again.`, ledger: 'open' };
    const logged = forLog(err);
    ctx.logger.error('write-back failed', { proposalId: p.id, error: err as Error, ...logged });
    return { status: 'FAILED', outcome: `write-back failed: ${logged.message}`, ledger: 'open', ...(logged.detail ? { vendorDetail: logged.detail } : {}) };
  }
}

/** An add-line proposal: the connector refuses if a line for the product appeared since the email. */
async function addLine(ctx: AppContext, connector: PsaConnector, p: Proposal, agreementExternalId: string, effectiveDate: string): Promise<Step> {
  const added = await connector.addLine({
    agreementExternalId,
    product: p.product,
    productNames: productNames(ctx.config.recipes, p.lineKey, p.product),
    quantity: p.proposedQuantity,
    unitPriceCents: p.unitPriceCents,
    effectiveDate,
  });
  const write = { previousQuantity: 0, newQuantity: added.quantity, effective: added.effective };
  return { status: 'APPLIED', outcome: `applied: added line ${added.lineExternalId} for ${p.product}, 0 -> ${added.quantity}, ${added.effective}`, ledger: 'applied', write };
}
