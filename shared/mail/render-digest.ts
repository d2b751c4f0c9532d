import { costSoFar, countsAsUnbilled, daysOpen, isOverBilling, STATUS_TRAITS, type LedgerEntry } from '../domain/ledger';
import { FINDING_KINDS } from '../domain/model';
import { barChart, barChartText, type Bar } from './chart';
import { html, type HtmlValue } from './escape';
import { gapText } from './findings';
import { dateTime, longDate, money, perMonth, plural, quantity, shortDate, signedMoney } from './format';
import { ALL_CLEAR, qualityParts, SUSPECT_NOTE } from './data-quality';
import { digestHeadline } from './digest-headline';
import { dataTable, emailDocument, footer, h1, h2, h3, kpis, link, list, notice, p, strong } from './layout';
import type { DigestDataQuality, DigestModel, RenderedEmail, SourceFreshness, SuggestedMatchView, WrittenOffView } from './models';
import { bullet, textDocument, textSection } from './text';

/**
 * The owner's weekly digest: what is not billed now and how that moved, how long each gap has
 * been costing money, who it is, what to fix before a client disputes it, what was won back,
 * what could not be matched, and whether the data behind it all was fresh. A source that did
 * not deliver is said at the top, so a quiet week is never mistaken for a clean one.
 */

const TOP = 5;
/**
 * Longest list shown per section. Gmail clips a message past ~102 KB and hides the rest behind a
 * link; a 1,000-client MSP's full lists ran to 1.9 MB. What is cut is summed in one closing row.
 */
const MAX_ROWS = 15;
/** Each suggested match carries two signed links of some 400 characters: fewer rows keep the digest unclipped. */
const MAX_SUGGESTED_ROWS = 8;
const AGE_BUCKETS = [
  { label: 'Under a week', max: 6 },
  { label: '1 to 4 weeks', max: 29 },
  { label: '1 to 3 months', max: 89 },
  { label: 'Over 3 months', max: Infinity },
];

