import { countsAsUnbilled } from '../domain/ledger';
import { digestHeadline } from '../mail/digest-headline';
import { gapText } from '../mail/findings';
import { longDate, perMonth, plural } from '../mail/format';
import type { DigestModel } from '../mail/models';
import { MAX_ITEMS, openableLink, type AlertItem, type AlertMessage } from './message';

/** How many of the week's new gaps the summary names; the email lists the rest. */
const NEW_GAPS_SHOWN = 5;

/**
 * The owner's digest in a few lines: its headline figures (digestHeadline, as in the email's
 * subject), any source that did not deliver, and the largest new gaps. Signed answer links name
 * one recipient, so they stay in the emails and are never posted to a shared channel.
 */
export function digestMessage(m: DigestModel): AlertMessage {
  const cur = m.msp.currency;
  const h = digestHeadline(m);
  const newGaps = m.newThisWeek.filter(countsAsUnbilled).sort((a, b) => b.monthlyImpactCents - a.monthlyImpactCents);
  const problems: AlertItem[] = h.problems.map((s) => ({
    heading: `Data problem: ${s.sourceId} (${s.kind})`,
    text: `${s.state === 'failed' ? 'Failed' : 'Did not deliver'} on ${longDate(m.runDate)}${s.detail ? `: ${s.detail}` : ''}. Missing data is not zero leakage.`,
  }));
  const suspect: AlertItem[] = h.suspect.length ? [{ heading: 'Suspect data', text: h.suspect.join('\n') }] : [];
  const gaps: AlertItem[] = newGaps.slice(0, NEW_GAPS_SHOWN).map((e) => {
    const link = openableLink(`Open in ${e.evidence[0]?.sourceId ?? 'the source'}`, e.evidence.find((ev) => ev.url)?.url);
    return { heading: `New: ${e.clientName}, ${e.product}`, text: `${gapText(e)}: ${perMonth(e.monthlyImpactCents, cur)}`, ...(link ? { link } : {}) };
  });
  const items = [...problems, ...suspect, ...gaps].slice(0, MAX_ITEMS);
  const left = problems.length + suspect.length + newGaps.length - items.length;
  return {
    title: `Weekly digest: ${h.subject}`,
    facts: [
      { label: 'Not billed', value: h.unknown ? 'not known' : perMonth(m.totals.unbilledCents, cur) },
      { label: 'Change', value: h.changeText },
      { label: 'Over-billed', value: perMonth(m.totals.overbilledCents, cur) },
      { label: 'New this week', value: plural(newGaps.length, 'gap') },
      { label: 'Won back this week', value: perMonth(m.recovered.thisWeekCents, cur) },
      { label: 'Figures from', value: longDate(m.runDate) },
    ],
    items,
    ...(left > 0 ? { more: `${plural(left, 'more new gap')} in the emailed digest.` } : {}),
    links: [],
  };
}
