import { createHash } from 'node:crypto';
import * as z from 'zod';
import { addsLine, changesQuantity, Evidence, IsoDate, WriteBackRef } from './model';
import type { LedgerEntry } from './ledger';
import { RejectReason } from './reject-reasons';

/**
 * True-up proposals: the quantity change finance is asked to approve for one PSA line, or the
 * line to add for usage no line bills, with the safety rules applied before anyone sees it (a cap on how far one change moves a quantity, no
 * decrease below a committed seat count, no decrease from suspect data).
 */

/**
 * PENDING -> REJECTED, or APPROVED (shadow mode: decided, nothing written), or WRITING (approved,
 * the PSA write under way) -> APPLIED / CONFLICT / FAILED / SUPERSEDED.
 */
export const ProposalStatus = z.enum(['PENDING', 'APPROVED', 'WRITING', 'REJECTED', 'APPLIED', 'CONFLICT', 'FAILED', 'SUPERSEDED']);
export type ProposalStatus = z.infer<typeof ProposalStatus>;

/** The statuses of a proposal still in play: a re-proposal with the same numbers points at it. */
export const LIVE_STATUSES: readonly ProposalStatus[] = ['PENDING', 'APPROVED', 'WRITING'];

/**
 * A write-back still WRITING this long after the decision will never report: the approval
 * function stops after 30 s (lib/config.ts), so it timed out or crashed mid-write. The next
 * night re-reads the PSA line to find out how it ended.
 */
export const WRITE_BACK_TIMEOUT_MS = 15 * 60_000;

/** What a proposal says while its write-back runs. */
export const WRITING_OUTCOME = 'approved: writing to the PSA';

export function writeBackUnfinished(p: Pick<Proposal, 'status' | 'decidedAt' | 'outcome'>, now: Date): boolean {
  // Proposals decided before the WRITING status existed were left APPROVED with this outcome.
  const writing = p.status === 'WRITING' || (p.status === 'APPROVED' && p.outcome === WRITING_OUTCOME);
  return writing && p.decidedAt !== null && now.getTime() - Date.parse(p.decidedAt) >= WRITE_BACK_TIMEOUT_MS;
}

export const Proposal = z.object({
  id: z.string(),
  createdOn: IsoDate,
  clientKey: z.string(),
  clientName: z.string(),
  lineKey: z.string(),
  product: z.string(),
  /** unbilled-usage: add a line for the product (expectedQuantity 0); otherwise change an existing line. */
  kind: z.enum(['under-billed', 'over-billed', 'unbilled-usage']),
  psaSourceId: z.string(),
  agreementName: z.string(),
  /** The agreement's page in the PSA's web app, when the source has a webUrl. */
  agreementUrl: z.string().optional(),
  /** The line to change; empty for an add-line proposal, whose line does not exist yet. */
  lineExternalId: z.string(),
  /** Add-line proposals: the agreement the new line goes on. */
  addToAgreement: z.string().optional(),
  writeBack: WriteBackRef,
  /** The PSA quantity the proposal is based on: write-back refuses if the PSA has moved. */
  expectedQuantity: z.number(),
  proposedQuantity: z.number(),
  /** What the evidence says the quantity should be, before the safety cap. */
  observedTotal: z.number(),
  unitPriceCents: z.number().int(),
  monthlyImpactCents: z.number().int(),
  evidence: z.array(Evidence),
  /** Why the proposal is smaller than the gap, if it is. */
  capNote: z.string().nullable(),
  status: ProposalStatus,
  decidedAt: z.string().nullable().default(null),
  decidedBy: z.string().nullable().default(null),
  outcome: z.string().nullable().default(null),
  /** Why it was rejected (every rejection gives one; null for those made before reasons were asked). */
  rejectReason: RejectReason.nullable().default(null),
});
export type Proposal = z.infer<typeof Proposal>;

export interface SafetyRules {
  maxUnitChange: number;
  maxPercentChange: number;
  allowCommittedDecreases: boolean;
}

export interface Blocked {
  entry: LedgerEntry;
  reason: string;
}

export interface ProposeResult {
  proposals: Proposal[];
  blocked: Blocked[];
}

/**
 * Open (or last night held) under/over-billing entries with one PSA line to change become
 * proposals, and open unbilled usage becomes a proposal to add a line at the recipe's list price
 * to the client's agreement.
 */
