import { addDays } from '../dates';
import type { AgreementCoverage, Ticket, TimeEntry, WorkPull } from '../work';
import { inCycle, lastClosedCycle, openCycle, type Cycle } from './cycle';
import { type LaborFinding, type LaborKind, type LaborUnjudged } from './model';
import { pricedEntry, sumAmounts, sumHours, type LaborRates } from './pricing';

/**
 * The four labor leakage rules over one PSA's work in the look-back window. Each time entry is
 * claimed by at most one finding (unbilled time, then out-of-scope, then closed without billing,
 * then overage), so no hour is counted twice. What the rules cannot judge is counted apart.
 *
 * Not findings (the traps): billable time already invoiced; non-billable time of a covered work
 * type; billable time inside the open cycle; a ticket closed with a billing code; an agreement
 * under its allowance; anything dated before the window.
 */

export interface LaborRules {
  /** The night's run date, in the MSP's calendar. */
  runDate: string;
  lookbackDays: number;
  cycleCloseDay: number;
  rates: LaborRates;
  /** Agreement type -> covered work types, for agreements whose PSA does not say. */
  coveredWorkTypes: Record<string, string[]>;
}

export interface LaborInput {
  sourceId: string;
  work: WorkPull;
  /** Client names by the PSA's client id. */
  clientNames: ReadonlyMap<string, string>;
  rules: LaborRules;
}

export interface LaborResult {
  findings: LaborFinding[];
  unjudged: LaborUnjudged;
  /** The window judged: work dated from `from` up to the run date. */
  window: { from: string; to: string };
}

interface Ctx extends LaborInput {
  from: string;
  open: Cycle;
  closed: Cycle;
  claimed: Set<string>;
  entries: TimeEntry[];
  unjudged: LaborUnjudged;
}

export function laborFindings(input: LaborInput): LaborResult {
  const { runDate, lookbackDays, cycleCloseDay } = input.rules;
  const from = addDays(runDate, -lookbackDays);
  const ctx: Ctx = {
    ...input,
    from,
    open: openCycle(runDate, cycleCloseDay),
    closed: lastClosedCycle(runDate, cycleCloseDay),
    claimed: new Set(),
    // Entries outside the window are not judged at all.
    entries: input.work.timeEntries.filter((e) => e.date >= from && e.date <= runDate),
    unjudged: { invoiceUnknown: 0, coverageUnknown: 0, billableUnknown: 0 },
  };
  // Billed or not, the PSA does not say: leakage cannot be judged from them, nor priced.
  ctx.unjudged.billableUnknown = ctx.entries.filter((e) => e.billable === 'unknown' && e.hours > 0).length;
  const findings = [...unbilledTime(ctx), ...outOfScope(ctx), ...closedUnbilled(ctx), ...blockOverage(ctx)];
  return { findings, unjudged: ctx.unjudged, window: { from, to: runDate } };
}

function finding(ctx: Ctx, kind: LaborKind, clientId: string, subject: LaborFinding['subject'], entries: LaborFinding['entries'], date: string, why: string): LaborFinding {
  const periodKey = subject.type === 'agreement-period' ? `:${date}` : '';
  return {
    key: `${kind}:${ctx.sourceId}:${subject.externalId}${periodKey}`,
    kind,
    sourceId: ctx.sourceId,
    clientKey: `${ctx.sourceId}:${clientId}`,
    clientName: ctx.clientNames.get(clientId) ?? clientId,
    subject,
    hours: sumHours(entries),
    amountCents: sumAmounts(entries),
    date,
    why,
    entries,
  };
}

const entrySubject = (e: TimeEntry): LaborFinding['subject'] => ({
  type: 'entry',
  externalId: e.externalId,
  label: `time entry ${e.externalId}${e.ticketExternalId ? ` on ticket ${e.ticketExternalId}` : ''}`,
  ...(e.ticketExternalId ? { ticketExternalId: e.ticketExternalId } : {}),
});

/** 1. Billable, dated before the open cycle began, on no invoice. */
function unbilledTime(ctx: Ctx): LaborFinding[] {
  const out: LaborFinding[] = [];
  for (const e of ctx.entries) {
    if (e.billable !== 'billable' || e.date >= ctx.open.start || e.hours <= 0) continue;
    if (e.invoiced === null) {
      ctx.unjudged.invoiceUnknown++;
      continue;
    }
    if (e.invoiced) continue;
    ctx.claimed.add(e.externalId);
    out.push(finding(ctx, 'unbilled-time', e.clientExternalId, entrySubject(e), [pricedEntry(e, ctx.rules.rates)], e.date, `billable ${e.workType ?? 'time'} from ${e.date}, before the cycle that closed on ${ctx.open.start}, on no invoice`));
  }
  return out;
}

/** The work types an agreement covers: the PSA's list, else config's for its type, else unknown (null). */
function coveredTypes(coverage: AgreementCoverage | undefined, byType: Record<string, string[]>): Set<string> | null {
  if (!coverage) return null;
  if (coverage.coveredWorkTypes) return new Set(coverage.coveredWorkTypes.map(norm));
  const type = coverage.agreementType ? norm(coverage.agreementType) : null;
  const configured = type ? Object.entries(byType).find(([k]) => norm(k) === type) : undefined;
  return configured ? new Set(configured[1].map(norm)) : null;
}

const norm = (s: string) => s.trim().toLowerCase();

