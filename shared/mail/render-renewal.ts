import { daysBetween } from '../domain/dates';
import type { LedgerEntry } from '../domain/ledger';
import type { CountPoint, RiskLevel } from '../domain/renewal-risk';
import { barChart, barChartText } from './chart';
import { html, oneLine, type HtmlValue } from './escape';
import { evidenceHtml, evidenceLine, gapText } from './findings';
import { longDate, money, perMonth, plural, quantity, shortDate } from './format';
import { COLORS, dataTable, emailDocument, footer, h1, h2, kpis, link, list, p, strong } from './layout';
import type { RenewalAlertModel, RenderedEmail } from './models';
import { healthHtml, healthText, marginText, opportunityText } from './renewal-health';
import { churnText, expansionText, nextSteps } from './renewal-signals';
import { bullet, textDocument, textSection } from './text';

/**
 * The vCIO's renewal alert, one per agreement term: when it ends, what is at stake, how risky
 * it looks and why, with the evidence behind each reason so it can be taken into the meeting.
 */

export const LEVEL: Record<RiskLevel, { word: string; color: string }> = {
  high: { word: 'High', color: COLORS.bad },
  medium: { word: 'Medium', color: COLORS.warnText },
  low: { word: 'Low', color: COLORS.good },
};
/** Enough points to show a direction without a wall of numbers. */
const TREND_POINTS = 8;

export function renderRenewalAlert(m: RenewalAlertModel): RenderedEmail {
  const cur = m.msp.currency;
  const a = m.alert;
  const level = LEVEL[m.risk.level];
  const subject = oneLine(`${level.word} renewal risk: ${a.clientName}, agreement ends in ${plural(a.daysLeft, 'day')} (${a.agreementName})`);
  const trend = thin(m.trend, TREND_POINTS);
  const first = trend[0];
  const last = trend.at(-1);
  const trendSummary =
    first && last && first !== last
      ? `Since ${longDate(first.runDate)}: devices ${quantity(first.devices)} \u2192 ${quantity(last.devices)} (${pctText(first.devices, last.devices)}), seats ${quantity(first.seats)} \u2192 ${quantity(last.seats)} (${pctText(first.seats, last.seats)}).`
      : noTrendText(m);
  const churn = m.risk.churn.length ? m.risk.churn.map((c) => churnText(c, cur)) : ['None in billing, usage or licences.'];
  const found = [...m.risk.expansion.map((e) => expansionText(e, cur)), ...(m.opportunities ?? []).map((o) => opportunityText(o, cur))];
  const expansion = found.length ? found : ['None found tonight.'];
  const early = a.earlyFor ? `This alert comes ${plural(a.daysLeft, 'day')} before the end, earlier than the usual window, because the client’s health is ${a.earlyFor}.` : null;
  const margin = marginText(m);
  const steps = nextSteps(m);
  const leakageCents = m.openLeakage.reduce((n, e) => n + e.monthlyImpactCents, 0);
  const overCents = m.overBilling.reduce((n, e) => n - e.monthlyImpactCents, 0);

  const entryRows = (entries: LedgerEntry[], sign: 1 | -1) =>
    entries.map((e) => [e.product, gapText(e), money(sign * e.monthlyImpactCents, cur), e.evidence.flatMap((ev, i) => [i ? '; ' : '', evidenceHtml(ev, 4)])]);
  const entryColumns = [{ label: 'Product' }, { label: 'Gap' }, { label: '$/month', align: 'right' as const }, { label: 'Evidence', optional: true }];

  const body: HtmlValue[] = [
    p(html`Renewal alert for ${a.clientName}`, true),
    h1(html`${a.clientName}: agreement ends in ${plural(a.daysLeft, 'day')}`),
    p(html`${strong(a.agreementUrl ? link(a.agreementUrl, a.agreementName) : a.agreementName)} ends on ${strong(longDate(a.endDate))}. ${perMonth(a.mrrCents, cur)} is at stake (${money(a.mrrCents * 12, cur)} a year).${margin ? ` ${margin}` : ''}`),
    early ? p(early, true) : null,
    m.qbrUrl ? p(html`${link(m.qbrUrl, 'Open the QBR pack')} (read-only, printable) for the meeting.`) : null,
    html`<p style="margin:8px 0 4px;font-size:18px;font-weight:bold;color:${level.color};">Risk: ${level.word.toUpperCase()}</p>`,
    p('Churn signals (these set the risk):', true),
    list(churn),
    p('Expansion opportunities:', true),
    list(expansion),
    h2('What to do next'),
    list(steps),
    kpis([
      { label: 'Ends', value: longDate(a.endDate), note: plural(a.daysLeft, 'day') + ' left' },
      { label: 'Monthly revenue', value: money(a.mrrCents, cur) },
      { label: 'Unbilled on the account', value: perMonth(leakageCents, cur), note: overCents > 0 ? `${perMonth(overCents, cur)} over-billed` : 'no over-billing' },
    ]),

    healthHtml(m),

    h2('Devices and seats over time'),
    p(trendSummary, true),
    trend.length > 1
      ? [
          barChart('Managed devices per night', trend.map((t) => ({ label: shortDate(t.runDate), value: t.devices, display: quantity(t.devices) }))),
          barChart('Licensed seats per night', trend.map((t) => ({ label: shortDate(t.runDate), value: t.seats, display: quantity(t.seats) }))),
        ]
      : null,

    h2(html`Unbilled work on the account (${m.openLeakage.length})`),
    m.openLeakage.length
      ? [p('Delivered but not billed: fold it into the renewal price.', true), dataTable('Open unbilled gaps for this client', entryColumns, entryRows(m.openLeakage, 1))]
      : p('None.', true),

    h2(html`Over-billing the client may dispute (${m.overBilling.length})`),
    m.overBilling.length
      ? [p('Billed for more than is in use: correct it before the renewal meeting, not during it.', true), dataTable('Lines billed above use', entryColumns, entryRows(m.overBilling, -1))]
      : p('None.', true),

    h2(html`Usage not mapped to the agreement (${m.unmapped.length})`),
    m.unmapped.length
      ? dataTable('In use, but on no line of the agreement', [{ label: 'Name' }, { label: 'What' }, { label: 'Source', optional: true }], m.unmapped.map((e) => [e.clientName, gapText(e), e.sourceId]))
      : p('None.', true),

    h2(html`Pax8 commitments near the renewal (${m.commitments.length})`),
    m.commitments.length
      ? dataTable(
          'Committed (NCE) licences: seats cannot go down before these dates',
          [{ label: 'Product' }, { label: 'Seats', align: 'right' }, { label: 'Commitment ends' }, { label: 'vs renewal', optional: true }],
          m.commitments.map((c) => [c.product, quantity(c.seats), longDate(c.endDate), relativeDays(daysBetween(a.endDate, c.endDate))]),
        )
      : p('No commitments end near the renewal.', true),
  ];

  const text = textDocument([
    `Renewal alert: ${a.clientName}`,
    [
      `${a.agreementName} ends on ${longDate(a.endDate)}: ${plural(a.daysLeft, 'day')} left.`,
      ...(a.agreementUrl ? [`The agreement in the PSA: ${a.agreementUrl}`] : []),
      `At stake: ${perMonth(a.mrrCents, cur)} (${money(a.mrrCents * 12, cur)} a year).`,
      ...(margin ? [margin] : []),
      ...(early ? [early] : []),
      ...(m.qbrUrl ? [`The QBR pack (read-only, printable): ${m.qbrUrl}`] : []),
      `Risk: ${level.word.toUpperCase()}`,
    ].join('\n'),
    textSection('Churn signals (these set the risk)', churn.map((r) => bullet(r))),
    textSection('Expansion opportunities', expansion.map((r) => bullet(r))),
    textSection('What to do next', steps.map((r) => bullet(r))),
    healthText(m),
    textSection('Devices and seats over time', [
      trendSummary,
      ...(trend.length > 1
        ? ['Devices:', ...barChartText(trend.map((t) => ({ label: shortDate(t.runDate), value: t.devices, display: quantity(t.devices) }))), 'Seats:', ...barChartText(trend.map((t) => ({ label: shortDate(t.runDate), value: t.seats, display: quantity(t.seats) })))]
        : []),
    ]),
    textSection(`Unbilled work on the account (${m.openLeakage.length})`, entryLines(m.openLeakage, 1, cur)),
    textSection(`Over-billing the client may dispute (${m.overBilling.length})`, entryLines(m.overBilling, -1, cur)),
    textSection(`Usage not mapped to the agreement (${m.unmapped.length})`, m.unmapped.length ? m.unmapped.map((e) => bullet(`${e.clientName} (${e.sourceId}): ${gapText(e)}`)) : ['None.']),
    textSection(
      `Pax8 commitments near the renewal (${m.commitments.length})`,
      m.commitments.length ? m.commitments.map((c) => bullet(`${c.product}: ${quantity(c.seats)} seats committed until ${longDate(c.endDate)} (${relativeDays(daysBetween(a.endDate, c.endDate))})`)) : ['None.'],
    ),
    `Sent by Trueup for ${m.msp.name}. One alert per agreement term: you will not get another for this one.`,
  ]);

  return {
    subject,
    html: emailDocument({
      title: subject,
      preheader: `${a.agreementName} ends ${longDate(a.endDate)}; ${perMonth(a.mrrCents, cur)} at stake. ${steps[0]}`,
      body,
      footer: footer(m.msp.name, 'You get one alert per agreement term, as the client’s vCIO.'),
    }),
    text,
  };
}

