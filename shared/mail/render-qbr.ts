import type { HealthScore } from '../domain/health/score';
import type { QbrPack } from '../domain/qbr';
import { html, type HtmlValue, SafeHtml } from './escape';
import { longDate, money, perMonth, plural, quantity, shortDate } from './format';
import { COLOUR, COMPONENT_LABEL, componentFacts, healthHeadline } from './health-text';
import { opportunityText } from './renewal-health';
import { webPage } from './web-page';

/**
 * The QBR pack as one printable page: the same document for the read-only link, `trueup qbr`
 * and its PDF. Classes only (the link's Content-Security-Policy allows this stylesheet by its
 * hash and no style attributes), so bar widths come in steps of 5% from the stylesheet.
 */

const STEPS = Array.from({ length: 21 }, (_, i) => i * 5);

export const QBR_STYLE = `
body { margin: 0; background: #f3f4f6; color: #1f2937; font: 15px/1.45 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 820px; margin: 0 auto; padding: 24px 16px; }
header { margin: 0 0 16px; }
h1 { font-size: 26px; line-height: 1.2; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 8px; }
.muted { color: #4b5563; font-size: 13px; }
.card { background: #fff; border: 1px solid #d1d5db; border-radius: 8px; padding: 16px 20px; margin: 0 0 14px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 0 0 14px; }
.kpi { background: #fff; border: 1px solid #d1d5db; border-radius: 8px; padding: 10px 14px; }
.kpi .label { color: #4b5563; font-size: 13px; margin: 0; }
.kpi .value { font-size: 22px; font-weight: bold; margin: 0; }
.green { color: #166534; } .yellow { color: #7c2d12; } .red { color: #991b1b; } .unknown { color: #4b5563; }
table { width: 100%; border-collapse: collapse; margin: 0 0 8px; }
caption { text-align: left; color: #4b5563; font-size: 13px; padding: 0 0 4px; }
th, td { text-align: left; padding: 5px 8px 5px 0; border-bottom: 1px solid #e5e7eb; vertical-align: top; font-size: 14px; }
th { color: #4b5563; }
td.num, th.num { text-align: right; white-space: nowrap; }
.bar { background: #e5e7eb; height: 10px; border-radius: 2px; min-width: 80px; }
.bar span { display: block; height: 10px; background: #2563eb; border-radius: 2px; }
${STEPS.map((w) => `.w${w} { width: ${w}%; }`).join(' ')}
ul { margin: 0 0 8px; padding-left: 20px; }
footer { color: #4b5563; font-size: 12px; margin: 16px 0 0; }
@page { size: A4; margin: 14mm; }
@media print {
  body { background: #fff; font-size: 12px; }
  main { max-width: none; padding: 0; }
  .card, .kpi { border-color: #9ca3af; break-inside: avoid; }
  .bar span { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;

/** A constant of this file, not data: in verbatim so the hash in the endpoint's policy matches. */
const STYLESHEET = new SafeHtml(QBR_STYLE);

const step = (value: number, max: number) => (max <= 0 || value <= 0 ? 0 : Math.max(5, Math.round((value / max) * 20) * 5));
const bar = (value: number, max: number) => html`<div class="bar"><span class="w${step(value, max)}"></span></div>`;
const classWords = (c: string) => c.charAt(0) + c.slice(1).toLowerCase().replaceAll('_', ' ');
const AGE_WORDS = { 'under-1y': 'Under a year', '1-3y': '1 to 3 years', '3y-plus': '3 years or more', unknown: 'Not known' } as const;

function kpis(pack: QbrPack, cur: string): SafeHtml {
  const h = pack.health;
  const cell = (label: string, value: HtmlValue, cls = '') => html`<div class="kpi"><p class="label">${label}</p><p class="value${cls ? ` ${cls}` : ''}">${value}</p></div>`;
  return html`<section class="kpis">
${cell('Health', h && h.score !== null ? `${h.score}/100 ${COLOUR[h.colour].word.toLowerCase()}` : 'not scored', h?.colour ?? 'unknown')}
${cell('Monthly recurring revenue', money(pack.mrrCents, cur))}
${pack.marginCents !== undefined ? cell('Margin', pack.marginCents === null ? 'not known' : perMonth(pack.marginCents, cur)) : ''}
${cell('Renewal', pack.renewal ? `${longDate(pack.renewal.endDate)}` : 'no end date')}
</section>`;
}

function healthCard(h: HealthScore | null, pack: QbrPack, cur: string): SafeHtml {
  if (!h) return html`<section class="card"><h2>Health</h2><p>Not scored: the client was not matched tonight.</p></section>`;
  const scored = h.components.filter((c) => c.score !== null).sort((a, b) => b.weight - a.weight);
  const missing = h.components.filter((c) => c.score === null);
  const trend = pack.healthTrend.filter((t) => t.score !== null).slice(-12);
  return html`<section class="card"><h2>Health and its drivers</h2>
