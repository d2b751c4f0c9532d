import { plural } from '../format';
import type { DigestModel } from '../models';
import type { EmailView, Section } from '../view';
import { digestFacts, type DigestFacts } from './facts';
import { dataQualitySection, freshnessSection } from './sections-data';
import { approvalsSection, notMatchedSection, suggestedSection, writtenOffSection } from './sections-decisions';
import { ageSection, newThisWeekSection, overBillingSection, recoveredSection, topClientsSection } from './sections-gaps';
import { laborSection } from './sections-labor';
import { lastMonthRevenueSection } from './sections-revenue';
import { topSection, trendSection } from './sections-top';

/**
 * The owner's weekly digest: what is not billed now and how that moved, how long each gap has
 * been costing money, who it is, what to fix before a client disputes it, what was won back,
 * what could not be matched, and whether the data behind it all was fresh. A source that did
 * not deliver is said at the top, so a quiet week is never mistaken for a clean one.
 *
 * To add a section: write `(f: DigestFacts) => Section | null` (null leaves it out that week;
 * read the model as `f.m`), and put it in DIGEST_SECTIONS where the owner should read it. Both
 * the HTML and the text part then show it (see view.ts for the blocks a section can hold).
 * New model fields go on DigestModel (models.ts) and are filled in shared/app/digest.ts.
 */
export type DigestSection = (f: DigestFacts) => Section | null;

export const DIGEST_SECTIONS: readonly DigestSection[] = [
  topSection,
  trendSection,
  lastMonthRevenueSection,
  newThisWeekSection,
  ageSection,
  topClientsSection,
  overBillingSection,
  recoveredSection,
  laborSection,
  writtenOffSection,
  approvalsSection,
  suggestedSection,
  notMatchedSection,
  dataQualitySection,
  freshnessSection,
];

export function buildDigestView(m: DigestModel): EmailView {
  const f = digestFacts(m);
  const { problems, suspect, changeText, subject } = f.head;
  const preheader = problems.length
    ? `Data problem: ${problems.map((s) => s.sourceId).join(', ')} did not deliver. ${changeText}.`
    : suspect.length
      ? `Suspect data: ${suspect[0]}. ${changeText}.`
      : `${changeText}; ${plural(f.newLeakage.length, 'new gap')}.`;
  return {
    subject,
    preheader,
    sections: DIGEST_SECTIONS.map((s) => s(f)).filter((s): s is Section => s !== null),
    footer: { mspName: m.msp.name, why: 'You get this digest every week as the owner.' },
  };
}