/** 2. Time the agreement absorbed (covered, no charge) whose work type that agreement does not cover. */
function outOfScope(ctx: Ctx): LaborFinding[] {
  const coverage = new Map(ctx.work.coverage.map((c) => [c.agreementExternalId, c]));
  const out: LaborFinding[] = [];
  for (const e of ctx.entries) {
    if (ctx.claimed.has(e.externalId) || !e.agreementExternalId || e.hours <= 0 || e.billable === 'unknown') continue;
    // Billable time on an agreement is billed (rule 1 finds it if it is not); only absorbed time is judged here.
    if (!(e.coveredByAgreement || e.billable === 'no-charge') || e.billable === 'billable') continue;
    const types = coveredTypes(coverage.get(e.agreementExternalId), ctx.rules.coveredWorkTypes);
    if (!types || !e.workType) {
      ctx.unjudged.coverageUnknown++;
      continue;
    }
    if (types.has(norm(e.workType))) continue;
    ctx.claimed.add(e.externalId);
    const agreement = coverage.get(e.agreementExternalId)!;
    out.push(finding(ctx, 'out-of-scope', e.clientExternalId, entrySubject(e), [pricedEntry(e, ctx.rules.rates)], e.date, `${e.workType} absorbed by agreement ${agreement.agreementExternalId}${agreement.agreementType ? ` (${agreement.agreementType})` : ''}, which does not cover it`));
  }
  return out;
}

/** 3. Tickets closed in the window with unbilled time and no billing classification. */
function closedUnbilled(ctx: Ctx): LaborFinding[] {
  const byTicket = groupBy(ctx.entries, (e) => e.ticketExternalId);
  const out: LaborFinding[] = [];
  for (const t of ctx.work.tickets) {
    if (!closedInWindow(t, ctx) || t.billingCode) continue;
    // Billable time is billed (or found by rule 1) whatever the ticket says.
    const time = (byTicket.get(t.externalId) ?? []).filter((e) => !ctx.claimed.has(e.externalId) && e.billable !== 'billable' && e.billable !== 'unknown' && e.invoiced !== true && e.hours > 0);
    if (time.length === 0) continue;
    for (const e of time) ctx.claimed.add(e.externalId);
    const closedOn = t.closedAt!.slice(0, 10);
    const subject = { type: 'ticket' as const, externalId: t.externalId, label: `ticket ${t.externalId}${t.summary ? `: ${t.summary}` : ''}` };
    out.push(finding(ctx, 'closed-unbilled', t.clientExternalId, subject, time.map((e) => pricedEntry(e, ctx.rules.rates)), closedOn, `closed on ${closedOn} with ${sumHours(time)} h logged and no billing code`));
  }
  return out;
}

const closedInWindow = (t: Ticket, ctx: Ctx): boolean => t.closed && t.closedAt != null && t.closedAt.slice(0, 10) >= ctx.from && t.closedAt.slice(0, 10) <= ctx.rules.runDate;

/** 4. Hours charged to an agreement in its last closed period beyond its allowance, the excess not billed. */
function blockOverage(ctx: Ctx): LaborFinding[] {
  const byAgreement = groupBy(ctx.entries, (e) => e.agreementExternalId);
  const out: LaborFinding[] = [];
  for (const c of ctx.work.coverage) {
    const allowance = c.hoursAllowance;
    if (!allowance) continue;
    const period = allowancePeriod(allowance, ctx.closed);
    if (!period) continue;
    const used = (byAgreement.get(c.agreementExternalId) ?? []).filter((e) => inCycle(e.date, period)).sort((a, b) => a.date.localeCompare(b.date) || a.externalId.localeCompare(b.externalId));
    // An entry that may be billed past the allowance makes the unbilled excess unknowable (counted in billableUnknown).
    if (used.some((e) => e.billable === 'unknown' && e.hours > 0)) continue;
    const usedHours = sumHours(used);
    // Hours the PSA already bills past the agreement are the overage billed.
    const billedHours = sumHours(used.filter((e) => e.billable === 'billable'));
    const unbilled = Math.round((usedHours - allowance.hours - billedHours) * 100) / 100;
    if (unbilled <= 0) continue;
    const excess = lastHours(used.filter((e) => e.billable !== 'billable' && !ctx.claimed.has(e.externalId)), unbilled);
    if (excess.length === 0) continue;
    const last = addDays(period.end, -1);
    const subject = { type: 'agreement-period' as const, externalId: c.agreementExternalId, label: `agreement ${c.agreementExternalId}, ${period.start} to ${last}` };
    out.push(finding(ctx, 'block-overage', c.clientExternalId, subject, excess.map(([e, h]) => pricedEntry(e, ctx.rules.rates, h)), last, `${usedHours} h used against an allowance of ${allowance.hours} h (${period.start} to ${last}); ${unbilled} h over and not billed`));
  }
  return out;
}

/** The period an allowance is judged over: the last closed cycle for a monthly one, the whole block once it has ended. */
function allowancePeriod(a: NonNullable<AgreementCoverage['hoursAllowance']>, closed: Cycle): Cycle | null {
  if (a.period === 'month') return closed;
  if (!a.startDate || !a.endDate) return null;
  const end = addDays(a.endDate, 1);
  // A block still running is not closed: its hours may yet be within it.
  return end <= closed.end ? { start: a.startDate, end } : null;
}

/** The latest entries making up `hours`, the first of them cut to what is left. */
function lastHours(entries: TimeEntry[], hours: number): Array<[TimeEntry, number]> {
  const out: Array<[TimeEntry, number]> = [];
  let left = hours;
  for (const e of [...entries].reverse()) {
    if (left <= 0) break;
    const take = Math.min(e.hours, left);
    out.unshift([e, Math.round(take * 100) / 100]);
    left = Math.round((left - take) * 100) / 100;
  }
  return out;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (k == null) continue;
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