export function renderDigest(m: DigestModel): RenderedEmail {
  const cur = m.msp.currency;
  const { problems, unknown, change, changeText, suspect, subject } = digestHeadline(m);
  // Only what the headline counts (one definition, shared/domain/ledger.ts): new unmatched organizations are listed under "Not matched".
  const leakage = m.open.filter(countsAsUnbilled);
  const newLeakage = m.newThisWeek.filter(countsAsUnbilled);
  const overBilled = m.open.filter(isOverBilling).sort((a, b) => a.monthlyImpactCents - b.monthlyImpactCents);
  // Over-billing on a licence commitment cannot be reduced before the commitment ends.
  const locked = (e: LedgerEntry) => e.committedUntil !== null && e.committedUntil > m.runDate;
  const unmapped = m.open.filter((e) => FINDING_KINDS[e.kind].counts === 'estimate').sort((a, b) => b.monthlyImpactCents - a.monthlyImpactCents || b.observed - a.observed);
  const newGaps = capped(newLeakage, (rest) => perMonth(sum(rest, (e) => e.monthlyImpactCents), cur));
  const newSumCents = sum(newLeakage, (e) => e.monthlyImpactCents);
  const overShown = capped(overBilled, (rest) => perMonth(-sum(rest, (e) => e.monthlyImpactCents), cur));
  const recoveredShown = capped(m.recovered.entries, (rest) => perMonth(sum(rest, (e) => e.recoveredCents), cur));
  const unmappedShown = capped(unmapped, () => 'see the run report for the full list');
  // Each row carries a signed revoke link, so the list is kept as short as the suggested matches.
  // Written off is unbilled revenue given up; a rejected decrease keeps over-billing in place instead, said per row.
  const writtenOffShown = capped(m.writtenOff, (rest) => perMonth(sum(rest, (w) => Math.max(0, w.monthlyImpactCents)), cur), MAX_SUGGESTED_ROWS);
  const writtenOffCents = sum(m.writtenOff, (w) => Math.max(0, w.monthlyImpactCents));
  const writtenOffAmount = (cents: number) => (cents >= 0 ? money(cents, cur) : `${money(-cents, cur)} over-billed, kept`);
  const suggestedShown = capped(m.suggestedMatches, () => 'later digests list them as these are answered; the run report has them all', MAX_SUGGESTED_ROWS);
  const nearest = (e: LedgerEntry) => nearestText(m.matchCandidates[e.clientKey]);
  const clients = topClients(leakage);
  const ages = ageBuckets(leakage);
  const oldest = [...leakage].sort((a, b) => daysOpen(b) - daysOpen(a) || costSoFar(b) - costSoFar(a)).slice(0, TOP);
  const trend: Bar[] = m.trend.map((t) => ({ label: shortDate(t.weekOf), value: t.unbilledCents, display: money(t.unbilledCents, cur) }));

  const changeSentence = unknown
    ? 'No comparison with last week: the data is incomplete.'
    : change === null
      ? 'The first digest: no earlier week to compare with.'
      : `${signedMoney(change, cur)} since last week.`;

  const sourceLine = (s: SourceFreshness) =>
    `${s.sourceId} (${s.kind}) ${s.state === 'failed' ? 'failed' : 'did not deliver'} on ${longDate(m.runDate)}` +
    `${s.detail ? `: ${s.detail}` : ''}. ` +
    (s.lastSuccess ? `Its newest data is from ${longDate(s.lastSuccess)}.` : 'It has never delivered data.');
  const problemNote = problems.length
    ? 'Findings that depend on these sources were not re-checked, so the figures below are incomplete. Missing data is not zero leakage.'
    : null;

  const decisionsShown = capped(m.decisions, () => 'see the audit trail');
  const decisions = decisionsShown.shown.map((d) => ({
    when: dateTime(d.at, m.msp.timeZone),
    what: `${d.action} ${d.clientName ? `${d.clientName}, ` : ''}${d.product}`.trim(),
    who: d.actor,
    outcome: d.outcome,
  }));

  const body: HtmlValue[] = [
    p(html`${m.msp.name} &middot; leakage digest &middot; week of ${longDate(m.weekOf)}`, true),
    problems.length
      ? notice(
          unknown ? 'Data problem: unbilled revenue is not known this week' : `Data problem: ${plural(problems.length, 'source')} did not deliver`,
          html`${list(problems.map((s) => sourceLine(s)))}<p style="margin:0;">${problemNote}</p>`,
        )
      : null,
    suspect.length ? notice(`Suspect data on the night of ${longDate(m.runDate)}`, html`${list(suspect)}<p style="margin:0;">${SUSPECT_NOTE}</p>`) : null,
    h1(unknown ? 'Unbilled revenue: not known' : html`Unbilled: ${perMonth(m.totals.unbilledCents, cur)}`),
    p(
      html`${change === null ? changeSentence : html`${strong(signedMoney(change, cur))} since last week.`} Figures from the night of ${longDate(m.runDate)}.`,
      true,
    ),
    kpis([
      { label: 'Not billed', value: unknown ? 'not known' : perMonth(m.totals.unbilledCents, cur), note: plural(leakage.length, 'open gap') },
      { label: 'Over-billed (dispute risk)', value: perMonth(m.totals.overbilledCents, cur), note: plural(overBilled.length, 'line') },
      { label: 'Recovered this week', value: perMonth(m.recovered.thisWeekCents, cur), note: plural(m.recovered.entries.length, 'true-up') },
    ]),
    trend.length ? h2('Unbilled $/month, week by week') : null,
    trend.length ? barChart(`Unbilled per month at the end of each of the last ${plural(trend.length, 'week')}`, trend) : null,

    h2(html`New this week (${newLeakage.length})`),
    newLeakage.length
      ? [
          p(newThisWeekSentence(newSumCents, m.totals.unbilledCents, cur), true),
          dataTable(
            'Unbilled gaps first seen in the last seven days',
            [{ label: 'Client' }, { label: 'Product' }, { label: 'Billed / in use' }, { label: '$/month', align: 'right' }],
            [...newGaps.shown.map((e) => [e.clientName, e.product, countsText(e), money(e.monthlyImpactCents, cur)]), ...moreRow(newGaps, 4)],
          ),
        ]
      : p('No new unbilled gaps this week.', true),

    h2('How long gaps have been open'),
    leakage.length
      ? [
          dataTable(
            'Open unbilled gaps by age, with what they have cost since first seen',
            [{ label: 'Open for' }, { label: 'Gaps', align: 'right' }, { label: '$/month', align: 'right' }, { label: 'Cost so far', align: 'right' }],
            ages.map((a) => [a.label, String(a.count), money(a.monthlyCents, cur), money(a.accumulatedCents, cur)]),
          ),
          dataTable(
            'Oldest open gaps',
            [{ label: 'Client' }, { label: 'Product', optional: true }, { label: 'Days', align: 'right' }, { label: 'Cost so far', align: 'right' }],
            oldest.map((e) => [e.clientName, e.product, String(daysOpen(e)), money(costSoFar(e), cur)]),
          ),
        ]
      : p('No open unbilled gaps.', true),

    h2('Top clients by unbilled revenue'),
    clients.length
      ? dataTable(
          `The ${plural(clients.length, 'client')} with the most unbilled revenue`,
          [{ label: 'Client' }, { label: 'Gaps', align: 'right', optional: true }, { label: '$/month', align: 'right' }, { label: 'Cost so far', align: 'right' }],
          clients.map((c) => [c.clientName, String(c.count), money(c.monthlyCents, cur), money(c.accumulatedCents, cur)]),
        )
      : p('None.', true),

    h2(html`Over-billing (${overBilled.length})`),
    overBilled.length
      ? [
          p(
            `${perMonth(m.totals.overbilledCents, cur)} billed for more than is in use. Fix the rest before a client disputes it; a line whose licences are under a commitment is locked until the date shown and cannot be reduced before then.`,
            true,
          ),
          dataTable(
            'Lines billed for more than is in use',
            [{ label: 'Client' }, { label: 'Product' }, { label: 'Billed / in use' }, { label: '$/month', align: 'right' }],
            [
              ...overShown.shown.map((e) => [e.clientName, e.product, overText(e, locked(e)), money(-e.monthlyImpactCents, cur)]),
              ...moreRow(overShown, 4),
            ],
          ),
        ]
      : p('No over-billing found.', true),

    h2(html`Recovered: ${perMonth(m.recovered.thisWeekCents, cur)} this week`),
    m.recovered.entries.length
      ? dataTable(
          'True-ups applied in the PSA whose gap has now closed',
          [{ label: 'Client' }, { label: 'Product' }, { label: '$/month', align: 'right' }],
          [...recoveredShown.shown.map((e) => [e.clientName, e.product, money(e.recoveredCents, cur)]), ...moreRow(recoveredShown, 3)],
        )
      : p('Nothing recovered this week. Approving the true-ups in the finance email is how gaps close.', true),

    m.writtenOff.length ? h2(html`Written off: ${perMonth(writtenOffCents, cur)}`) : null,
    m.writtenOff.length
      ? [
          p(WRITTEN_OFF_NOTE, true),
          dataTable(
            'True-ups rejected with a reason, not counted above',
            [{ label: 'Client' }, { label: 'Product' }, { label: 'Why, by whom, since' }, { label: '$/month', align: 'right' }, { label: 'Undo' }],
            [
              ...writtenOffShown.shown.map((w) => [w.clientName, w.product, writtenOffWhy(w), writtenOffAmount(w.monthlyImpactCents), w.revokeUrl ? link(w.revokeUrl, 'Revoke') : 'revoke from the emailed digest']),
              ...moreRow(writtenOffShown, 5),
            ],
          ),
        ]
      : null,

    h2(html`Approvals this week (${m.decisions.length})`),
    decisions.length
      ? dataTable(
          'Decisions made from the finance email links',
          [{ label: 'When', optional: true }, { label: 'Decision' }, { label: 'By', optional: true }, { label: 'Outcome' }],
          [...decisions.map((d) => [d.when, d.what, d.who, d.outcome]), ...moreRow(decisionsShown, 4)],
        )
      : p('No true-up was approved or rejected this week.', true),

    m.suggestedMatches.length ? h2(html`Suggested matches (${m.suggestedMatches.length})`) : null,
    m.suggestedMatches.length
      ? [
          p(`${SUGGESTED_NOTE} Each link opens a page with both names and a confirm button.`, true),
          dataTable(
            'Names alike enough to ask about, not to match on their own',
            [{ label: 'In the RMM or Pax8' }, { label: 'PSA client' }, { label: 'Why', optional: true }, { label: 'Answer' }],
            [
              ...suggestedShown.shown.map((s) => [
                `${s.memberName} (${s.memberSourceId})`,
                s.psaName,
                s.reason,
                s.links ? html`${link(s.links.same, 'Same client')} &middot; ${link(s.links.notSame, 'Not the same')}` : 'answer from the emailed digest',
              ]),
              ...moreRow(suggestedShown, 4),
            ],
          ),
        ]
      : null,

    h2(html`Not matched (${unmapped.length})`),
    unmapped.length
      ? [
          p('These are in use but belong to no PSA client or billing line, so they are not counted above. Map them in the config (matching.overrides, recipes).', true),
          dataTable(
            'Organizations and products that match nothing in the PSA',
            [{ label: 'Name' }, { label: 'What' }, { label: 'Nearest PSA clients', optional: true }, { label: 'Source', optional: true }],
            [...unmappedShown.shown.map((e) => [e.clientName, gapText(e), nearest(e), e.sourceId]), ...moreRow(unmappedShown, 4)],
          ),
        ]
      : p('Everything in use matches a PSA client and a recipe.', true),

    m.dataQuality ? [h2('Data quality'), qualityHtml(m.dataQuality)] : null,

    h2('Data freshness'),
    dataTable(
      `Each source on the night of ${longDate(m.runDate)}`,
      [{ label: 'Source' }, { label: 'State' }, { label: 'Newest data' }, { label: 'Quarantined', align: 'right', optional: true }],
      m.sources.map((s) => [
        `${s.sourceId} (${s.kind})`,
        s.state === 'fresh' ? 'fresh' : strong(s.state === 'failed' ? 'FAILED' : 'STALE'),
        s.lastSuccess ? longDate(s.lastSuccess) : 'never',
        String(s.quarantined),
      ]),
    ),
    m.sources.some((s) => s.quarantined > 0) ? p('Quarantined records failed validation: they are listed in the run summary and never counted.', true) : null,
  ];

  const text = textDocument([
    `${m.msp.name}: leakage digest, week of ${longDate(m.weekOf)}`,
    problems.length ? textSection('DATA PROBLEM: read this first', [...problems.map((s) => bullet(sourceLine(s))), problemNote ?? '']) : null,
    suspect.length ? textSection(`SUSPECT DATA on the night of ${longDate(m.runDate)}`, [...suspect.map((l) => bullet(l)), SUSPECT_NOTE]) : null,
    [
      unknown ? 'Unbilled revenue: not known' : `Unbilled: ${perMonth(m.totals.unbilledCents, cur)}`,
      changeSentence,
      `Over-billed (dispute risk): ${perMonth(m.totals.overbilledCents, cur)}`,
      `Recovered this week: ${perMonth(m.recovered.thisWeekCents, cur)}`,
      `Figures from the night of ${longDate(m.runDate)}.`,
    ].join('\n'),
    trend.length ? textSection('Unbilled $/month, week by week', barChartText(trend)) : null,
    textSection(
      `New this week (${newLeakage.length})`,
      newLeakage.length
        ? [newThisWeekSentence(newSumCents, m.totals.unbilledCents, cur), ...newGaps.shown.map((e) => bullet(`${e.clientName}, ${e.product}: ${gapText(e)}, ${perMonth(e.monthlyImpactCents, cur)}`)), ...moreLine(newGaps)]
        : ['No new unbilled gaps this week.'],
    ),
    textSection(
      'How long gaps have been open',
      leakage.length
        ? [
            ...ages.map((a) => bullet(`${a.label}: ${plural(a.count, 'gap')}, ${perMonth(a.monthlyCents, cur)}, ${money(a.accumulatedCents, cur)} so far`)),
            'Oldest:',
            ...oldest.map((e) => bullet(`${e.clientName}, ${e.product}: ${daysOpen(e)} days, ${money(costSoFar(e), cur)} so far`, 2)),
          ]
        : ['No open unbilled gaps.'],
    ),
    textSection(
      'Top clients by unbilled revenue',
      clients.length ? clients.map((c) => bullet(`${c.clientName}: ${perMonth(c.monthlyCents, cur)} (${plural(c.count, 'gap')}), ${money(c.accumulatedCents, cur)} so far`)) : ['None.'],
    ),
    textSection(
      `Over-billing (${overBilled.length})`,
      overBilled.length
        ? [
            `${perMonth(m.totals.overbilledCents, cur)} billed for more than is in use. Fix the rest before a client disputes it; lines under a licence commitment are locked until the date shown.`,
            ...overShown.shown.map((e) => bullet(`${e.clientName}, ${e.product}: ${gapText(e)}, ${perMonth(-e.monthlyImpactCents, cur)}${locked(e) ? `, locked until ${longDate(e.committedUntil!)}` : ''}${STATUS_TRAITS[e.status].counted ? '' : ', held: not counted'}`)),
            ...moreLine(overShown),
          ]
        : ['No over-billing found.'],
    ),
    textSection(
      `Recovered: ${perMonth(m.recovered.thisWeekCents, cur)} this week`,
      m.recovered.entries.length ? [...recoveredShown.shown.map((e) => bullet(`${e.clientName}, ${e.product}: ${perMonth(e.recoveredCents, cur)}`)), ...moreLine(recoveredShown)] : ['Nothing recovered this week.'],
    ),
    m.writtenOff.length
      ? textSection(`Written off: ${perMonth(writtenOffCents, cur)}`, [
          WRITTEN_OFF_NOTE,
          ...writtenOffShown.shown.flatMap((w) => [bullet(`${w.clientName}, ${w.product}: ${w.monthlyImpactCents >= 0 ? perMonth(w.monthlyImpactCents, cur) : `${writtenOffAmount(w.monthlyImpactCents)} a month`}, ${writtenOffWhy(w)}`), ...(w.revokeUrl ? [`    Revoke: ${w.revokeUrl}`] : [])]),
          ...moreLine(writtenOffShown),
        ])
      : null,
    textSection(
      `Approvals this week (${m.decisions.length})`,
      decisions.length ? [...decisions.map((d) => bullet(`${d.when}: ${d.what}, by ${d.who}: ${d.outcome}`)), ...moreLine(decisionsShown)] : ['No true-up was approved or rejected this week.'],
    ),
    m.suggestedMatches.length
      ? textSection(`Suggested matches (${m.suggestedMatches.length})`, [
          `${SUGGESTED_NOTE} Each link opens a page with both names and a confirm button.`,
          ...suggestedShown.shown.flatMap(suggestedText),
          ...moreLine(suggestedShown),
        ])
      : null,
    textSection(
      `Not matched (${unmapped.length})`,
      unmapped.length
        ? [...unmappedShown.shown.map((e) => bullet(`${e.clientName} (${e.sourceId}): ${gapText(e)}${nearest(e) ? `; nearest PSA clients: ${nearest(e)}` : ''}`)), ...moreLine(unmappedShown)]
        : ['Everything in use matches a PSA client and a recipe.'],
    ),
    m.dataQuality ? textSection('Data quality', qualityText(m.dataQuality)) : null,
    textSection(
      'Data freshness',
      m.sources.map((s) =>
        bullet(`${s.sourceId} (${s.kind}): ${s.state === 'fresh' ? 'fresh' : s.state.toUpperCase()}, newest data ${s.lastSuccess ? longDate(s.lastSuccess) : 'never'}, ${s.quarantined} quarantined`),
      ),
    ),
    `Sent by Trueup for ${m.msp.name}. Amounts are per month unless marked otherwise.`,
  ]);

  return {
    subject,
    html: emailDocument({
      title: subject,
      preheader: problems.length
        ? `Data problem: ${problems.map((s) => s.sourceId).join(', ')} did not deliver. ${changeText}.`
        : suspect.length
          ? `Suspect data: ${suspect[0]}. ${changeText}.`
          : `${changeText}; ${plural(newLeakage.length, 'new gap')}.`,
      body,
      footer: footer(m.msp.name, 'You get this digest every week as the owner.'),
    }),
    text,
  };
}

