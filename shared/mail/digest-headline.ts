import { suspectLines } from './data-quality';
import { oneLine } from './escape';
import { perMonth, plural, signedMoney } from './format';
import type { DigestModel, SourceFreshness } from './models';

export interface DigestHeadline {
  /** Sources that did not deliver fresh data on the newest night. */
  problems: SourceFreshness[];
  /** Nothing counted while a source is missing: the figure is not known, not zero. */
  unknown: boolean;
  /** Change of unbilled $/month since last week; null when there is none to compare or it would be invented. */
  change: number | null;
  headline: string;
  changeText: string;
  suspect: string[];
  subject: string;
}

/** The digest's headline figures in words: the email's subject and the chat summaries say the same thing. */
export function digestHeadline(m: DigestModel): DigestHeadline {
  const cur = m.msp.currency;
  const problems = m.sources.filter((s) => s.state !== 'fresh');
  const unknown = problems.length > 0 && m.totals.unbilledCents === 0;
  // A change computed from a night with missing data would be invented, so none is shown.
  const change = m.previousTotals && !unknown ? m.totals.unbilledCents - m.previousTotals.unbilledCents : null;
  const headline = unknown ? 'Unbilled: not known' : `Unbilled ${perMonth(m.totals.unbilledCents, cur)}`;
  const changeText = unknown ? 'change not known' : change === null ? 'first week' : `${signedMoney(change, cur)} this week`;
  const suspect = suspectLines(m.dataQuality);
  const staleText = (problems.length ? `, ${plural(problems.length, 'source')} not fresh` : '') + (suspect.length ? ', suspect data' : '');
  const subject = oneLine(unknown ? `${headline}${staleText} \u2014 ${m.msp.name}` : `${headline} (${changeText})${staleText} \u2014 ${m.msp.name}`);
  return { problems, unknown, change, headline, changeText, suspect, subject };
}