export function proposeTrueUps(entries: readonly LedgerEntry[], runDate: string, rules: SafetyRules): ProposeResult {
  const proposals: Proposal[] = [];
  const blocked: Blocked[] = [];
  for (const e of entries) {
    if (e.status !== 'open' && e.status !== 'held') continue;
    const target = targetOf(e);
    if (!target) continue;
    if ('reason' in target) {
      blocked.push({ entry: e, reason: target.reason });
      continue;
    }
    const lineQuantity = target.quantity;
    if (e.delta < 0 && e.committedUntil && e.committedUntil > runDate && !rules.allowCommittedDecreases) {
      blocked.push({ entry: e, reason: `committed (NCE) seats until ${e.committedUntil}: a decrease is not proposed before then` });
      continue;
    }
    if (e.delta < 0 && e.suspect) {
      blocked.push({ entry: e, reason: suspectHold(e.suspect) });
      continue;
    }
    const percentCap = Math.floor((lineQuantity * rules.maxPercentChange) / 100);
    const cap = Math.min(rules.maxUnitChange, lineQuantity > 0 ? Math.max(1, percentCap) : rules.maxUnitChange);
    const step = Math.sign(e.delta) * Math.min(Math.abs(e.delta), cap);
    const proposedQuantity = Math.max(0, lineQuantity + step);
    const capNote = Math.abs(step) < Math.abs(e.delta) ? `capped at ${Math.abs(step)} of ${Math.abs(e.delta)} units by the safety limit; the rest is proposed after this one is applied` : null;
    proposals.push({
      id: proposalId(e, lineQuantity, proposedQuantity, runDate),
      createdOn: runDate,
      clientKey: e.clientKey,
      clientName: e.clientName,
      lineKey: e.lineKey,
      product: e.product,
      kind: target.kind,
      psaSourceId: target.sourceId,
      agreementName: target.agreementName,
      ...(target.agreementUrl ? { agreementUrl: target.agreementUrl } : {}),
      lineExternalId: target.lineExternalId,
      ...(target.addToAgreement ? { addToAgreement: target.addToAgreement } : {}),
      writeBack: target.writeBack,
      expectedQuantity: lineQuantity,
      proposedQuantity,
      observedTotal: e.observed,
      unitPriceCents: e.unitPriceCents,
      monthlyImpactCents: (proposedQuantity - lineQuantity) * e.unitPriceCents,
      evidence: e.evidence,
      capNote,
      status: 'PENDING',
      decidedAt: null,
      decidedBy: null,
      outcome: null,
      rejectReason: null,
    });
  }
  return { proposals, blocked };
}

interface Target {
  kind: Proposal['kind'];
  sourceId: string;
  agreementName: string;
  agreementUrl?: string;
  lineExternalId: string;
  addToAgreement: string | null;
  writeBack: Proposal['writeBack'];
  quantity: number;
}

/** The line a proposal changes or adds, why none can be proposed, or null when the entry is not a billing gap. */
function targetOf(e: LedgerEntry): Target | { reason: string } | null {
  if (changesQuantity(e.kind) && e.line) {
    const { sourceId, agreementName, agreementUrl, lineExternalId, writeBack, quantity } = e.line;
    return { kind: e.kind, sourceId, agreementName, ...(agreementUrl ? { agreementUrl } : {}), lineExternalId, addToAgreement: null, writeBack, quantity };
  }
  if (!addsLine(e.kind) || e.delta <= 0) return null;
  if (!e.addTo) return { reason: 'the client has no active agreement with billed lines to add a line to; add the product to its agreement in the PSA' };
  if (e.unitPriceCents <= 0) return { reason: 'the recipe has no list price (listPriceCents), so a line would bill nothing; set one to have a line proposed' };
  const { sourceId, agreementName, agreementExternalId } = e.addTo;
  return { kind: e.kind, sourceId, agreementName, lineExternalId: '', addToAgreement: agreementExternalId, writeBack: {}, quantity: 0 };
}

/** Why a decrease resting on suspect data (shared/domain/completeness.ts) is held. */
export const suspectHold = (suspect: string): string => `${suspect}; no decrease is proposed from it`;

/**
 * Same gap on the same night, same proposal: re-running a night never creates a second one. A
 * later night's re-proposal gets a new id, so a link from an older email (which names its
 * proposal's id) can never decide it.
 */
function proposalId(e: LedgerEntry, from: number, to: number, runDate: string): string {
  const line = e.line ? e.line.lineExternalId : `add to ${e.addTo?.agreementExternalId}`;
  return hashId(`${e.clientKey}|${e.lineKey}|${line}|${from}|${to}|${runDate}`);
}

/**
 * The id to use when a proposal's id is taken by one already decided (a re-run of the night
 * after a write-back failed): derived, so a further re-run finds the same one.
 */
export function nextProposalId(id: string): string {
  return hashId(`${id}|again`);
}

const hashId = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 22);
