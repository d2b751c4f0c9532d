import { createHash } from 'node:crypto';
import * as z from 'zod';
import { IsoDate, WriteBackRef } from './model';
import type { LedgerEntry } from './ledger';

/**
 * True-up proposals: the quantity change finance is asked to approve for one PSA line, with the
 * safety rules applied before anyone sees it (a cap on how far one change moves a quantity, no
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
  kind: z.enum(['under-billed', 'over-billed']),
  psaSourceId: z.string(),
  agreementName: z.string(),
  lineExternalId: z.string(),
  writeBack: WriteBackRef,
  /** The PSA quantity the proposal is based on: write-back refuses if the PSA has moved. */
  expectedQuantity: z.number(),
  proposedQuantity: z.number(),
  /** What the evidence says the quantity should be, before the safety cap. */
  observedTotal: z.number(),
  unitPriceCents: z.number().int(),
  monthlyImpactCents: z.number().int(),
  evidence: z.array(z.object({ sourceId: z.string(), ids: z.array(z.string()), rule: z.string() })),
  /** Why the proposal is smaller than the gap, if it is. */
  capNote: z.string().nullable(),
  status: ProposalStatus,
  decidedAt: z.string().nullable().default(null),
  decidedBy: z.string().nullable().default(null),
  outcome: z.string().nullable().default(null),
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

/** Open under/over-billing entries with one PSA line to change become proposals. */
export function proposeTrueUps(entries: readonly LedgerEntry[], runDate: string, rules: SafetyRules): ProposeResult {
  const proposals: Proposal[] = [];
  const blocked: Blocked[] = [];
  for (const e of entries) {
    if (e.status !== 'open' || (e.kind !== 'under-billed' && e.kind !== 'over-billed') || !e.line) continue;
    const lineQuantity = e.line.quantity;
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
      kind: e.kind,
      psaSourceId: e.line.sourceId,
      agreementName: e.line.agreementName,
      lineExternalId: e.line.lineExternalId,
      writeBack: e.line.writeBack,
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
    });
  }
  return { proposals, blocked };
}

/** Why a decrease resting on suspect data (shared/domain/completeness.ts) is held. */
export const suspectHold = (suspect: string): string => `${suspect}; no decrease is proposed from it`;

/**
 * Same gap on the same night, same proposal: re-running a night never creates a second one. A
 * later night's re-proposal gets a new id, so a link from an older email (which names its
 * proposal's id) can never decide it.
 */
function proposalId(e: LedgerEntry, from: number, to: number, runDate: string): string {
  return hashId(`${e.clientKey}|${e.lineKey}|${e.line?.lineExternalId}|${from}|${to}|${runDate}`);
}

/**
 * The id to use when a proposal's id is taken by one already decided (a re-run of the night
 * after a write-back failed): derived, so a further re-run finds the same one.
 */
export function nextProposalId(id: string): string {
  return hashId(`${id}|again`);
}

const hashId = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 22);
