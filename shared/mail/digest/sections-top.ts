import { longDate, money, perMonth, plural, shortDate, signedMoney } from '../format';
import { SUSPECT_NOTE } from '../data-quality';
import type { SourceFreshness } from '../models';
import { muted, type Block, type Section } from '../view';
import type { DigestFacts } from './facts';

/** Above the first heading: who and which week, a source that did not deliver or suspect data (before any figure), then the headline. */
export function topSection(f: DigestFacts): Section {
  const { m, cur } = f;
  const { problems, unknown, change, suspect } = f.head;
  const blocks: Block[] = [muted(`${m.msp.name} \u00b7 leakage digest \u00b7 week of ${longDate(m.weekOf)}`)];
  if (problems.length) {
    blocks.push({
      kind: 'notice',
      alarm: 'Data problem:',
      title: unknown ? 'unbilled revenue is not known this week' : `${plural(problems.length, 'source')} did not deliver`,
      items: problems.map((s) => sourceLine(s, m.runDate)),
      note: 'Findings that depend on these sources were not re-checked, so the figures below are incomplete. Missing data is not zero leakage.',
    });
  }
  if (suspect.length) blocks.push({ kind: 'notice', alarm: 'Suspect data', title: `on the night of ${longDate(m.runDate)}`, items: suspect, note: SUSPECT_NOTE });
  const changeSentence = unknown
    ? 'No comparison with last week: the data is incomplete.'
    : change === null
      ? 'The first digest: no earlier week to compare with.'
      : [{ strong: signedMoney(change, cur) }, ' since last week.'];
  blocks.push({
    kind: 'headline',
    title: unknown ? 'Unbilled revenue: not known' : `Unbilled: ${perMonth(m.totals.unbilledCents, cur)}`,
    summary: [changeSentence, ` Figures from the night of ${longDate(m.runDate)}.`],
    kpis: [
      { label: 'Not billed', value: unknown ? 'not known' : perMonth(m.totals.unbilledCents, cur), note: plural(f.leakage.length, 'open gap') },
      { label: 'Over-billed (dispute risk)', value: perMonth(m.totals.overbilledCents, cur), note: plural(f.overBilled.length, 'line') },
      { label: 'Recovered this week', value: perMonth(m.recovered.thisWeekCents, cur), note: plural(m.recovered.entries.length, 'true-up') },
    ],
  });
  return { title: null, blocks };
}

function sourceLine(s: SourceFreshness, runDate: string): string {
  const what = `${s.sourceId} (${s.kind}) ${s.state === 'failed' ? 'failed' : 'did not deliver'} on ${longDate(runDate)}${s.detail ? `: ${s.detail}` : ''}. `;
  return what + (s.lastSuccess ? `Its newest data is from ${longDate(s.lastSuccess)}.` : 'It has never delivered data.');
}

export function trendSection({ m, cur }: DigestFacts): Section | null {
  if (!m.trend.length) return null;
  const bars = m.trend.map((t) => ({ label: shortDate(t.weekOf), value: t.unbilledCents, display: money(t.unbilledCents, cur) }));
  return { title: 'Unbilled $/month, week by week', blocks: [{ kind: 'chart', caption: `Unbilled per month at the end of each of the last ${plural(bars.length, 'week')}`, bars }] };
}