/** Why there is no trend yet, and what there is: tonight's counts and when a trend will exist. */
function noTrendText(m: RenewalAlertModel): string {
  const tonight = m.trend.at(-1);
  if (!tonight) return 'No devices or seats have been counted for this client yet, so there is no trend.';
  return `No trend yet: Trueup has counted this client only since ${longDate(tonight.runDate)} (${quantity(tonight.devices)} devices, ${quantity(tonight.seats)} seats). Each night is stored, so the client's trend builds from here.`;
}

function entryLines(entries: LedgerEntry[], sign: 1 | -1, cur: string): string[] {
  if (!entries.length) return ['None.'];
  return entries.flatMap((e) => [bullet(`${e.product}: ${gapText(e)}, ${perMonth(sign * e.monthlyImpactCents, cur)}`), ...e.evidence.map((ev) => bullet(evidenceLine(ev, 4), 2))]);
}

/** Evenly spaced points including the first and the last. */
function thin(points: CountPoint[], n: number): CountPoint[] {
  if (points.length <= n) return points;
  return Array.from({ length: n }, (_, i) => points[Math.round((i * (points.length - 1)) / (n - 1))]!);
}

function pctText(from: number, to: number): string {
  if (from === 0) return to === 0 ? 'no change' : 'new';
  const pct = Math.round(((to - from) / from) * 100);
  return pct === 0 ? 'no change' : `${pct > 0 ? '+' : '\u2212'}${Math.abs(pct)}%`;
}

function relativeDays(days: number): string {
  if (days === 0) return 'on the renewal date';
  return days < 0 ? `${plural(-days, 'day')} before renewal` : `${plural(days, 'day')} after renewal`;
}