function qualityHtml(d: DigestDataQuality): HtmlValue {
  const parts = qualityParts(d);
  return parts.length ? parts.map((q) => [h3(q.heading), list(q.lines), q.note ? p(q.note, true) : null]) : p(ALL_CLEAR, true);
}

function qualityText(d: DigestDataQuality): string[] {
  const parts = qualityParts(d);
  return parts.length ? parts.flatMap((q) => [`${q.heading}:`, ...q.lines.map((l) => bullet(l, 2)), ...(q.note ? [`  ${q.note}`] : [])]) : [ALL_CLEAR];
}

interface Capped<T> {
  shown: T[];
  /** "…and 12 more: $1,234/month", or null when nothing was cut. */
  more: string | null;
}

const SUGGESTED_NOTE = 'These names are alike, but not enough to match on their own; until you answer, their usage is listed under Not matched.';

function suggestedText(s: SuggestedMatchView): string[] {
  return [
    bullet(`${s.memberName} (${s.memberSourceId}) -> ${s.psaName}? ${s.reason}`),
    ...(s.links ? [`  Same client: ${s.links.same}`, `  Not the same: ${s.links.notSame}`] : []),
  ];
}

const nearestText = (candidates: DigestModel['matchCandidates'][string] | undefined): string =>
  (candidates ?? []).map((c) => `${c.psaName} (${c.score.toFixed(2)})`).join(', ');

