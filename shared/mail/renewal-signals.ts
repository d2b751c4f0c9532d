import { addDays } from '../domain/dates';
import type { HealthComponentKey } from '../domain/health/components';
import type { ChurnSignal, ExpansionSignal } from '../domain/renewal-risk';
import { longDate, money, perMonth, plural } from './format';
import { COMPONENT_LABEL, componentFacts } from './health-text';
import type { RenewalAlertModel } from './models';

/** The renewal alert's signals and next steps in words, every date in the emails' one format. */

const pctText = (n: number) => (n === 0 ? 'no change' : `${n > 0 ? '+' : '\u2212'}${Math.abs(n)}%`);

export function churnText(s: ChurnSignal, cur: string): string {
  switch (s.kind) {
    case 'shrinking':
      return `Shrinking: devices ${pctText(s.devicesPct)}, seats ${pctText(s.seatsPct)} since ${longDate(s.since)}.`;
    case 'over-billed':
      return `Over-billed ${perMonth(s.monthlyCents, cur)} on ${plural(s.lines, 'line')}: the client may dispute it at renewal.`;
    case 'health':
      return `Client health is ${s.colour} (${s.score}/100).`;
    case 'weak-component':
      return `${COMPONENT_LABEL[s.key]} (${s.score}/100): ${componentFacts(s.key, s.facts, cur)}`;
  }
}

export function expansionText(s: ExpansionSignal, cur: string): string {
  switch (s.kind) {
    case 'growing':
      return `Growing: devices ${pctText(s.devicesPct)}, seats ${pctText(s.seatsPct)} since ${longDate(s.since)}: room for a larger agreement.`;
    case 'unbilled':
      return `${perMonth(s.monthlyCents, cur)} of delivered work is not billed (${plural(s.gaps, 'gap')}): price it into the renewal.`;
    case 'unmapped':
      return `${plural(s.count, 'product or organization', 'products or organizations')} in use on no line of the agreement: add them to the new term.`;
  }
}

/** Health parts about the service desk: weak ones mean the tickets will come up in the meeting. */
const SERVICE_PARTS: readonly HealthComponentKey[] = ['ticketVolume', 'ticketTrend', 'slaBreaches', 'reopened'];

/** How long before the end the renewal meeting should have happened, leaving time to sign. */
const MEETING_LEAD_DAYS = 60;

/** What the vCIO does next, most urgent first. */
export function nextSteps(m: RenewalAlertModel): string[] {
  const cur = m.msp.currency;
  const { alert, risk } = m;
  const meetBy = addDays(alert.endDate, -MEETING_LEAD_DAYS);
  const steps = [alert.daysLeft > MEETING_LEAD_DAYS ? `Book the renewal meeting with ${alert.clientName} before ${longDate(meetBy)}.` : `Book the renewal meeting with ${alert.clientName} this week.`];
  for (const s of risk.churn) {
    if (s.kind === 'over-billed') steps.push(`Correct the over-billing (${perMonth(s.monthlyCents, cur)}) before the meeting: approve the decrease in the finance email or fix the line in the PSA.`);
    if (s.kind === 'shrinking') steps.push(`Ask what changed: the client has fewer devices or seats than on ${longDate(s.since)}.`);
  }
  const weak = new Set(risk.churn.flatMap((s) => (s.kind === 'weak-component' ? [s.key] : [])));
  if (SERVICE_PARTS.some((k) => weak.has(k)))
    steps.push('Go through the client\u2019s recent tickets with the service desk (volume, missed SLAs, reopened): expect them to come up in the meeting.');
  if (weak.has('overdueInvoices') || weak.has('daysToPay')) steps.push('Settle the overdue invoices with the client before the renewal is priced.');
  const unbilled = risk.expansion.find((s) => s.kind === 'unbilled');
  if (unbilled) steps.push(`Quote the renewal at the usage actually delivered: ${perMonth(unbilled.monthlyCents, cur)} more (${money(unbilled.monthlyCents * 12, cur)} a year).`);
  if (risk.expansion.some((s) => s.kind === 'unmapped')) steps.push('Add the unmapped products and organizations below to the new agreement.');
  const lastCommitment = m.commitments.at(-1);
  if (lastCommitment) steps.push(`Align the new term with the Pax8 commitments, the last ending ${longDate(lastCommitment.endDate)}.`);
  return steps;
}