<p class="${h.colour}">${healthHeadline(h)}</p>
${scored.length ? html`<table><caption>Each part's score, its weight in the score and the points it adds</caption><thead><tr><th>Part</th><th class="num">Score</th><th class="num">Weight</th><th class="num">Adds</th><th>Measured</th></tr></thead>
<tbody>${scored.map((c) => html`<tr><td>${COMPONENT_LABEL[c.key]}</td><td class="num">${c.score}</td><td class="num">${Math.round(c.share * 100)}%</td><td class="num">${c.contribution}</td><td>${componentFacts(c.key, c.facts, cur)}</td></tr>`)}</tbody></table>` : ''}
${missing.length ? html`<p class="muted">Not scored (no data; the rest were re-weighted, nothing was assumed):</p><ul>${missing.map((c) => html`<li>${COMPONENT_LABEL[c.key]}: ${c.missing}.</li>`)}</ul>` : ''}
${trend.length > 1 ? html`<table><caption>Health score per night</caption><tbody>${trend.map((t) => html`<tr><td>${shortDate(t.runDate)}</td><td>${bar(t.score!, 100)}</td><td class="num">${t.score}</td></tr>`)}</tbody></table>` : html`<p class="muted">No health trend yet: scores are kept night by night from the first.</p>`}
</section>`;
}

function seatsCard(pack: QbrPack): SafeHtml {
  if (!pack.seats.length) return html`<section class="card"><h2>Seats billed against used</h2><p>No billed line or usage was counted for this client.</p></section>`;
  return html`<section class="card"><h2>Seats billed against used</h2><table><thead><tr><th>Product</th><th class="num">Billed</th><th class="num">In use</th><th class="num">Difference</th></tr></thead>
<tbody>${pack.seats.map((s) => html`<tr><td>${s.product}</td><td class="num">${quantity(s.billed)}</td><td class="num">${quantity(s.used)}</td><td class="num">${s.used === s.billed ? 'even' : `${s.used > s.billed ? '+' : '\u2212'}${quantity(Math.abs(s.used - s.billed))}`}</td></tr>`)}</tbody></table></section>`;
}

function devicesCard(pack: QbrPack): SafeHtml {
  const d = pack.devices;
  if (d.total === 0) return html`<section class="card"><h2>Devices</h2><p>No managed devices were counted for this client.</p></section>`;
  const max = Math.max(...d.byClass.map((c) => c.count));
  return html`<section class="card"><h2>Devices (${quantity(d.total)})</h2>
<table><caption>By class</caption><tbody>${d.byClass.map((c) => html`<tr><td>${classWords(c.deviceClass)}</td><td>${bar(c.count, max)}</td><td class="num">${quantity(c.count)}</td></tr>`)}</tbody></table>
<table><caption>By time under management (since each device was first counted; the RMM states no purchase date)</caption><tbody>${d.byAge.map((a) => html`<tr><td>${AGE_WORDS[a.bucket]}</td><td>${bar(a.count, d.total)}</td><td class="num">${quantity(a.count)}</td></tr>`)}</tbody></table>
</section>`;
}

function ticketsCard(pack: QbrPack): SafeHtml {
  const t = pack.tickets;
  const title = html`<h2>Tickets this quarter (${pack.quarter.label}, ${shortDate(pack.quarter.from)} to ${shortDate(pack.quarter.to)})</h2>`;
  if (!t) return html`<section class="card">${title}<p>Not available: the PSA\u2019s tickets were not read.</p></section>`;
  const known = (n: number | null, words: string) => (n === null ? `${words}: the PSA does not say` : `${plural(n, 'ticket')} ${words}`);
  return html`<section class="card">${title}<ul>
<li>${plural(t.opened, 'ticket')} opened, ${t.closed} closed; ${t.open} open now.</li>
<li>${known(t.slaBreached, 'missed their SLA')}.</li>
<li>${known(t.reopened, 'reopened')}.</li>
</ul></section>`;
}

function opportunitiesCard(pack: QbrPack, cur: string): SafeHtml {
  const body =
    pack.opportunities === undefined
      ? html`<p class="muted">Not looked for in this pack.</p>`
      : pack.opportunities.length
        ? html`<ul>${pack.opportunities.map((o) => html`<li>${opportunityText(o, cur)}</li>`)}</ul>`
        : html`<p>None found.</p>`;
  return html`<section class="card"><h2>Opportunities</h2>${body}</section>`;
}

export interface QbrPageContext {
  mspName: string;
  currency: string;
}

/** The whole document, with its stylesheet; the approval endpoint allows that stylesheet by hash. */
export function renderQbrPage(pack: QbrPack, ctx: QbrPageContext): string {
  const cur = ctx.currency;
  const renewal = pack.renewal
    ? html`<p>${pack.renewal.agreementName} ends on <strong>${longDate(pack.renewal.endDate)}</strong>, in ${plural(pack.renewal.daysLeft, 'day')}.</p>`
    : html`<p>No active agreement states an end date.</p>`;
  const body = html`<header><h1>${pack.clientName}</h1><p class="muted">Quarterly business review, ${pack.quarter.label}. Figures as of ${longDate(pack.runDate)}, from ${ctx.mspName}\u2019s PSA, RMM and licences.</p></header>
${kpis(pack, cur)}
${healthCard(pack.health, pack, cur)}
<section class="card"><h2>Renewal</h2>${renewal}<p>Monthly recurring revenue: ${perMonth(pack.mrrCents, cur)} (${money(pack.mrrCents * 12, cur)} a year)${pack.marginCents !== undefined ? `; margin ${pack.marginCents === null ? 'not known' : perMonth(pack.marginCents, cur)}` : ''}.</p></section>
${seatsCard(pack)}
${devicesCard(pack)}
${ticketsCard(pack)}
${opportunitiesCard(pack, cur)}
<footer>Prepared by Trueup for ${ctx.mspName}. Read-only; print or save as PDF from the browser.</footer>`;
  return webPage(`${pack.clientName}: quarterly business review, ${pack.quarter.label}`, STYLESHEET, body).value;
}
