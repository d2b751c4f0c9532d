import type { LaborDigestSection } from './labor-section';
import type { DataQuality } from '../domain/data-quality';
import type { HealthPoint, HealthScore } from '../domain/health/score';
import type { Opportunity } from '../domain/opportunity';
import type { LedgerEntry, LedgerTotals } from '../domain/ledger';
import type { RenewalAlert } from '../domain/model';
import type { MonthResult } from '../domain/revenue';
import type { Commitment, CountPoint, RenewalRisk } from '../domain/renewal-risk';
import type { Blocked, Proposal } from '../domain/trueups';

/** What each email is rendered from. The use cases in shared/app gather it; shared/mail only renders. */

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface MspInfo {
  name: string;
  currency: string;
  timeZone: string;
}

export interface SourceFreshness {
  sourceId: string;
  kind: string;
  state: 'fresh' | 'stale' | 'failed';
  /** Run date of the newest snapshot stored for this source, if any. */
  lastSuccess: string | null;
  detail: string | null;
  quarantined: number;
}

export interface DecisionRecord {
  at: string;
  action: string;
  actor: string;
  clientName: string;
  product: string;
  outcome: string;
}

/** The newest night's data quality (shared/domain/data-quality.ts) and its sources' warnings. */
export interface DigestDataQuality {
  quality: DataQuality;
  /** Degraded lookups that did not stop a source's pull. */
  warnings: Array<{ sourceId: string; warnings: string[] }>;
}

export interface DigestModel {
  msp: MspInfo;
  /** Monday of the week the digest covers. */
  weekOf: string;
  /** Newest reconciled night the figures come from. */
  runDate: string;
  totals: LedgerTotals;
  previousTotals: LedgerTotals | null;
  /** Unbilled $/month at the end of each of the last weeks, oldest first. */
  trend: Array<{ weekOf: string; unbilledCents: number }>;
  /** Live entries (open, proposed, approved, applied, held): shared/domain/ledger.ts STATUS_TRAITS. */
  open: LedgerEntry[];
  newThisWeek: LedgerEntry[];
  recovered: { thisWeekCents: number; entries: LedgerEntry[] };
  sources: SourceFreshness[];
  decisions: DecisionRecord[];
  approvalsUrl: string;
  /** Null when the newest night left no data-quality record. */
  dataQuality: DigestDataQuality | null;
  /** The newest night's suggested client matches, each with its answer links once signed for a recipient. */
  suggestedMatches: SuggestedMatchView[];
  /** Nearest PSA clients of each unmatched organization (by its client key), best first. */
  matchCandidates: Record<string, Array<{ psaName: string; score: number }>>;
  /** Lines rejected with a reason and so written off (suppressed), each with its revoke link once signed for a recipient. */
  writtenOff: WrittenOffView[];
  /** The month before's revenue, in the first issue of each month (shared/mail/digest/sections-revenue.ts); absent otherwise. */
  revenue?: LastMonthRevenue;
  /** Labor leakage (shared/mail/labor-section.ts); absent or null when no PSA's tickets and time are read. */
  labor?: LaborDigestSection | null;
}

/** A month's MRR picture, or why there is none: the digest's "Last month's revenue". */
export interface LastMonthRevenue {
  /** YYYY-MM. */
  month: string;
  result: MonthResult;
}

export interface WrittenOffView {
  /** The rule's key and the rejection it came from: what a revoke link names. */
  ruleKey: string;
  rejectedAt: string;
  clientName: string;
  product: string;
  /** Tonight's gap on the line, in $/month (signed: negative for over-billing). */
  monthlyImpactCents: number;
  reason: string;
  rejectedBy: string;
  revokeUrl: string | null;
}

export interface SuggestedMatchView {
  memberKey: string;
  memberName: string;
  memberSourceId: string;
  psaKey: string;
  psaName: string;
  score: number;
  reason: string;
  /** Signed "Same client" / "Not the same" links; null until signed for one recipient. */
  links: { same: string; notSame: string } | null;
}

export interface RenewalAlertModel {
  msp: MspInfo;
  alert: RenewalAlert;
  risk: RenewalRisk;
  trend: CountPoint[];
  openLeakage: LedgerEntry[];
  overBilling: LedgerEntry[];
  unmapped: LedgerEntry[];
  commitments: Commitment[];
  /** Tonight's client health and its nightly scores, oldest first; absent for alerts raised before health was scored. */
  health?: { score: HealthScore; trend: HealthPoint[] };
  /** Licence gross margin a month at stake (the MRR picture); absent until that is wired, null when it could not be worked out. */
  marginCents?: number | null;
  /** Expansion opportunities from RMM and Pax8 usage; absent until the expansion signals are wired. */
  opportunities?: Opportunity[];
  /** The night's QBR pack for the client, signed into `qbrUrl` for the recipient when the alert is sent. */
  qbr?: { clientKey: string; runDate: string };
  qbrUrl?: string;
}

export interface FinanceBatchModel {
  msp: MspInfo;
  runDate: string;
  shadowMode: boolean;
  proposals: Array<{ proposal: Proposal; approveUrl: string; rejectUrl: string }>;
  clients: Array<{ clientKey: string; clientName: string; approveAllUrl: string; rejectAllUrl: string }>;
  blocked: Blocked[];
  /** Set when a night's proposals are split over several emails (whole clients per email). */
  part?: { index: number; count: number };
}