function capped<T>(items: T[], restSummary: (rest: T[]) => string, max = MAX_ROWS): Capped<T> {
  const rest = items.slice(max);
  return { shown: items.slice(0, max), more: rest.length ? `\u2026and ${rest.length} more: ${restSummary(rest)}` : null };
}

/** The closing row of a cut table, its text in the first cell. */
const moreRow = (c: Capped<unknown>, columns: number): string[][] => (c.more ? [[c.more, ...Array<string>(columns - 1).fill('')]] : []);
const moreLine = (c: Capped<unknown>): string[] => (c.more ? [bullet(c.more)] : []);
const sum = <T>(items: T[], of: (item: T) => number) => items.reduce((n, x) => n + of(x), 0);

/** The counts behind a gap, short enough to keep their column at phone width. */
const countsText = (e: LedgerEntry): string => (e.kind === 'unbilled-usage' ? `none / ${quantity(e.observed)}` : `${quantity(e.billed)} / ${quantity(e.observed)}`);

const newThisWeekSentence = (newCents: number, totalCents: number, cur: string): string =>
  `${perMonth(newCents, cur)} of the ${perMonth(totalCents, cur)} unbilled is new this week.`;

interface ClientTotal {
  clientName: string;
  count: number;
  monthlyCents: number;
  accumulatedCents: number;
}

