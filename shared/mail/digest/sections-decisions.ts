import { gapText } from '../findings';
import { dateTime, longDate, money, perMonth } from '../format';
import type { DigestModel, WrittenOffView } from '../models';
import { muted, type Block, type Section } from '../view';
import { capped, MAX_LINKED_ROWS, sum, type DigestFacts } from './facts';

/** The sections about what people decided or must decide: written off, approvals, suggested matches, what matched nothing. */

const WRITTEN_OFF_NOTE = 'Rejected in the finance email with a reason: later nights propose nothing for these and they are not counted above. If a gap grows beyond what was rejected, finance is asked again. Revoke to count and propose it again from the next night.';

/** Written off is unbilled revenue given up; a rejected decrease keeps over-billing in place instead, said per row. */
export function writtenOffSection({ m, cur }: DigestFacts): Section | null {
  if (!m.writtenOff.length) return null;
  const given = (w: WrittenOffView) => Math.max(0, w.monthlyImpactCents);
  const shown = capped(m.writtenOff, (rest) => perMonth(sum(rest, given), cur), MAX_LINKED_ROWS);
  const amount = (cents: number) => (cents >= 0 ? money(cents, cur) : `${money(-cents, cur)} over-billed, kept`);
  const why = (w: WrittenOffView) => `${w.reason}; by ${w.rejectedBy}, since ${longDate(w.rejectedAt.slice(0, 10))}`;
  return {
    title: `Written off: ${perMonth(sum(m.writtenOff, given), cur)}`,
    blocks: [
      muted(WRITTEN_OFF_NOTE),
      {
        kind: 'table',
        caption: 'True-ups rejected with a reason, not counted above',
        columns: [{ label: 'Client' }, { label: 'Product' }, { label: 'Why, by whom, since' }, { label: '$/month', align: 'right' }, { label: 'Undo' }],
        rows: shown.shown.map((w) => ({
          cells: [w.clientName, w.product, why(w), amount(w.monthlyImpactCents), w.revokeUrl ? { href: w.revokeUrl, label: 'Revoke' } : 'revoke from the emailed digest'],
          line: `${w.clientName}, ${w.product}: ${w.monthlyImpactCents >= 0 ? perMonth(w.monthlyImpactCents, cur) : `${amount(w.monthlyImpactCents)} a month`}, ${why(w)}`,
          extra: w.revokeUrl ? [`    Revoke: ${w.revokeUrl}`] : [],
        })),
        more: shown.more,
      },
    ],
  };
}

export function approvalsSection({ m }: DigestFacts): Section {
  const shown = capped(m.decisions, () => 'see the audit trail');
  const rows = shown.shown.map((d) => {
    const when = dateTime(d.at, m.msp.timeZone);
    const what = `${d.action} ${d.clientName ? `${d.clientName}, ` : ''}${d.product}`.trim();
    return { cells: [when, what, d.actor, d.outcome], line: `${when}: ${what}, by ${d.actor}: ${d.outcome}` };
  });
  const table: Block = {
    kind: 'table',
    caption: 'Decisions made from the finance email links',
    columns: [{ label: 'When', optional: true }, { label: 'Decision' }, { label: 'By', optional: true }, { label: 'Outcome' }],
    rows,
    more: shown.more,
  };
  return { title: `Approvals this week (${m.decisions.length})`, blocks: [rows.length ? table : muted('No true-up was approved or rejected this week.')] };
}

const SUGGESTED_NOTE = 'These names are alike, but not enough to match on their own; until you answer, their usage is listed under Not matched.';

export function suggestedSection({ m }: DigestFacts): Section | null {
  if (!m.suggestedMatches.length) return null;
  const shown = capped(m.suggestedMatches, () => 'later digests list them as these are answered; the run report has them all', MAX_LINKED_ROWS);
  return {
    title: `Suggested matches (${m.suggestedMatches.length})`,
    blocks: [
      muted(`${SUGGESTED_NOTE} Each link opens a page with both names and a confirm button.`),
      {
        kind: 'table',
        caption: 'Names alike enough to ask about, not to match on their own',
        columns: [{ label: 'In the RMM or Pax8' }, { label: 'PSA client' }, { label: 'Why', optional: true }, { label: 'Answer' }],
        rows: shown.shown.map((s) => ({
          cells: [
            `${s.memberName} (${s.memberSourceId})`,
            s.psaName,
            s.reason,
            s.links ? [{ href: s.links.same, label: 'Same client' }, ' \u00b7 ', { href: s.links.notSame, label: 'Not the same' }] : 'answer from the emailed digest',
          ],
          line: `${s.memberName} (${s.memberSourceId}) -> ${s.psaName}? ${s.reason}`,
          extra: s.links ? [`  Same client: ${s.links.same}`, `  Not the same: ${s.links.notSame}`] : [],
        })),
        more: shown.more,
      },
    ],
  };
}

export function notMatchedSection({ m, unmapped }: DigestFacts): Section {
  const shown = capped(unmapped, () => 'see the run report for the full list');
  const nearest = (key: string) => nearestText(m.matchCandidates[key]);
  const blocks: Block[] = unmapped.length
    ? [
        muted('These are in use but belong to no PSA client or billing line, so they are not counted above. Map them in the config (matching.overrides, recipes).'),
        {
          kind: 'table',
          caption: 'Organizations and products that match nothing in the PSA',
          columns: [{ label: 'Name' }, { label: 'What' }, { label: 'Nearest PSA clients', optional: true }, { label: 'Source', optional: true }],
          rows: shown.shown.map((e) => ({
            cells: [e.clientName, gapText(e), nearest(e.clientKey), e.sourceId],
            line: `${e.clientName} (${e.sourceId}): ${gapText(e)}${nearest(e.clientKey) ? `; nearest PSA clients: ${nearest(e.clientKey)}` : ''}`,
          })),
          more: shown.more,
        },
      ]
    : [muted('Everything in use matches a PSA client and a recipe.')];
  return { title: `Not matched (${unmapped.length})`, blocks };
}

const nearestText = (candidates: DigestModel['matchCandidates'][string] | undefined): string =>
  (candidates ?? []).map((c) => `${c.psaName} (${c.score.toFixed(2)})`).join(', ');
