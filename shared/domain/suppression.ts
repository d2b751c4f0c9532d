import * as z from 'zod';
import { entryKey, type LedgerEntry } from './ledger';
import { FindingKind } from './model';
import { RejectReason } from './reject-reasons';

/**
 * Rejecting a true-up says why, and the reason becomes a suppression rule for that client and
 * line: later nights keep the finding in the ledger as `suppressed` (written off, not in the
 * headline), propose nothing for it, and list it in the digest until someone revokes the rule.
 */

export const SuppressionRule = z.object({
  clientKey: z.string(),
  lineKey: z.string(),
  clientName: z.string(),
  product: z.string(),
  kind: FindingKind,
  /** The gap rejected, in units (signed, the whole gap, not a capped step) and $/month. */
  delta: z.number(),
  monthlyImpactCents: z.number().int(),
  reason: RejectReason,
  rejectedBy: z.string(),
  rejectedAt: z.string(),
  proposalId: z.string(),
  revokedBy: z.string().optional(),
  revokedAt: z.string().optional(),
});
export type SuppressionRule = z.infer<typeof SuppressionRule>;

export const isActive = (r: SuppressionRule): boolean => r.revokedAt === undefined;

/**
 * Does an active rule cover tonight's gap? Only a gap in the same direction and no larger than
 * the one rejected: a person wrote off that much, not more. A gap that grows beyond it is asked
 * about again (the whole line re-opens and is proposed, since a proposal changes one quantity),
 * while the rule stays, so if it shrinks back it is written off again without asking.
 */
export function covers(rule: SuppressionRule | undefined, e: Pick<LedgerEntry, 'delta'>): boolean {
  if (!rule || !isActive(rule)) return false;
  return Math.sign(e.delta) === Math.sign(rule.delta) && Math.abs(e.delta) <= Math.abs(rule.delta);
}

/**
 * Applies the rules to the merged ledger, before tonight's proposals: a covered gap still waiting
 * for a decision (open, held, or proposed by an earlier email) becomes suppressed; a suppressed
 * one no longer covered (revoked, grown, or turned around) is open again.
 */
export function applySuppressions(entries: readonly LedgerEntry[], rules: readonly SuppressionRule[]): LedgerEntry[] {
  const ruleOf = new Map(rules.map((r) => [entryKey(r), r]));
  return entries.map((e) => {
    const covered = covers(ruleOf.get(entryKey(e)), e);
    if (covered && (e.status === 'open' || e.status === 'held' || e.status === 'proposed')) return { ...e, status: 'suppressed', proposalId: null };
    if (!covered && e.status === 'suppressed') return { ...e, status: 'open', proposalId: null };
    return e;
  });
}

/** The rule a rejection makes: the whole gap the proposal came from, in units and $/month. */
export function ruleFromRejection(
  p: { clientKey: string; lineKey: string; clientName: string; product: string; kind: z.infer<typeof FindingKind>; id: string; expectedQuantity: number; observedTotal: number; unitPriceCents: number },
  reason: RejectReason,
  by: string,
  at: string,
): SuppressionRule {
  const delta = p.observedTotal - p.expectedQuantity;
  return {
    clientKey: p.clientKey,
    lineKey: p.lineKey,
    clientName: p.clientName,
    product: p.product,
    kind: p.kind,
    delta,
    monthlyImpactCents: delta * p.unitPriceCents,
    reason,
    rejectedBy: by,
    rejectedAt: at,
    proposalId: p.id,
  };
}