function topClients(entries: LedgerEntry[]): ClientTotal[] {
  const by = new Map<string, ClientTotal>();
  for (const e of entries) {
    const c = by.get(e.clientKey) ?? { clientName: e.clientName, count: 0, monthlyCents: 0, accumulatedCents: 0 };
    c.count++;
    c.monthlyCents += e.monthlyImpactCents;
    c.accumulatedCents += costSoFar(e);
    by.set(e.clientKey, c);
  }
  return [...by.values()].sort((a, b) => b.monthlyCents - a.monthlyCents).slice(0, TOP);
}

function ageBuckets(entries: LedgerEntry[]) {
  return AGE_BUCKETS.map((b, i) => {
    const min = i === 0 ? 0 : AGE_BUCKETS[i - 1]!.max + 1;
    const inBucket = entries.filter((e) => daysOpen(e) >= min && daysOpen(e) <= b.max);
    return {
      label: b.label,
      count: inBucket.length,
      monthlyCents: inBucket.reduce((n, e) => n + e.monthlyImpactCents, 0),
      accumulatedCents: inBucket.reduce((n, e) => n + costSoFar(e), 0),
    };
  });
}

const WRITTEN_OFF_NOTE = 'Rejected in the finance email with a reason: later nights propose nothing for these and they are not counted above. If a gap grows beyond what was rejected, finance is asked again. Revoke to count and propose it again from the next night.';

const writtenOffWhy = (w: WrittenOffView): string => `${w.reason}; by ${w.rejectedBy}, since ${longDate(w.rejectedAt.slice(0, 10))}`;

/** An over-billed line's counts; a held one (a commitment or suspect data holds its decrease) is listed but not counted. */
function overText(e: LedgerEntry, locked: boolean): string {
  const held = STATUS_TRAITS[e.status].counted ? '' : ', held: not counted';
  return `${countsText(e)}${locked ? `, locked until ${longDate(e.committedUntil!)}` : ''}${held}`;
}
