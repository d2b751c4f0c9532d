import type { HealthPoint, HealthScore } from '../domain/health/score';
import type { Opportunity } from '../domain/opportunity';
import { barChart, barChartText, type Bar } from './chart';
import { html, type HtmlValue } from './escape';
import { perMonth, shortDate } from './format';
import { COLOUR, COMPONENT_LABEL, componentFacts, componentLine, healthHeadline } from './health-text';
import { dataTable, h2, list, p } from './layout';
import type { RenewalAlertModel } from './models';
import { bullet, textSection } from './text';

/**
 * The renewal alert's client health: the score, each part with what it measured and what it
 * added, the parts that had no data, and the nightly scores. Absent health (an alert stored before
 * health was scored) renders nothing.
 */

/** Enough nights to show a direction. */
const TREND_POINTS = 8;

const scored = (trend: HealthPoint[]) => trend.filter((t): t is HealthPoint & { score: number } => t.score !== null);

function trendBars(trend: HealthPoint[]): Bar[] {
  const points = scored(trend);
  const step = Math.max(1, Math.ceil(points.length / TREND_POINTS));
  const shown = points.filter((_, i) => i % step === 0 || i === points.length - 1);
  return shown.map((t) => ({ label: shortDate(t.runDate), value: t.score, display: `${t.score} (${COLOUR[t.colour].word.toLowerCase()})` }));
}

function componentRows(h: HealthScore, cur: string): HtmlValue[][] {
  return h.components
    .filter((c) => c.score !== null)
    .sort((a, b) => b.weight - a.weight)
    .map((c) => [COMPONENT_LABEL[c.key], `${c.score}/100`, `${Math.round(c.share * 100)}%`, String(c.contribution), componentFacts(c.key, c.facts, cur)]);
}

export function healthHtml(m: RenewalAlertModel): HtmlValue {
  if (!m.health) return null;
  const { score: h, trend } = m.health;
  const cur = m.msp.currency;
  const missing = h.components.filter((c) => c.score === null);
  const bars = trendBars(trend);
  return [
    h2('Client health'),
    html`<p style="margin:0 0 8px;font-size:18px;font-weight:bold;color:${COLOUR[h.colour].color};">${healthHeadline(h)}</p>`,
    componentRows(h, cur).length
      ? dataTable('What makes up the score', [{ label: 'Part' }, { label: 'Score', align: 'right' }, { label: 'Weight', align: 'right' }, { label: 'Adds', align: 'right' }, { label: 'Measured', optional: true }], componentRows(h, cur))
      : null,
    missing.length ? [p('Not scored (no data; the others were re-weighted, nothing was assumed):', true), list(missing.map((c) => `${COMPONENT_LABEL[c.key]}: ${c.missing}.`))] : null,
    bars.length > 1 ? barChart('Health score per night', bars) : p('No health trend yet: scores are kept from tonight on.', true),
  ];
}

export function healthText(m: RenewalAlertModel): string | null {
  if (!m.health) return null;
  const { score: h, trend } = m.health;
  const bars = trendBars(trend);
  return textSection('Client health', [
    healthHeadline(h),
    ...h.components.map((c) => bullet(componentLine(c, m.msp.currency))),
    ...(bars.length > 1 ? ['Score per night:', ...barChartText(bars)] : ['No health trend yet: scores are kept from tonight on.']),
  ]);
}

export function opportunityText(o: Opportunity, cur: string): string {
  return `${o.title}${o.monthlyCents !== null ? ` (${perMonth(o.monthlyCents, cur)})` : ''}${o.detail ? `: ${o.detail}` : ''}`;
}

/** What is at stake beyond the agreement's revenue: the margin when the MRR picture gives one. */
export function marginText(m: RenewalAlertModel): string | null {
  if (m.marginCents === undefined) return null;
  return m.marginCents === null ? 'Margin: could not be worked out (no partner cost for some licences).' : `Margin: ${perMonth(m.marginCents, m.msp.currency)}.`;
}
